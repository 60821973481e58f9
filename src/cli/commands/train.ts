import { addClassifierOptions } from '../classifier-options.js';
import { addInputOptions } from '../input-options.js';
import type { RegisterCommand } from './context.js';

export const registerTrain: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('train')
    .description('fit the lexical model on your labelled conversations (JSONL/JSON/CSV with a "label")')
    .argument('<files...>', 'labelled conversations (FORMATS.md fixtures)')
    .requiredOption('-o, --out <file>', 'where to write the model (JSON)')
    .option('--dev <file...>', 'labelled conversations to measure the new model on')
    .option('--epochs <n>', 'training passes over the data')
    .option('--seed <n>', 'seed of the training order (same data and seed → same bytes)')
    .option('--json', 'print the training report as JSON');
  addClassifierOptions(addInputOptions(cmd)).action(async (files: string[], opts) =>
    ctx.run(async () => (await import('../train.js')).runTrain(files, opts, ctx.io)),
  );
};
