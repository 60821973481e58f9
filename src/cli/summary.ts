/** `triage summary`: aggregate a run. */
import { loadClassifier } from '../classify/load.js';
import { classifierOptions, type RawClassifierOptions } from './classifier-options.js';
import { describeError, EXIT, type ExitCode } from '../core/errors.js';
import { renderSummaryText, SummaryBuilder } from '../report/summary.js';
import { inputPaths, type RawInputOptions, readOptions } from './input-options.js';
import { type CliIO, warn } from './io.js';
import { classifyInputs } from './pipeline.js';

export interface SummaryOptions extends RawInputOptions, RawClassifierOptions {
  json?: boolean;
}

export async function runSummary(files: string[], opts: SummaryOptions, io: CliIO): Promise<ExitCode> {
  const paths = inputPaths(files, io);
  const readOpts = readOptions(opts, io);
  const classifier = await loadClassifier(classifierOptions(opts));
  const builder = new SummaryBuilder();
  let exit: ExitCode = EXIT.OK;
  for await (const item of classifyInputs(paths, readOpts, classifier)) {
    if (item.kind === 'fatal') {
      warn(io, describeError(item.error));
      exit = EXIT.FATAL;
      continue;
    }
    builder.add(item.record);
  }
  const s = builder.result();
  io.stdout.write(opts.json ? JSON.stringify(s, null, 2) + '\n' : renderSummaryText(s));
  if (exit === EXIT.OK && s.errors > 0) exit = EXIT.FINDINGS;
  return exit;
}
