/**
 * The static summary for pipes, CI logs and `--no-tui`: plain text, readable at
 * 80 columns, no cursor movement, customer text made safe for terminals.
 */
import { visible, truncate } from '../core/safe-text.js';
import { LABELS, PRIORITIES } from '../core/types.js';
import type { QueueEntry, Summary } from './summary.js';

const WIDTH = 80;
const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(1)}%` : '0.0%');
const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of counts, one character per period. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(...values, 0);
  return values.map((v) => (max === 0 ? BARS[0] : BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))])).join('');
}

const counts = (m: Record<string, number>, limit = 8): string => {
  const e = Object.entries(m).filter(([, n]) => n > 0);
  const shown = e.slice(0, limit).map(([k, n]) => `${visible(k, true)} ${n}`);
  if (e.length > limit) shown.push(`… ${e.length - limit} more`);
  return shown.join(', ') || '—';
};

function queueLine(e: QueueEntry): string[] {
  const flags = [e.churn_risk ? 'churn' : '', e.needs_review ? 'review' : ''].filter(Boolean).join(',');
  const head = `${e.priority.padEnd(6)} ${e.label.padEnd(7)} ${e.confidence.toFixed(2)} ${e.language.padEnd(3)} ${(e.sentiment ?? '?').slice(0, 3).padEnd(3)} ${flags.padEnd(12)} `;
  const subject = truncate(visible(e.subject || '(no subject)', true), WIDTH - head.length - 1);
  return [head + subject, `         ${truncate(visible(`${e.id} · ${e.why}`, true), WIDTH - 9)}`];
}

export function renderSummaryText(s: Summary): string {
  const out: string[] = [];
  out.push(`Conversations: ${s.total} (classified ${s.classified}, errors ${s.errors})   needs review: ${s.needs_review} (${pct(s.needs_review, s.classified)})`);
  out.push('');
  out.push(`${'label'.padEnd(9)}${'count'.padStart(7)}${'%'.padStart(8)}   ${PRIORITIES.map((p) => p.padStart(7)).join('')}`);
  for (const l of LABELS) {
    out.push(`${l.padEnd(9)}${String(s.labels[l]).padStart(7)}${pct(s.labels[l], s.classified).padStart(8)}   ${PRIORITIES.map((p) => String(s.label_priority[l][p]).padStart(7)).join('')}`);
  }
  out.push(`${'total'.padEnd(9)}${String(s.classified).padStart(7)}${''.padStart(8)}   ${PRIORITIES.map((p) => String(s.priority[p]).padStart(7)).join('')}`);
  out.push('');
  out.push(`Sentiment:  ${counts(s.sentiment)}`);
  out.push(`Churn risk: ${s.churn_risk}`);
  out.push(`Languages:  ${counts(s.languages)}`);
  out.push(`Channels:   ${counts(s.channels)}`);
  out.push(`Text:       ${counts(s.text_coverage)}`);
  if (s.group_by) {
    out.push('');
    out.push(`By ${s.group_by.field}:${' '.repeat(Math.max(1, 12 - s.group_by.field.length))}${LABELS.map((l) => l.padStart(9)).join('')}${'total'.padStart(8)}`);
    for (const [k, g] of Object.entries(s.group_by.groups).sort((a, b) => b[1].total - a[1].total)) {
      out.push(`  ${truncate(visible(k, true), 13).padEnd(13)}${LABELS.map((l) => String(g[l]).padStart(9)).join('')}${String(g.total).padStart(8)}`);
    }
  }
  if (s.trend.periods.length) {
    out.push('');
    out.push(`Trend by ${s.trend.granularity} (${s.trend.periods[0]!.period} … ${s.trend.periods[s.trend.periods.length - 1]!.period}):`);
    const last = s.trend.periods.slice(-60);
    for (const l of LABELS) out.push(`  ${l.padEnd(8)} ${sparkline(last.map((p) => p[l]))}`);
  }
  if (s.queue.length) {
    out.push('');
    out.push(`Triage queue (top ${s.queue.length}): priority label conf lang sentiment flags subject`);
    for (const e of s.queue) out.push(...queueLine(e).map((l) => `  ${l}`));
  }
  if (s.churn.length) {
    out.push('');
    out.push(`Churn risk (${s.churn_risk}; top ${s.churn.length}):`);
    for (const e of s.churn) out.push(`  ${truncate(visible(`${e.id}  ${e.subject || '(no subject)'}  — ${e.why}`, true), WIDTH - 2)}`);
  }
  out.push('');
  out.push('Top reasons:');
  for (const l of LABELS) {
    const rs = s.top_reasons[l].slice(0, 5).map((r) => `${visible(r.reason, true)} ${r.count}`).join(', ');
    out.push(`  ${l.padEnd(8)} ${truncate(rs || '—', WIDTH - 11)}`);
  }
  if (s.first_errors.length) {
    out.push('');
    out.push(`First errors (${s.errors}):`);
    for (const e of s.first_errors) out.push(`  ${truncate(visible(`${e.file}:${e.line}  ${e.id ?? '(no id)'}  ${e.error}`, true), WIDTH - 2)}`);
  }
  return out.join('\n') + '\n';
}
