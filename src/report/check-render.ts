/**
 * The reporters of `triage check`, as pure functions of the finished report:
 * text (people), JSON (scripts), JUnit XML (CI test views), GitHub workflow
 * commands (annotations) and the GitHub step-summary markdown. Every piece of
 * fixture text goes through `visible()` (text), XML escaping (JUnit) or
 * GitHub's escaping (annotations).
 */
import { visible } from '../core/safe-text.js';
import { LABELS } from '../core/types.js';
import type { CheckCase, CheckReport } from './check.js';
import type { ClassMetrics } from './metrics.js';

export interface CheckStyle {
  pass(s: string): string;
  fail(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

export const PLAIN_STYLE: CheckStyle = { pass: (s) => s, fail: (s) => s, bold: (s) => s, dim: (s) => s };

/** Misclassified conversations the text report lists; the JSON report has them all. */
export const TEXT_MISCLASSIFIED_LIMIT = 50;
/** GitHub shows at most 10 error annotations per step. */
export const GITHUB_ANNOTATION_LIMIT = 10;

const f3 = (x: number): string => x.toFixed(3);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const one = (s: string): string => visible(s, true);
const where = (file: string, line: number): string => `${one(file)}:${line}`;

function table(rows: string[][], rightFrom = 1): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c >= rightFrom ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

function verdictLines(r: CheckReport, style: CheckStyle): string[] {
  const v = r.verdict;
  if (!v.passed) return [style.fail(style.bold(`FAIL: ${plural(v.failures.length, 'problem')}`)), ...v.failures.map((f) => `  - ${one(f)}`)];
  if (v.checked === 0) return [style.bold('No thresholds set: nothing was checked, so nothing can fail (set --min-accuracy, --min-macro-f1, --min-recall, --max-needs-review or --baseline).')];
  const parts = [];
  if (r.thresholds.length) parts.push(`${plural(r.thresholds.length, 'threshold')} met`);
  if (r.baseline) parts.push(`no regression in ${plural(r.baseline.compared, 'baseline metric')}`);
  return [style.pass(style.bold(`PASS: ${parts.join(', ')}`))];
}

/** The human report (stdout by default). */
export function renderCheckText(r: CheckReport, style: CheckStyle = PLAIN_STYLE): string {
  const out: string[] = [];
  const files = r.files.length === 1 ? one(r.files[0]!) : plural(r.files.length, 'file');
  out.push(
    style.bold(`triage check: ${plural(r.conversations, 'conversation')} from ${files}, ${r.labelled} labelled`) +
      (r.fixture_errors.length ? `, ${plural(r.fixture_errors.length, 'fixture error')}` : ''),
  );
  for (const u of r.unreadable) out.push(style.fail(`  unreadable: ${one(u.file)}: ${one(u.error)}`));
  if (r.labelled) {
    out.push('');
    out.push(...table([['label', 'precision', 'recall', 'F1', 'support'], ...LABELS.map((l) => {
      const m = r.label.per_label[l];
      return [l, f3(m.precision), f3(m.recall), f3(m.f1), String(m.support)];
    })]));
    out.push(`accuracy ${f3(r.label.accuracy)}   macro-F1 ${f3(r.label.macro_f1)}   needs review ${pct(r.review.review_rate)} (accuracy on the rest ${f3(r.review.accuracy_rest)})`);
    out.push('', style.dim('confusion (rows: expected, columns: got)'));
    out.push(...table([['', ...LABELS], ...LABELS.map((e) => [e, ...LABELS.map((p) => String(r.label.confusion[e][p]))])]));
    out.push('');
    out.push(...table([['language', 'n', 'accuracy', 'macro-F1'], ...Object.entries(r.languages).map(([lang, m]) => [one(lang), String(m.n), f3(m.accuracy), f3(m.macro_f1)])]));
    const field = (name: string, m: ClassMetrics<string> | undefined, key: string): void => {
      if (m) out.push(`${name}: accuracy ${f3(m.accuracy)}   macro-F1 ${f3(m.macro_f1)}   (${m.n} with a ${key})`);
    };
    if (r.priority || r.sentiment || r.churn_risk) out.push('');
    field('priority', r.priority, 'priority');
    field('sentiment', r.sentiment, 'sentiment');
    if (r.churn_risk) {
      const c = r.churn_risk;
      out.push(`churn risk: precision ${f3(c.precision)}   recall ${f3(c.recall)}   F1 ${f3(c.f1)}   accuracy ${f3(c.accuracy)}   (${c.n} with churn_risk)`);
    }
  }
  if (r.fixture_errors.length) {
    out.push('', style.fail(`fixture errors (${r.fixture_errors.length}):`));
    for (const e of r.fixture_errors.slice(0, TEXT_MISCLASSIFIED_LIMIT)) out.push(`  ${where(e.file, e.line)}  ${e.id === null ? '' : `${one(e.id)}: `}${one(e.error)}`);
    if (r.fixture_errors.length > TEXT_MISCLASSIFIED_LIMIT) out.push(`  … and ${r.fixture_errors.length - TEXT_MISCLASSIFIED_LIMIT} more (--reporter json lists them all)`);
  }
  if (r.misclassified.length) {
    out.push('', `misclassified (${r.misclassified.length}):`);
    for (const m of r.misclassified.slice(0, TEXT_MISCLASSIFIED_LIMIT)) {
      out.push(`  ${where(m.file, m.line)}  ${one(m.id)}  expected ${m.expected}, got ${m.got} (${m.confidence.toFixed(2)})${m.reason ? `  ${one(m.reason)}` : ''}`);
    }
    if (r.misclassified.length > TEXT_MISCLASSIFIED_LIMIT) out.push(`  … and ${r.misclassified.length - TEXT_MISCLASSIFIED_LIMIT} more (--reporter json lists them all)`);
  }
  if (r.thresholds.length) {
    out.push('', 'thresholds:');
    for (const t of r.thresholds) {
      const mark = t.passed ? style.pass('PASS') : style.fail('FAIL');
      // A note means the metric could not be measured: no comparison to show, only why.
      out.push(t.note ? `  ${mark}  ${t.metric} not measured, limit ${f3(t.limit)}  (${t.name}): ${t.note}` : `  ${mark}  ${t.metric} ${f3(t.actual)} ${t.passed ? t.op : t.op === '>=' ? '<' : '>'} ${f3(t.limit)}  (${t.name})`);
    }
  }
  if (r.baseline) {
    const b = r.baseline;
    out.push('', `baseline ${one(b.file)} (tolerance ${f3(b.tolerance)}, measured on ${b.baseline_labelled} labelled): ${plural(b.compared, 'metric')} compared, ${plural(b.regressions.length, 'regression')}`);
    for (const g of b.regressions) out.push(`  ${style.fail('FAIL')}  ${g.metric} ${f3(g.baseline)} → ${f3(g.actual)} (by ${f3(g.drop)})`);
    if (b.missing.length) out.push(style.dim(`  not in this run, not compared: ${b.missing.map(one).join(', ')}`));
    if (b.baseline_labelled !== r.labelled) out.push(style.dim(`  note: the baseline counted ${b.baseline_labelled} labelled conversations, this run ${r.labelled}`));
  }
  if (out[out.length - 1] !== '') out.push('');
  out.push(...verdictLines(r, style));
  return out.join('\n') + '\n';
}

/** The metrics document (schema convo-triage/check@1). */
export function renderCheckJson(r: CheckReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

// XML 1.0 allows tab, LF, CR and these ranges; anything else (other C0 controls, lone surrogates, U+FFFE/FFFF) is removed.
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escape text for XML element content or a quoted attribute. */
export function xmlEscape(s: string, attribute = false): string {
  const e = s
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  // Parsers normalise whitespace in attributes; character references keep it.
  return attribute ? e.replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;') : e;
}

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v), true)}"`)
    .join('');

