/**
 * `triage check` as data: labelled fixtures and their classified records in,
 * metrics out (schema convo-triage/check@1), then one verdict computed from the
 * metrics, the thresholds and an optional baseline. The printed verdict and the
 * exit code both come from `verdictOf`, so they cannot disagree. Pure: no I/O.
 */
import type { ClassifiedRecord, Reason } from '../classify/record.js';
import { type Expected, type Label, LABELS, PRIORITIES, SENTIMENTS } from '../core/types.js';
import { binaryMetrics, type ClassMetrics, classMetrics, type LabelMetrics, reviewTradeoff } from './metrics.js';

export const CHECK_SCHEMA = 'convo-triage/check@1';

/** A fixture record that cannot be checked: unreadable, no valid label, or failed to classify. */
export interface FixtureError {
  file: string;
  line: number;
  id: string | null;
  code: string;
  error: string;
}

/** One conversation of the run, as reporters show it (JUnit: one testcase each). */
export interface CheckCase {
  file: string;
  line: number;
  id: string | null;
  /** Set for a checked conversation. */
  expected?: Label;
  got?: Label;
  confidence?: number;
  reason?: string | null;
  /** Set for a fixture error. */
  error?: string;
}

export interface Misclassified {
  file: string;
  line: number;
  id: string;
  expected: Label;
  got: Label;
  confidence: number;
  /** The strongest evidence for the label it got. */
  reason: string | null;
}

export type BinaryFieldMetrics = LabelMetrics & { accuracy: number; n: number };

export interface CheckMetrics {
  schema: typeof CHECK_SCHEMA;
  files: string[];
  /** Records read: checked conversations plus fixture errors. */
  conversations: number;
  /** Conversations with a valid label, classified and compared. */
  labelled: number;
  fixture_errors: FixtureError[];
  /** Input files that could not be read at all (exit 2). */
  unreadable: Array<{ file: string; error: string }>;
  label: ClassMetrics<Label>;
  review: { review_rate: number; accuracy_rest: number; accuracy_all: number };
  /** Per language: the fixture's `language` when given, else the detected one. */
  languages: Record<string, ClassMetrics<Label>>;
  /** Triage fields, when the fixtures carry them ("none": the classifier gave no value). */
  priority?: ClassMetrics<string>;
  sentiment?: ClassMetrics<string>;
  churn_risk?: BinaryFieldMetrics;
  misclassified: Misclassified[];
}

export interface Thresholds {
  minAccuracy?: number;
  minMacroF1?: number;
  minRecall?: Partial<Record<Label, number>>;
  maxNeedsReview?: number;
}

export interface ThresholdResult {
  /** The flag (and config key) that set it. */
  name: string;
  metric: string;
  op: '>=' | '<=';
  limit: number;
  actual: number;
  passed: boolean;
  /** Why it cannot pass, when the metric could not be measured. */
  note?: string;
}

export interface Regression {
  metric: string;
  baseline: number;
  actual: number;
  /** How far it moved the wrong way. */
  drop: number;
}

export interface BaselineResult {
  file: string;
  tolerance: number;
  compared: number;
  regressions: Regression[];
  /** Metrics in the baseline that this run has no value for (not compared). */
  missing: string[];
  /** The baseline was measured on this many labelled conversations. */
  baseline_labelled: number;
}

export interface Verdict {
  passed: boolean;
  /** Thresholds plus baseline metrics compared. */
  checked: number;
  /** One line per reason the run fails, in the order they are checked. */
  failures: string[];
  /** 0 passed; 1 a check failed or fixtures had errors; 2 an input could not be read. */
  exit: 0 | 1 | 2;
}

/** The JSON reporter's document, and what `--write-baseline` records. */
export interface CheckReport extends CheckMetrics {
  thresholds: ThresholdResult[];
  baseline: BaselineResult | null;
  verdict: Verdict;
}

/** Collects records while the fixtures stream through. */
export class CheckBuilder {
  private readonly rows: Array<{ record: ClassifiedRecord; expected: Expected }> = [];
  private readonly errors: FixtureError[] = [];
  private readonly unreadable: Array<{ file: string; error: string }> = [];
  readonly cases: CheckCase[] = [];

  constructor(private readonly files: readonly string[]) {}

  /** A classified record, with the fixture's expected answers when it had a valid label. */
  add(record: ClassifiedRecord, expected: Expected | undefined): void {
    const { file, line } = record.source;
    if (!expected) {
      this.fixtureError({ file, line, id: record.id, code: 'NO_LABEL', error: 'no valid "label" (support, service or success)' });
      return;
    }
    this.rows.push({ record, expected });
    this.cases.push({ file, line, id: record.id, expected: expected.label, got: record.label, confidence: record.confidence, reason: topReason(record) });
  }

  /** A record that could not be read or classified. */
  fixtureError(e: FixtureError): void {
    this.errors.push(e);
    this.cases.push({ file: e.file, line: e.line, id: e.id, error: e.error });
  }

  /** A whole input file that could not be read. */
  fatal(file: string, error: string): void {
    this.unreadable.push({ file, error });
  }

