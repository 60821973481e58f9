/**
 * Aggregation of classified records into a summary: pure data, counts only, so
 * memory does not grow with the number of conversations.
 */
import type { OutputRecord } from '../classify/record.js';
import { isErrorRecord } from '../classify/record.js';
import { LABELS, type Label } from '../core/types.js';

export interface Summary {
  schema: 'convo-triage/summary@1';
  total: number;
  classified: number;
  errors: number;
  labels: Record<Label, number>;
  needs_review: number;
  first_errors: Array<{ id: string | null; error: string; file: string; line: number }>;
}

const FIRST_ERRORS = 10;

export class SummaryBuilder {
  private s: Summary = {
    schema: 'convo-triage/summary@1',
    total: 0,
    classified: 0,
    errors: 0,
    labels: { support: 0, service: 0, success: 0 },
    needs_review: 0,
    first_errors: [],
  };

  add(r: OutputRecord): void {
    this.s.total++;
    if (isErrorRecord(r)) {
      this.s.errors++;
      if (this.s.first_errors.length < FIRST_ERRORS) {
        this.s.first_errors.push({ id: r.id, error: r.error, file: r.source.file, line: r.source.line });
      }
      return;
    }
    this.s.classified++;
    this.s.labels[r.label]++;
    if (r.needs_review) this.s.needs_review++;
  }

  result(): Summary {
    return structuredClone(this.s);
  }
}

const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(1)}%` : '0%');

/** The static text rendering, readable at 80 columns. */
export function renderSummaryText(s: Summary): string {
  const lines: string[] = [];
  lines.push(`Conversations: ${s.total}  (classified ${s.classified}, errors ${s.errors})`);
  lines.push('');
  for (const l of LABELS) lines.push(`  ${l.padEnd(8)} ${String(s.labels[l]).padStart(7)}  ${pct(s.labels[l], s.classified).padStart(6)}`);
  lines.push('');
  lines.push(`Needs review: ${s.needs_review} (${pct(s.needs_review, s.classified)})`);
  if (s.first_errors.length) {
    lines.push('');
    lines.push('First errors:');
    for (const e of s.first_errors) lines.push(`  ${e.file}:${e.line}  ${e.id ?? '(no id)'}  ${e.error}`);
  }
  return lines.join('\n') + '\n';
}