function caseXml(c: CheckCase): string {
  const head = `    <testcase${attrs({ name: c.id ?? `line ${c.line}`, classname: c.file, time: 0 })}`;
  if (c.error !== undefined) {
    return `${head}>\n      <error${attrs({ message: c.error, type: 'fixture-error' })}>${xmlEscape(`${c.file}:${c.line}: ${c.error}`)}</error>\n    </testcase>`;
  }
  if (c.expected === c.got) return `${head}/>`;
  const body = [`${c.file}:${c.line}`, `expected: ${c.expected}`, `got: ${c.got} (confidence ${(c.confidence ?? 0).toFixed(2)})`, `top reason: ${c.reason ?? '(none)'}`].join('\n');
  return `${head}>\n      <failure${attrs({ message: `expected ${c.expected}, got ${c.got}`, type: 'misclassified' })}>${xmlEscape(body)}</failure>\n    </testcase>`;
}

/** JUnit XML: one testcase per conversation, then the thresholds and baseline as a second testsuite. */
export function renderCheckJUnit(r: CheckReport, cases: readonly CheckCase[]): string {
  const failures = cases.filter((c) => c.error === undefined && c.expected !== c.got).length;
  const errors = cases.filter((c) => c.error !== undefined).length;
  const gate: string[] = [];
  let gateFailures = 0;
  for (const u of r.unreadable) {
    gate.push(`    <testcase${attrs({ name: `read ${u.file}`, classname: 'inputs', time: 0 })}>\n      <error${attrs({ message: u.error, type: 'unreadable' })}>${xmlEscape(`${u.file}: ${u.error}`)}</error>\n    </testcase>`);
  }
  for (const t of r.thresholds) {
    const name = `${t.metric} ${t.op} ${f3(t.limit)}`;
    if (t.passed) gate.push(`    <testcase${attrs({ name, classname: 'thresholds', time: 0 })}/>`);
    else {
      gateFailures++;
      const msg = t.note ?? `${t.metric} ${f3(t.actual)} ${t.op === '>=' ? '<' : '>'} ${f3(t.limit)} (${t.name})`;
      gate.push(`    <testcase${attrs({ name, classname: 'thresholds', time: 0 })}>\n      <failure${attrs({ message: msg, type: 'threshold' })}>${xmlEscape(msg)}</failure>\n    </testcase>`);
    }
  }
  if (r.baseline) {
    const b = r.baseline;
    const regressed = new Map(b.regressions.map((g) => [g.metric, g]));
    gate.push(`    <testcase${attrs({ name: `baseline ${b.file}: ${b.compared} metrics within ${f3(b.tolerance)}`, classname: 'baseline', time: 0 })}${regressed.size ? '>' : '/>'}`);
    if (regressed.size) {
      gateFailures++;
      const msg = [...regressed.values()].map((g) => `${g.metric} ${f3(g.baseline)} → ${f3(g.actual)}`).join('; ');
      gate.push(`      <failure${attrs({ message: `${regressed.size} metrics regressed`, type: 'regression' })}>${xmlEscape(msg)}</failure>\n    </testcase>`);
    }
  }
  const gateTests = gate.filter((g) => g.startsWith('    <testcase')).length;
  const suite = (name: string, tests: number, f: number, e: number, body: string[]): string =>
    `  <testsuite${attrs({ name, tests, failures: f, errors: e, skipped: 0, time: 0 })}${body.length ? `>\n${body.join('\n')}\n  </testsuite>` : '/>'}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'triage check', tests: cases.length + gateTests, failures: failures + gateFailures, errors: errors + r.unreadable.length, time: 0 })}>`,
    suite('classification', cases.length, failures, errors, cases.map(caseXml)),
    suite('thresholds', gateTests, gateFailures, r.unreadable.length, gate),
    '</testsuites>',
    '',
  ].join('\n');
}

