/** `triage train`: fit the lexical model on the user's labelled conversations. */
import { loadClassifier } from '../classify/load.js';
import { DEFAULT_TRAIN, LexicalModel, modelToJson, type TrainSettings } from '../classify/lexical.js';
import { trainModel, type Labelled } from '../classify/training.js';
import { describeError, EXIT, type ExitCode, UsageError } from '../core/errors.js';
import { LABELS } from '../core/types.js';
import { readInputs } from '../io/read.js';
import { writeFileAtomic } from '../io/write.js';
import { classMetrics } from '../report/metrics.js';
import { classifierOptions, type RawClassifierOptions } from './classifier-options.js';
import { guardOutput, type RawInputOptions, readOptions } from './input-options.js';
import { type CliIO, warn } from './io.js';

export interface TrainOptions extends RawInputOptions, RawClassifierOptions {
  out: string;
  dev?: string[];
  epochs?: string;
  seed?: string;
  json?: boolean;
}

async function readLabelled(paths: string[], opts: TrainOptions, io: CliIO, what: string): Promise<{ items: Labelled[]; problems: number; fatal: boolean }> {
  const items: Labelled[] = [];
  let problems = 0;
  let fatal = false;
  for await (const it of readInputs(paths, readOptions(opts, io))) {
    if (it.kind === 'fatal') {
      warn(io, describeError(it.error));
      fatal = true;
    } else if (it.kind === 'error') {
      warn(io, `${it.error.source.file}:${it.error.source.line}: ${it.error.error}`);
      problems++;
    } else if (!it.expected) {
      if (problems < 10) warn(io, `${it.conversation.source.file}:${it.conversation.source.line}: ${what} conversation "${it.conversation.id}" has no valid "label" (support, service or success): skipped`);
      problems++;
    } else items.push({ conversation: it.conversation, expected: it.expected });
  }
  return { items, problems, fatal };
}

const int = (v: string | undefined, name: string, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
  return n;
};

export async function runTrain(files: string[], opts: TrainOptions, io: CliIO): Promise<ExitCode> {
  if (!files.length) throw new UsageError('give the labelled files to train on (JSONL, JSON or CSV with a "label" column)');
  guardOutput(opts.out, [...files, ...(opts.dev ?? [])], io);
  const settings: Partial<TrainSettings> = { epochs: int(opts.epochs, 'epochs', DEFAULT_TRAIN.epochs), seed: int(opts.seed, 'seed', DEFAULT_TRAIN.seed) };
  const base = await loadClassifier({ ...classifierOptions(opts), model: false });
  const { items, problems, fatal } = await readLabelled(files, opts, io, 'training');
  if (fatal) return EXIT.FATAL;
  const counts = Object.fromEntries(LABELS.map((l) => [l, items.filter((i) => i.expected.label === l).length]));
  const present = LABELS.filter((l) => counts[l]! > 0);
  if (present.length < 2) throw new UsageError(`need labelled conversations of at least two labels to train (got ${JSON.stringify(counts)})`);
  const json = trainModel(items, base, files, settings);
  await writeFileAtomic(opts.out, modelToJson(json));
  const report: Record<string, unknown> = { model: opts.out, examples: items.length, per_label: counts, features: json.training.features, ensemble: json.label.ensemble, heads: json.training.head_examples ?? {}, skipped: problems };
  let exit: ExitCode = problems ? EXIT.FINDINGS : EXIT.OK;
  if (opts.dev?.length) {
    const dev = await readLabelled(opts.dev, opts, io, 'dev');
    if (dev.fatal) exit = EXIT.FATAL;
    const tuned = base.withModel(new LexicalModel(json));
    const pairs = dev.items.map((d) => ({ expected: d.expected.label, predicted: tuned.classify(d.conversation).label }));
    report.dev = classMetrics(LABELS, pairs);
  }
  if (opts.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else io.stdout.write(renderTrainReport(report));
  return exit;
}

function renderTrainReport(r: Record<string, unknown>): string {
  const lines = [`Trained ${String(r.model)} on ${String(r.examples)} conversations ${JSON.stringify(r.per_label)}, ${String(r.features)} features.`];
  if (r.skipped) lines.push(`Skipped ${String(r.skipped)} records without a usable label (see stderr).`);
  const dev = r.dev as ReturnType<typeof classMetrics> | undefined;
  if (dev) {
    lines.push(`Dev (${dev.n}): accuracy ${dev.accuracy.toFixed(3)}, macro-F1 ${dev.macro_f1.toFixed(3)}`);
    for (const l of LABELS) {
      const m = dev.per_label[l]!;
      lines.push(`  ${l.padEnd(8)} P ${m.precision.toFixed(3)}  R ${m.recall.toFixed(3)}  F1 ${m.f1.toFixed(3)}  n ${m.support}`);
    }
  }
  return lines.join('\n') + '\n';
}
