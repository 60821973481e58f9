import { addClassifierOptions } from '../classifier-options.js';
import { addInputOptions } from '../input-options.js';
import type { RegisterCommand } from './context.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const registerCheck: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('check')
    .description('CI quality gate: classify labelled fixtures, report metrics, fail below thresholds or on a regression')
    .argument('<files...>', 'labelled fixtures (JSONL, JSON or CSV with a "label"; FORMATS.md)')
    .option('--min-accuracy <share>', 'fail when accuracy is below this (0-1)')
    .option('--min-macro-f1 <share>', 'fail when macro-F1 is below this (0-1)')
    .option('--min-recall <label=share>', 'fail when a label\'s recall is below this, e.g. support=0.8 (repeatable)', collect)
    .option('--max-needs-review <share>', 'fail when more than this share is flagged for review (0-1)')
    .option('--baseline <file>', 'fail when any metric drops more than --tolerance below this recorded run')
    .option('--tolerance <share>', 'how far a metric may drop below the baseline (default 0.01)')
    .option('--write-baseline [file]', 'record this run\'s metrics as the baseline (to FILE, or to --baseline)')
    .option('--config <file>', 'thresholds from this JSON file\'s "check" object (default: ./triage.config.json when present)')
    .option('--reporter <name[=file]>', 'text, json, junit or github, optionally =FILE (repeatable; default text)', collect)
    .option('-o, --output <file>', 'where the reporter in the same position writes (repeatable; default stdout)', collect);
  addClassifierOptions(addInputOptions(cmd)).action(async (files: string[], opts) =>
    ctx.run(async () => (await import('../check.js')).runCheck(files, opts, ctx.io)),
  );
};
