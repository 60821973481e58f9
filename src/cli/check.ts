/**
 * `triage check FILES…`: the CI quality gate. Classifies labelled fixtures in
 * this thread, measures, compares with thresholds (flags over
 * triage.config.json) and an optional baseline, and writes each reporter to
 * its own output. The exit code is the verdict's (report/check.ts).
 */
import { appendFile, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { loadClassifier } from '../classify/load.js';
import { isErrorRecord } from '../classify/record.js';
import { describeError, type ExitCode, TriageError, UsageError } from '../core/errors.js';
import { isLabel, type Label, LABELS } from '../core/types.js';
import { writeFileAtomic } from '../io/write.js';
import { CheckBuilder, type CheckMetrics, checkReport, type CheckReport, parseBaseline, type Thresholds } from '../report/check.js';
import { type CheckStyle, PLAIN_STYLE, renderCheckGithub, renderCheckJson, renderCheckJUnit, renderCheckMarkdown, renderCheckText } from '../report/check-render.js';
import { classifierOptions, type RawClassifierOptions } from './classifier-options.js';
import { guardOutput, type RawInputOptions, readOptions } from './input-options.js';
import { type CliIO, warn } from './io.js';
import { classifyItems } from './pipeline.js';

export interface CheckOptions extends RawInputOptions, RawClassifierOptions {
  minAccuracy?: string;
  minMacroF1?: string;
  minRecall?: string[];
  maxNeedsReview?: string;
  tolerance?: string;
  baseline?: string;
  writeBaseline?: string | boolean;
  config?: string;
  reporter?: string[];
  output?: string[];
}

export const CONFIG_FILE = 'triage.config.json';
const CONFIG_KEYS = ['min-accuracy', 'min-macro-f1', 'min-recall', 'max-needs-review', 'tolerance', 'baseline'] as const;
/** A drop of one point in a thousand is noise on small fixture sets; more is a regression. */
export const DEFAULT_TOLERANCE = 0.01;

export interface CheckSettings {
  thresholds: Thresholds;
  tolerance: number;
  baseline?: string;
}

const REPORTERS = ['text', 'json', 'junit', 'github'] as const;
type ReporterName = (typeof REPORTERS)[number];
export interface Reporter {
  name: ReporterName;
  /** A file, or '-' for stdout. */
  output: string;
}

function share(v: unknown, what: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${what} must be a number from 0 to 1 (got ${JSON.stringify(v)})`);
  return n;
}

function recallEntry(label: string, v: unknown, what: string): [Label, number] {
  if (!isLabel(label)) throw new UsageError(`${what}: "${label}" is not a label (${LABELS.join(', ')})`);
  return [label, share(v, `${what} ${label}`)];
}

/** The "check" object of a config file, validated; paths resolved against the file's folder. */
export function configSettings(doc: unknown, file: string): Partial<CheckSettings> & { minRecall?: Partial<Record<Label, number>> } {
  const where = `${file}:`;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UsageError(`${where} the config must be a JSON object`, {}, 'BAD_CONFIG');
  for (const k of Object.keys(doc)) if (k !== 'check') throw new UsageError(`${where} unknown key "${k}" (known: check)`, {}, 'BAD_CONFIG');
  const c = (doc as { check?: unknown }).check;
  if (c === undefined) return {};
  if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new UsageError(`${where} "check" must be an object`, {}, 'BAD_CONFIG');
  const o = c as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(k)) throw new UsageError(`${where} unknown key "check.${k}" (known: ${CONFIG_KEYS.join(', ')})`, {}, 'BAD_CONFIG');
  }
  const t: Thresholds = {};
  if (o['min-accuracy'] !== undefined) t.minAccuracy = share(o['min-accuracy'], `${where} check.min-accuracy`);
  if (o['min-macro-f1'] !== undefined) t.minMacroF1 = share(o['min-macro-f1'], `${where} check.min-macro-f1`);
  if (o['max-needs-review'] !== undefined) t.maxNeedsReview = share(o['max-needs-review'], `${where} check.max-needs-review`);
  if (o['min-recall'] !== undefined) {
    const r = o['min-recall'];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new UsageError(`${where} check.min-recall must be an object like {"support": 0.8}`, {}, 'BAD_CONFIG');
    t.minRecall = Object.fromEntries(Object.entries(r).map(([l, v]) => recallEntry(l, v, `${where} check.min-recall`)));
  }
  const out: Partial<CheckSettings> = { thresholds: t };
  if (o.tolerance !== undefined) out.tolerance = share(o.tolerance, `${where} check.tolerance`);
  if (o.baseline !== undefined) {
    if (typeof o.baseline !== 'string' || !o.baseline) throw new UsageError(`${where} check.baseline must be a file name`, {}, 'BAD_CONFIG');
    out.baseline = resolve(dirname(file), o.baseline);
  }
  return out;
}

async function readConfig(opts: CheckOptions, io: CliIO): Promise<Partial<CheckSettings>> {
  const file = resolve(io.cwd, opts.config ?? CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    // The default config is optional; one named with --config is not.
    if (opts.config === undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`--config ${opts.config ?? CONFIG_FILE}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, {}, 'BAD_CONFIG');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${opts.config ?? CONFIG_FILE}: not valid JSON: ${(err as Error).message}`, {}, 'BAD_CONFIG');
  }
  return configSettings(doc, opts.config ?? CONFIG_FILE);
}

/** Thresholds and baseline from the config file, overridden by the flags. */
export async function checkSettings(opts: CheckOptions, io: CliIO): Promise<CheckSettings> {
  const cfg = await readConfig(opts, io);
  const t: Thresholds = { ...cfg.thresholds };
  if (opts.minAccuracy !== undefined) t.minAccuracy = share(opts.minAccuracy, '--min-accuracy');
  if (opts.minMacroF1 !== undefined) t.minMacroF1 = share(opts.minMacroF1, '--min-macro-f1');
  if (opts.maxNeedsReview !== undefined) t.maxNeedsReview = share(opts.maxNeedsReview, '--max-needs-review');
  if (opts.minRecall?.length) {
    const r = { ...t.minRecall };
    for (const spec of opts.minRecall) {
      const eq = spec.indexOf('=');
      if (eq <= 0) throw new UsageError(`--min-recall expects label=share, e.g. support=0.8 (got "${spec}")`);
      const [l, v] = recallEntry(spec.slice(0, eq).trim(), spec.slice(eq + 1), '--min-recall');
      r[l] = v;
    }
    t.minRecall = r;
  }
  const s: CheckSettings = { thresholds: t, tolerance: opts.tolerance !== undefined ? share(opts.tolerance, '--tolerance') : (cfg.tolerance ?? DEFAULT_TOLERANCE) };
  const baseline = opts.baseline !== undefined ? resolve(io.cwd, opts.baseline) : cfg.baseline;
  if (baseline !== undefined) s.baseline = baseline;
  return s;
}

/**
 * `--reporter name[=file]` (repeatable) and `--output file` (repeatable, the
 * i-th for the i-th reporter). Default: text to stdout.
 */
export function parseReporters(specs: readonly string[] = [], outputs: readonly string[] = [], cwd = '.'): Reporter[] {
  const list = specs.length ? specs : ['text'];
  if (outputs.length > list.length) throw new UsageError(`${outputs.length} --output for ${list.length} reporter${list.length === 1 ? '' : 's'}: give one --reporter per --output`);
  const reporters = list.map((spec, i): Reporter => {
    const eq = spec.indexOf('=');
    const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
    if (!(REPORTERS as readonly string[]).includes(name)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, optionally with =file (got "${spec}")`);
    const inline = eq < 0 ? undefined : spec.slice(eq + 1);
    if (inline === '') throw new UsageError(`--reporter ${name}=: the file name is missing`);
    const positional = outputs[i];
    if (inline !== undefined && positional !== undefined) throw new UsageError(`--reporter ${spec} already names its file; its --output "${positional}" would be ignored`);
    return { name: name as ReporterName, output: inline ?? positional ?? '-' };
  });
  const toStdout = reporters.filter((r) => r.output === '-');
  // A JSON or XML document must be the only thing on stdout to stay parseable.
  const doc = toStdout.find((r) => r.name === 'json' || r.name === 'junit');
  if (doc && toStdout.length > 1) throw new UsageError(`--reporter ${doc.name} writes a document: give it a file (${doc.name}=FILE) or make it the only reporter on stdout`);
  const files = reporters.filter((r) => r.output !== '-').map((r) => resolve(cwd, r.output));
  const dup = files.find((f, i) => files.indexOf(f) !== i);
  if (dup) throw new UsageError(`two reporters write to ${dup}`);
  return reporters;
}

