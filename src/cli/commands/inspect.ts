import { addInputOptions } from '../input-options.js';
import type { RegisterCommand } from './context.js';

export const registerInspect: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('inspect')
    .description('show how each file was read: layout, field mapping, counts by role, the first conversation')
    .argument('<files...>', 'input files')
    .option('--json', 'print the report as JSON');
  addInputOptions(cmd).action(async (files: string[], opts) => ctx.run(async () => (await import('../inspect.js')).runInspect(files, opts, ctx.io)));
};