/** GitHub workflow-command escaping of the message (data). */
export const ghData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** GitHub workflow-command escaping of a property value (file, title). */
export const ghProperty = (s: string): string => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error` annotations: the verdict, fixture errors, misclassified fixtures; at most 10, then a notice. */
export function renderCheckGithub(r: CheckReport): string {
  const lines: string[] = [];
  if (!r.verdict.passed) lines.push(`::error title=${ghProperty('triage check failed')}::${ghData(r.verdict.failures.join('\n'))}`);
  for (const u of r.unreadable) lines.push(`::error file=${ghProperty(u.file)},title=${ghProperty('Unreadable fixture file')}::${ghData(u.error)}`);
  for (const e of r.fixture_errors) {
    lines.push(`::error file=${ghProperty(e.file)},line=${e.line},title=${ghProperty('Fixture error')}::${ghData(`${e.id === null ? '' : `${e.id}: `}${e.error}`)}`);
  }
  for (const m of r.misclassified) {
    const msg = `expected ${m.expected}, got ${m.got} (confidence ${m.confidence.toFixed(2)})${m.reason ? `; top reason: ${m.reason}` : ''}`;
    lines.push(`::error file=${ghProperty(m.file)},line=${m.line},title=${ghProperty(`Misclassified ${m.id}`)}::${ghData(msg)}`);
  }
  const shown = lines.slice(0, GITHUB_ANNOTATION_LIMIT);
  const more = lines.length - shown.length;
  if (more > 0) shown.push(`::notice::${ghData(`${more} more annotation${more === 1 ? '' : 's'} not shown (GitHub shows ${GITHUB_ANNOTATION_LIMIT} per step); the text or JSON report lists every misclassified conversation`)}`);
  return shown.length ? shown.join('\n') + '\n' : '';
}

const md = (s: string): string => one(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Markdown for $GITHUB_STEP_SUMMARY: verdict, metrics table, thresholds. */
export function renderCheckMarkdown(r: CheckReport): string {
  const v = r.verdict;
  const head = !v.passed ? '❌ FAIL' : v.checked === 0 ? 'ℹ️ no thresholds set' : '✅ PASS';
  const out = [`### triage check: ${head}`, ''];
  out.push('| metric | value |', '|---|---:|');
  out.push(`| conversations | ${r.conversations} (${r.labelled} labelled, ${r.fixture_errors.length} fixture errors) |`);
  out.push(`| accuracy | ${f3(r.label.accuracy)} |`, `| macro-F1 | ${f3(r.label.macro_f1)} |`, `| needs review | ${pct(r.review.review_rate)} |`);
  if (r.priority) out.push(`| priority accuracy | ${f3(r.priority.accuracy)} |`);
  if (r.sentiment) out.push(`| sentiment accuracy | ${f3(r.sentiment.accuracy)} |`);
  if (r.churn_risk) out.push(`| churn risk F1 | ${f3(r.churn_risk.f1)} |`);
  out.push('', '| label | precision | recall | F1 | support |', '|---|---:|---:|---:|---:|');
  for (const l of LABELS) {
    const m = r.label.per_label[l];
    out.push(`| ${l} | ${f3(m.precision)} | ${f3(m.recall)} | ${f3(m.f1)} | ${m.support} |`);
  }
  if (r.thresholds.length) {
    out.push('', '| threshold | limit | actual | result |', '|---|---:|---:|---|');
    for (const t of r.thresholds) out.push(`| ${md(t.name)} | ${t.op} ${f3(t.limit)} | ${f3(t.actual)} | ${t.passed ? 'pass' : 'FAIL'} |`);
  }
  if (!v.passed) out.push('', ...v.failures.map((f) => `- ${md(f)}`));
  return out.join('\n') + '\n\n';
}
