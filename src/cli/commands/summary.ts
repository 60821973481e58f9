import { addClassifierOptions, addWorkersOption } from '../classifier-options.js';
import { addInputOptions } from '../input-options.js';
import type { RegisterCommand } from './context.js';

export const registerSummary: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('summary', { isDefault: true })
    .description('summarise a run: labels × priority, languages, channels, trend, the triage queue, churn risks, top reasons; in a terminal, an interactive dashboard (default command)')
    .argument('[files...]', 'input files; - or nothing for stdin')
    .option('--json', 'print the summary as JSON (schema convo-triage/summary@1)')
    .option('--top <n>', 'conversations in the triage queue and churn list', '20')
    .option('--group-by <field>', 'add counts per label, language, channel or priority')
    .option('--merge', 'the files are summaries (--json) of shards: merge them into one')
    .option('--records', 'the files are records made by `triage classify` (JSONL): summarise them without classifying again')
    .option('--no-tui', 'print the static summary even in a terminal (pipes, CI and TERM=dumb always get it)');
  addClassifierOptions(addWorkersOption(addInputOptions(cmd))).action(async (files: string[], opts) =>
    ctx.run(async () => (await import('../summary.js')).runSummary(files, opts, ctx.io)),
  );
};
