import { describe, expect, it } from 'vitest';
import { queueOrder } from '../../src/report/summary.js';
import { cycle, DashboardCollector, filterItems, languagesOf, matchesQuery, NO_FILTERS, segments } from '../../src/ui/model.js';
import { build, dashboardData, ERROR_RECORD, fillers, SPECS } from './fixtures.js';

describe('DashboardCollector', () => {
  it('keeps every classified conversation in triage order and counts errors only in the summary', () => {
    const d = dashboardData({ fill: 12, error: true });
    expect(d.summary.total).toBe(SPECS.length + 12 + 1);
    expect(d.summary.errors).toBe(1);
    expect(d.items).toHaveLength(SPECS.length + 12);
    for (let i = 1; i < d.items.length; i++) expect(queueOrder(d.items[i - 1]!.entry, d.items[i]!.entry)).toBeLessThan(0);
    expect(d.items[0]!.entry.id).toBe('c1'); // the only urgent one
    expect(d.items.slice(1, 3).map((x) => x.entry.id).sort()).toEqual(['c2', 'c8']); // the two high ones
    expect(d.dropped).toBe(0);
  });

  it('past the cap keeps exactly the most urgent ones and says how many were left out; counts cover all', () => {
    const all = dashboardData({ fill: 40 });
    const capped = dashboardData({ fill: 40, cap: 5 });
    expect(capped.items.map((x) => x.entry.id)).toEqual(all.items.slice(0, 5).map((x) => x.entry.id));
    expect(capped.dropped).toBe(all.items.length - 5);
    expect(capped.summary).toEqual(all.summary);
  });

  it('trims in batches while collecting, not only at the end (memory stays near the cap)', () => {
    const c = new DashboardCollector({ cap: 3 });
    const specs = fillers(2000);
    for (const s of specs) {
      const { record, conversation } = build(s);
      c.add(record, conversation);
    }
    const d = c.result(['x']);
    expect(d.items).toHaveLength(3);
    expect(d.dropped).toBe(1997);
    expect(c.seen).toBe(2000);
  });

  it('an error record and a record without its conversation only reach the summary', () => {
    const c = new DashboardCollector();
    c.add(ERROR_RECORD);
    c.add(build(SPECS[0]!).record);
    const d = c.result(['x'], ['a notice']);
    expect(d.summary.total).toBe(2);
    expect(d.items).toHaveLength(0);
    expect(d.dropped).toBe(1);
    expect(d.notices).toEqual(['a notice']);
  });
});

describe('filters and search', () => {
  const d = dashboardData({ fill: 10 });
  const ids = (idx: number[]) => idx.map((i) => d.items[i]!.entry.id);

  it('no filters: everything, in triage order', () => {
    expect(filterItems(d.items, NO_FILTERS)).toEqual(d.items.map((_, i) => i));
  });

  it('label, priority, language, needs-review and churn narrow the queue, and combine', () => {
    expect(ids(filterItems(d.items, { ...NO_FILTERS, priority: 'high' })).sort()).toEqual(['c2', 'c8']);
    expect(ids(filterItems(d.items, { ...NO_FILTERS, churn: true }))).toEqual(['c1', 'c8']);
    expect(ids(filterItems(d.items, { ...NO_FILTERS, review: true }))).toEqual(['c6']);
    expect(ids(filterItems(d.items, { ...NO_FILTERS, language: 'is' }))).toEqual(['f005', 'f010', 'c5']); // low priority last
    expect(ids(filterItems(d.items, { ...NO_FILTERS, label: 'success', churn: true }))).toEqual(['c8']);
    for (const i of filterItems(d.items, { ...NO_FILTERS, label: 'service' })) expect(d.items[i]!.entry.label).toBe('service');
  });

  it('search looks at subject and message text, ignoring case and diacritics', () => {
    expect(ids(filterItems(d.items, { ...NO_FILTERS, query: 'WHOLE TEAM' }))).toEqual(['c1']);
    expect(ids(filterItems(d.items, { ...NO_FILTERS, query: 'trimiteti' }))).toEqual(['c2']); // typed without ț / ă
    expect(ids(filterItems(d.items, { ...NO_FILTERS, query: 'обучение' }))).toEqual(['c3']);
    expect(ids(filterItems(d.items, { ...NO_FILTERS, query: 'pwned' }))).toEqual(['c7']);
    expect(filterItems(d.items, { ...NO_FILTERS, query: 'no such words here' })).toEqual([]);
    expect(matchesQuery(d.items[0]!, '   ')).toBe(true);
  });

  it('languages cycle most frequent first; cycle ends at "any"', () => {
    expect(languagesOf(d.items)).toEqual(['en', 'fa', 'is', 'ro', 'ru']);
    expect(cycle(['a', 'b'], null)).toBe('a');
    expect(cycle(['a', 'b'], 'a')).toBe('b');
    expect(cycle(['a', 'b'], 'b')).toBeNull();
    expect(cycle([], null)).toBeNull();
  });
});

describe('segments (highlighting)', () => {
  it('marks every occurrence, longest phrase first, case ignored, text kept whole', () => {
    const s = segments('I cannot log in. Cannot LOG IN again; log in', ['log in', 'cannot log in']);
    expect(s.map((x) => x.text).join('')).toBe('I cannot log in. Cannot LOG IN again; log in');
    expect(s.filter((x) => x.hit).map((x) => x.text)).toEqual(['cannot log in', 'Cannot LOG IN', 'log in']);
  });

  it('regex characters in a phrase are literal; no phrases means one plain segment', () => {
    expect(segments('costs $5 (plus VAT)', ['$5 (plus']).filter((x) => x.hit).map((x) => x.text)).toEqual(['$5 (plus']);
    expect(segments('plain', [])).toEqual([{ text: 'plain', hit: false }]);
    expect(segments('', ['x'])).toEqual([]);
  });
});
