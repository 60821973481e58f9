/** `triage summary`: aggregate a run. */
import { classifierOptions, type RawClassifierOptions } from './classifier-options.js';
import { describeError, EXIT, type ExitCode, InputError, TriageError, UsageError } from '../core/errors.js';
import { renderSummaryText } from '../report/render-text.js';
import { type GroupBy, mergeSummaries, type Summary, SummaryBuilder } from '../report/summary.js';
import { readFile } from 'node:fs/promises';
import { inputPaths, type RawInputOptions, readOptions } from './input-options.js';
import { type CliIO, interactive, warn } from './io.js';
import { classifyInputs, classifyItems, parseWorkers, type PipelineItem } from './pipeline.js';
import { openSource } from '../io/source.js';
import { jsonlItems } from '../io/json.js';
import type { OutputRecord } from '../classify/record.js';
import type { Classifier } from '../classify/classifier.js';
import { loadClassifier } from '../classify/load.js';

export interface SummaryOptions extends RawInputOptions, RawClassifierOptions {
  workers?: string;
  json?: boolean;
  top?: string;
  groupBy?: string;
  merge?: boolean;
  records?: boolean;
  /** commander's --no-tui: false = the static summary even in a terminal. */
  tui?: boolean;
}

const GROUPS = ['label', 'language', 'channel', 'priority'];

async function mergeFiles(files: string[]): Promise<Summary> {
  const parts: Summary[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = await readFile(f, 'utf8');
    } catch (err) {
      throw new InputError('UNREADABLE', `cannot read: ${(err as Error).message}`, { file: f });
    }
    try {
      parts.push(JSON.parse(text) as Summary);
    } catch {
      throw new InputError('BAD_JSON', 'not a summary made by `triage summary --json`', { file: f });
    }
  }
  try {
    return mergeSummaries(parts);
  } catch (err) {
    throw new UsageError(`--merge: ${(err as Error).message}`);
  }
}

/**
 * The interactive dashboard (src/ui), for a terminal. It classifies in this
 * thread because it keeps each conversation for the conversation screen. Null
 * when no keyboard can be had: the caller prints the static summary instead.
 */
async function dashboard(paths: string[], opts: SummaryOptions, io: CliIO, top: number): Promise<ExitCode | null> {
  const { openKeyboard, runDashboard } = await import('../ui/run.js');
  const keyboard = openKeyboard(io, paths);
  if (!keyboard) return null;
  let classifier: Classifier;
  try {
    // A bad --rules file is a usage error before the screen changes.
    classifier = await loadClassifier(classifierOptions(opts));
  } catch (err) {
    keyboard.close();
    throw err;
  }
  const out = await runDashboard({
    io,
    keyboard,
    sources: paths,
    top,
    ...(opts.groupBy ? { groupBy: opts.groupBy as GroupBy } : {}),
    pipeline: (held) => classifyItems(paths, readOptions(opts, held), classifier, { keepConversation: true }),
  });
  // Nothing to show (only unreadable inputs): the static summary, as in a pipe.
  if (!out.shown && !out.stopped) io.stdout.write(renderSummaryText(out.summary));
  if (out.fatal) return EXIT.FATAL;
  return out.summary.errors > 0 ? EXIT.FINDINGS : EXIT.OK;
}

/** `--records`: the inputs are `classify` output (JSONL records), summarised without classifying again. */
async function* recordItems(paths: readonly string[]): AsyncGenerator<PipelineItem> {
  for (const path of paths) {
    let line = 0;
    let src;
    try {
      src = await openSource(path, { inputFormat: 'jsonl' });
    } catch (err) {
      yield { kind: 'fatal', error: err instanceof TriageError ? err : new InputError('UNREADABLE', describeError(err), { file: path }) };
      continue;
    }
    for await (const it of jsonlItems(src.chunks)) {
      line = it.line;
      const v = it.value as Record<string, unknown> | undefined;
      const ok = v && typeof v === 'object' && ('error' in v || (typeof v.label === 'string' && 'scores' in v && 'source' in v));
      if (!ok) {
        yield { kind: 'fatal', error: new InputError('NOT_RECORDS', `line ${line} is not a record made by \`triage classify\``, { file: path, line }) };
        break;
      }
      yield { kind: 'record', record: v as unknown as OutputRecord };
    }
  }
}

export async function runSummary(files: string[], opts: SummaryOptions, io: CliIO): Promise<ExitCode> {
  const top = opts.top === undefined ? 20 : Number(opts.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError('--top must be a whole number');
  if (opts.groupBy !== undefined && !GROUPS.includes(opts.groupBy)) throw new UsageError(`--group-by must be one of ${GROUPS.join(', ')}`);
  if (opts.merge) {
    if (!files.length) throw new UsageError('--merge needs the summary files to merge');
    const merged = await mergeFiles(files);
    io.stdout.write(opts.json ? JSON.stringify(merged, null, 2) + '\n' : renderSummaryText(merged));
    return merged.errors > 0 ? EXIT.FINDINGS : EXIT.OK;
  }
  const paths = inputPaths(files, io);
  if (opts.tui !== false && !opts.json && !opts.records && interactive(io)) {
    const exit = await dashboard(paths, opts, io, top);
    if (exit !== null) return exit;
  }
  const readOpts = readOptions(opts, io);
  const builder = new SummaryBuilder({ top, ...(opts.groupBy ? { groupBy: opts.groupBy as GroupBy } : {}) });
  let exit: ExitCode = EXIT.OK;
  const items = opts.records ? recordItems(paths) : classifyInputs(paths, readOpts, classifierOptions(opts), { workers: parseWorkers(opts.workers, paths) });
  for await (const item of items) {
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