async function readBaseline(file: string): Promise<CheckMetrics> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--baseline: cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (record one with --write-baseline)' : (err as Error).message}`, { file }, 'BAD_BASELINE');
  }
  try {
    return parseBaseline(text);
  } catch (err) {
    throw new UsageError(`--baseline: ${(err as Error).message}`, { file }, 'BAD_BASELINE');
  }
}

/** A path as the user would write it: relative to the working directory when inside it. */
function shown(path: string, io: CliIO): string {
  const rel = relative(io.cwd, resolve(io.cwd, path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

async function textStyle(io: CliIO): Promise<CheckStyle> {
  if (!io.stdout.isTTY || io.env.NO_COLOR) return PLAIN_STYLE;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { pass: (s) => c.green(s), fail: (s) => c.red(s), bold: (s) => c.bold(s), dim: (s) => c.dim(s) };
}

function writeStdout(io: CliIO, text: string): Promise<void> {
  return new Promise((res) => {
    if (!text) return res();
    io.stdout.write(text, () => res());
  });
}

export async function runCheck(files: string[], opts: CheckOptions, io: CliIO): Promise<ExitCode> {
  if (!files.length) throw new UsageError('give the labelled fixture files to check (JSONL, JSON or CSV with a "label")');
  // Everything that can be a usage error is checked before the fixtures are read.
  const settings = await checkSettings(opts, io);
  const reporters = parseReporters(opts.reporter, opts.output, io.cwd);
  const writeBaseline = opts.writeBaseline === true ? settings.baseline : opts.writeBaseline || undefined;
  if (opts.writeBaseline === true && writeBaseline === undefined) throw new UsageError('--write-baseline needs a file: --write-baseline FILE, or --baseline FILE to say where');
  for (const out of [...reporters.map((r) => r.output), writeBaseline]) guardOutput(out, files, io);
  if (writeBaseline !== undefined && reporters.some((r) => r.output !== '-' && resolve(io.cwd, r.output) === resolve(io.cwd, writeBaseline))) {
    throw new UsageError(`--write-baseline ${writeBaseline} is also a reporter's output`);
  }
  // Recording a baseline sets the new reference: the old one is not compared against.
  const baseline = settings.baseline !== undefined && writeBaseline === undefined ? await readBaseline(settings.baseline) : undefined;
  const readOpts = readOptions(opts, io);
  const classifier = await loadClassifier(classifierOptions(opts));

  const builder = new CheckBuilder(files);
  for await (const item of classifyItems(files, readOpts, classifier, { keepConversation: true })) {
    if (item.kind === 'fatal') {
      warn(io, describeError(item.error));
      builder.fatal(item.error.context.file ?? '?', item.error.message);
      continue;
    }
    const r = item.record;
    if (isErrorRecord(r)) builder.fixtureError({ file: r.source.file, line: r.source.line, id: r.id, code: r.code, error: r.error });
    else builder.add(r, item.expected);
  }
  const metrics = builder.result();
  const report: CheckReport = checkReport(
    metrics,
    settings.thresholds,
    baseline && settings.baseline ? { file: shown(settings.baseline, io), metrics: baseline, tolerance: settings.tolerance } : undefined,
  );

  for (const rep of reporters) {
    const text =
      rep.name === 'text'
        ? renderCheckText(report, rep.output === '-' ? await textStyle(io) : PLAIN_STYLE)
        : rep.name === 'json'
          ? renderCheckJson(report)
          : rep.name === 'junit'
            ? renderCheckJUnit(report, builder.cases)
            : renderCheckGithub(report);
    if (rep.output === '-') await writeStdout(io, text);
    else await writeFileAtomic(resolve(io.cwd, rep.output), text);
  }
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (summary && reporters.some((r) => r.name === 'github')) {
    try {
      await appendFile(summary, renderCheckMarkdown(report));
    } catch (err) {
      throw new TriageError('WRITE_FAILED', `cannot append to $GITHUB_STEP_SUMMARY (${summary}): ${(err as Error).message}`);
    }
  }
  if (writeBaseline !== undefined) {
    await writeFileAtomic(resolve(io.cwd, writeBaseline), renderCheckJson(report));
    warn(io, `baseline written to ${shown(writeBaseline, io)} (${report.labelled} labelled conversations)`);
  }
  return report.verdict.exit;
}