  result(): CheckMetrics {
    const rows = this.rows;
    const pairs = rows.map((r) => ({ expected: r.expected.label, predicted: r.record.label }));
    const byLang = new Map<string, Array<{ expected: Label; predicted: Label }>>();
    for (const r of rows) {
      const lang = r.expected.language ?? r.record.language ?? 'und';
      let list = byLang.get(lang);
      if (!list) byLang.set(lang, (list = []));
      list.push({ expected: r.expected.label, predicted: r.record.label });
    }
    const languages: Record<string, ClassMetrics<Label>> = {};
    for (const lang of [...byLang.keys()].sort()) languages[lang] = classMetrics(LABELS, byLang.get(lang)!);
    const m: CheckMetrics = {
      schema: CHECK_SCHEMA,
      files: [...this.files],
      conversations: rows.length + this.errors.length,
      labelled: rows.length,
      fixture_errors: [...this.errors],
      unreadable: [...this.unreadable],
      label: classMetrics(LABELS, pairs),
      review: reviewTradeoff(rows.map((r) => ({ needsReview: r.record.needs_review, correct: r.record.label === r.expected.label }))),
      languages,
      misclassified: rows
        .filter((r) => r.record.label !== r.expected.label)
        .map((r) => ({
          file: r.record.source.file,
          line: r.record.source.line,
          id: r.record.id,
          expected: r.expected.label,
          got: r.record.label,
          confidence: r.record.confidence,
          reason: topReason(r.record),
        })),
    };
    const priority = fieldMetrics(PRIORITIES, rows.flatMap((r) => (r.expected.priority ? [{ expected: r.expected.priority, predicted: r.record.priority }] : [])));
    if (priority) m.priority = priority;
    const sentiment = fieldMetrics(SENTIMENTS, rows.flatMap((r) => (r.expected.sentiment ? [{ expected: r.expected.sentiment, predicted: r.record.sentiment }] : [])));
    if (sentiment) m.sentiment = sentiment;
    const churn = rows.flatMap((r) => (r.expected.churn_risk !== undefined ? [{ expected: r.expected.churn_risk, predicted: r.record.churn_risk === true }] : []));
    if (churn.length) m.churn_risk = binaryMetrics(churn);
    return m;
  }
}

/** Metrics of a triage field; a missing prediction counts as the value "none" (always wrong). */
function fieldMetrics(values: readonly string[], pairs: ReadonlyArray<{ expected: string; predicted: string | null }>): ClassMetrics<string> | undefined {
  if (!pairs.length) return undefined;
  const p = pairs.map((x) => ({ expected: x.expected, predicted: x.predicted ?? 'none' }));
  const labels = p.some((x) => x.predicted === 'none') ? [...values, 'none'] : [...values];
  return classMetrics(labels, p);
}

/** The first rule that voted for the label it got, else the lexical model's first term. */
export function topReason(record: ClassifiedRecord): string | null {
  const rule = record.reasons.find((r): r is Extract<Reason, { source: 'rule' }> => r.source === 'rule' && r.label === record.label);
  if (rule) return `rule ${rule.id} "${rule.text}"`;
  const term = record.reasons.find((r): r is Extract<Reason, { source: 'lexical' }> => r.source === 'lexical');
  if (term) return `term "${term.term}"`;
  return null;
}

const f3 = (x: number): string => x.toFixed(3);

/** Compare the metrics with the thresholds. */
export function checkThresholds(m: CheckMetrics, t: Thresholds): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  const min = (name: string, metric: string, limit: number, actual: number, note?: string): void => {
    const r: ThresholdResult = { name, metric, op: '>=', limit, actual, passed: note === undefined && actual >= limit };
    if (note !== undefined) r.note = note;
    out.push(r);
  };
  const none = m.labelled === 0 ? 'no labelled conversations' : undefined;
  if (t.minAccuracy !== undefined) min('min-accuracy', 'accuracy', t.minAccuracy, m.label.accuracy, none);
  if (t.minMacroF1 !== undefined) min('min-macro-f1', 'macro_f1', t.minMacroF1, m.label.macro_f1, none);
  for (const l of LABELS) {
    const limit = t.minRecall?.[l];
    if (limit === undefined) continue;
    const pl = m.label.per_label[l];
    min(`min-recall ${l}`, `recall.${l}`, limit, pl.recall, pl.support === 0 ? `no "${l}" fixtures to measure its recall on` : undefined);
  }
  if (t.maxNeedsReview !== undefined) {
    const r: ThresholdResult = { name: 'max-needs-review', metric: 'needs_review', op: '<=', limit: t.maxNeedsReview, actual: m.review.review_rate, passed: m.labelled > 0 && m.review.review_rate <= t.maxNeedsReview };
    if (none) r.note = none;
    out.push(r);
  }
  return out;
}

