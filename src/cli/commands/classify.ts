import { Option } from 'commander';
import { addClassifierOptions, addWorkersOption } from '../classifier-options.js';
import { addInputOptions } from '../input-options.js';
import type { RegisterCommand } from './context.js';

export const registerClassify: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('classify')
    .description('classify every conversation: one record each, in input order')
    .argument('[files...]', 'input files; - or nothing for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['jsonl', 'json', 'csv']).default('jsonl'))
    .option('-o, --output <file>', 'write records to a file (atomically) instead of stdout')
    .option('--csv-formulas', 'do not neutralise cells that spreadsheets read as formulas');
  addClassifierOptions(addWorkersOption(addInputOptions(cmd))).action(async (files: string[], opts) =>
    ctx.run(async () => (await import('../classify.js')).runClassify(files, opts, ctx.io)),
  );
};
