import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClassifiedRecord, OutputRecord } from '../../src/classify/record.js';
import { isoWeek, mergeSummaries, queueOrder, SummaryBuilder, trendOf } from '../../src/report/summary.js';
import { renderSummaryText, sparkline } from '../../src/report/render-text.js';
import { LABELS, PRIORITIES } from '../../src/core/types.js';

function rec(i: number, over: Partial<ClassifiedRecord> = {}): ClassifiedRecord {
  const label = LABELS[i % 3]!;
  return {
    id: `c${i}`,
    label,
    confidence: 0.5 + (i % 5) / 10,
    scores: { support: 0.2, service: 0.3, success: 0.5 },
    priority: PRIORITIES[i % 4]!,
    sentiment: (['negative', 'neutral', 'positive', null] as const)[i % 4]!,
    churn_risk: i % 7 === 0,
    language: ['en', 'ro', 'ru', 'fa', 'is'][i % 5]!,
    needs_review: i % 6 === 0,
    reasons: [{ source: 'rule', id: `${label}.rule${i % 2}`, label, text: 'x', message: 0, weight: 1 }],
    source: { file: 'a.jsonl', line: i + 1 },
    runner_up: { label: 'service', score: 0.3, why: '' },
    text: 'full',
    layout: 'canonical',
    initiator: 'customer',
    created_at: `2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
    subject: `subject ${i}`,
    channel: ['email', 'chat'][i % 2]!,
    ...over,
  };
}

const records = (n: number): OutputRecord[] =>
  Array.from({ length: n }, (_, i) => (i % 13 === 12 ? { id: null, error: 'bad', code: 'BAD_JSON', source: { file: 'a.jsonl', line: i + 1 } } : rec(i)));

function summarise(rs: OutputRecord[], top = 10) {
  const b = new SummaryBuilder({ top, groupBy: 'language' });
  for (const r of rs) b.add(r);
  return b.result();
}

describe('summary', () => {
  it('counts reconcile: labels + errors = total; label × priority sums to labels', () => {
    const s = summarise(records(500));
    expect(s.total).toBe(500);
    expect(s.classified + s.errors).toBe(500);
    expect(LABELS.reduce((a, l) => a + s.labels[l], 0)).toBe(s.classified);
    for (const l of LABELS) expect(PRIORITIES.reduce((a, p) => a + s.label_priority[l][p], 0)).toBe(s.labels[l]);
    expect(Object.values(s.languages).reduce((a, b) => a + b, 0)).toBe(s.classified);
  });

  it('the queue is the top N in triage order: urgent, high, then churn, negative, oldest', () => {
    const s = summarise(records(500), 15);
    expect(s.queue).toHaveLength(15);
    for (let i = 1; i < s.queue.length; i++) expect(queueOrder(s.queue[i - 1]!, s.queue[i]!)).toBeLessThan(0);
    expect(s.queue[0]!.priority).toBe('urgent');
    const big = summarise(records(500), 200).queue;
    const firstHigh = big.findIndex((e) => e.priority === 'high');
    expect(big.slice(0, firstHigh).every((e) => e.priority === 'urgent')).toBe(true);
    const urgent = big.slice(0, firstHigh);
    const firstNoChurn = urgent.findIndex((e) => !e.churn_risk);
    expect(urgent.slice(firstNoChurn).some((e) => e.churn_risk)).toBe(false);
  });

  it('merged shard summaries equal the single-run summary', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 5 }), (n, shards) => {
        const rs = records(n);
        const whole = summarise(rs);
        const size = Math.ceil(n / shards) || 1;
        const parts = Array.from({ length: shards }, (_, k) => summarise(rs.slice(k * size, (k + 1) * size)));
        expect(mergeSummaries(parts)).toEqual(whole);
      }),
      { numRuns: 40 },
    );
  });

  it('trend: days for short ranges, ISO weeks for long ones', () => {
    expect(trendOf({ '2026-03-02': { support: 1, service: 0, success: 0 } }).granularity).toBe('day');
    const t = trendOf({ '2026-01-01': { support: 1, service: 0, success: 0 }, '2026-03-02': { support: 0, service: 2, success: 0 } });
    expect(t.granularity).toBe('week');
    expect(t.periods.map((p) => p.period)).toEqual(['2026-W01', '2026-W10']);
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
  });

  it('text rendering fits 80 columns and neutralises control characters in subjects', () => {
    const rs = records(60).map((r, i) => (i === 0 && !('error' in r) ? { ...r, priority: 'urgent' as const, subject: 'evil \u001b]0;pwned\u0007 \u001b[2J subject' } : r));
    const text = renderSummaryText(summarise(rs));
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(/\u001b/);
    expect(text).toContain('␛]0;pwned␇');
  });

  it('sparkline scales to the largest value', () => {
    expect(sparkline([0, 1, 2, 4])).toBe('▁▃▅█');
  });
});