/** The metrics a baseline comparison reads, each with the direction that is better. */
export function comparableMetrics(m: Pick<CheckMetrics, 'label' | 'review' | 'languages' | 'priority' | 'sentiment' | 'churn_risk'>): Map<string, { value: number; higherIsBetter: boolean }> {
  const out = new Map<string, { value: number; higherIsBetter: boolean }>();
  const hi = (k: string, v: number): void => void out.set(k, { value: v, higherIsBetter: true });
  hi('accuracy', m.label.accuracy);
  hi('macro_f1', m.label.macro_f1);
  for (const l of LABELS) {
    const pl = m.label.per_label[l];
    if (!pl || pl.support === 0) continue;
    hi(`precision.${l}`, pl.precision);
    hi(`recall.${l}`, pl.recall);
    hi(`f1.${l}`, pl.f1);
  }
  out.set('needs_review', { value: m.review.review_rate, higherIsBetter: false });
  for (const [lang, lm] of Object.entries(m.languages ?? {})) {
    hi(`language.${lang}.accuracy`, lm.accuracy);
    hi(`language.${lang}.macro_f1`, lm.macro_f1);
  }
  if (m.priority) {
    hi('priority.accuracy', m.priority.accuracy);
    hi('priority.macro_f1', m.priority.macro_f1);
  }
  if (m.sentiment) {
    hi('sentiment.accuracy', m.sentiment.accuracy);
    hi('sentiment.macro_f1', m.sentiment.macro_f1);
  }
  if (m.churn_risk) hi('churn_risk.f1', m.churn_risk.f1);
  return out;
}

// Metrics are rounded to 4 places; a drop equal to the tolerance is not a regression.
const EPS = 1e-9;

/** Every metric of the baseline that this run made worse by more than `tolerance`. */
export function compareBaseline(m: CheckMetrics, baseline: CheckMetrics, file: string, tolerance: number): BaselineResult {
  const now = comparableMetrics(m);
  const before = comparableMetrics(baseline);
  const regressions: Regression[] = [];
  const missing: string[] = [];
  let compared = 0;
  for (const [k, b] of before) {
    const a = now.get(k);
    if (!a) {
      missing.push(k);
      continue;
    }
    compared++;
    const drop = b.higherIsBetter ? b.value - a.value : a.value - b.value;
    if (drop > tolerance + EPS) regressions.push({ metric: k, baseline: b.value, actual: a.value, drop: Math.round(drop * 10000) / 10000 });
  }
  return { file, tolerance, compared, regressions, missing, baseline_labelled: baseline.labelled };
}

/** The single verdict: what the report prints and what the process exits with. */
export function verdictOf(m: CheckMetrics, thresholds: readonly ThresholdResult[], baseline: BaselineResult | null): Verdict {
  const failures: string[] = [];
  if (m.unreadable.length) failures.push(`${m.unreadable.length} input file${m.unreadable.length === 1 ? '' : 's'} could not be read`);
  if (m.fixture_errors.length) failures.push(`${m.fixture_errors.length} fixture error${m.fixture_errors.length === 1 ? '' : 's'} (records that cannot be read, classified, or have no valid label)`);
  if (m.labelled === 0) failures.push('no labelled conversations to check');
  for (const t of thresholds) {
    if (t.passed) continue;
    failures.push(t.note ? `${t.metric}: ${t.note} (${t.name} ${t.limit})` : `${t.metric} ${f3(t.actual)} ${t.op === '>=' ? '<' : '>'} ${f3(t.limit)} (${t.name})`);
  }
  if (baseline) {
    for (const r of baseline.regressions) {
      failures.push(`${r.metric} ${r.metric === 'needs_review' ? 'rose' : 'dropped'} ${f3(r.baseline)} → ${f3(r.actual)} (by ${f3(r.drop)}, tolerance ${f3(baseline.tolerance)}; baseline ${baseline.file})`);
    }
  }
  const exit = m.unreadable.length ? 2 : failures.length ? 1 : 0;
  return { passed: failures.length === 0, checked: thresholds.length + (baseline?.compared ?? 0), failures, exit };
}

/** Metrics, thresholds, baseline and verdict in one document. */
export function checkReport(m: CheckMetrics, t: Thresholds, baseline?: { file: string; metrics: CheckMetrics; tolerance: number }): CheckReport {
  const thresholds = checkThresholds(m, t);
  const b = baseline ? compareBaseline(m, baseline.metrics, baseline.file, baseline.tolerance) : null;
  return { ...m, thresholds, baseline: b, verdict: verdictOf(m, thresholds, b) };
}

/** Read a baseline document (a `--reporter json` output or `--write-baseline` file); throws a message when it is not one. */
export function parseBaseline(text: string): CheckMetrics {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('not JSON');
  }
  const d = doc as Partial<CheckMetrics> | null;
  if (!d || typeof d !== 'object' || d.schema !== CHECK_SCHEMA) throw new Error(`not a baseline made by \`triage check --write-baseline\` (expected "schema": "${CHECK_SCHEMA}")`);
  if (!d.label || typeof d.label.accuracy !== 'number' || typeof d.label.per_label !== 'object' || !d.review || typeof d.review.review_rate !== 'number') {
    throw new Error('baseline is missing its "label" or "review" metrics');
  }
  return d as CheckMetrics;
}
