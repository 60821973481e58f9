import { addClassifierOptions } from '../classifier-options.js';
import { addInputOptions } from '../input-options.js';
import type { RegisterCommand } from './context.js';

export const registerExplain: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('explain')
    .description('why one conversation got its label: matched words, scores, runner-up, triage reasons')
    .argument('[files...]', 'input files; - or nothing for stdin')
    .requiredOption('--id <id>', 'the conversation to explain')
    .option('--json', 'print the explanation as JSON');
  addClassifierOptions(addInputOptions(cmd)).action(async (files: string[], opts) =>
    ctx.run(async () => (await import('../explain.js')).runExplain(files, opts, ctx.io)),
  );
};
