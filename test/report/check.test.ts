import { describe, expect, it } from 'vitest';
import type { ClassifiedRecord, Reason } from '../../src/classify/record.js';
import type { Expected, Label } from '../../src/core/types.js';
import { CheckBuilder, type CheckMetrics, checkReport, compareBaseline, parseBaseline, topReason, verdictOf } from '../../src/report/check.js';
import { ghData, ghProperty, renderCheckGithub, renderCheckText, xmlEscape } from '../../src/report/check-render.js';

function record(id: string, label: Label, extra: Partial<ClassifiedRecord> = {}): ClassifiedRecord {
  return {
    id,
    label,
    confidence: 0.8,
    scores: { support: 0.1, service: 0.1, success: 0.1, [label]: 0.8 },
    priority: 'normal',
    sentiment: 'neutral',
    churn_risk: false,
    language: 'en',
    needs_review: false,
    reasons: [],
    source: { file: 'f.jsonl', line: Number(id.replace(/\D/g, '')) || 1 },
    runner_up: { label: label === 'support' ? 'service' : 'support', score: 0.1, why: '' },
    text: 'full',
    layout: 'canonical',
    initiator: 'customer',
    ...extra,
  };
}

function metrics(rows: Array<[Label, Label, Partial<Expected>?, Partial<ClassifiedRecord>?]>): CheckMetrics {
  const b = new CheckBuilder(['f.jsonl']);
  rows.forEach(([expected, got, e, r], i) => b.add(record(`c${i + 1}`, got, r), { label: expected, ...e }));
  return b.result();
}

describe('CheckBuilder', () => {
  it('measures label, languages (fixture language first) and triage fields', () => {
    const m = metrics([
      ['support', 'support', { language: 'ro', priority: 'high' }, { priority: 'high' }],
      ['support', 'service', {}, { language: 'ru' }],
      ['service', 'service', { priority: 'low' }, { priority: null }],
      ['success', 'success', { churn_risk: true }, { churn_risk: true }],
    ]);
    expect(m.labelled).toBe(4);
    expect(m.label.accuracy).toBe(0.75);
    expect(Object.keys(m.languages)).toEqual(['en', 'ro', 'ru']);
    expect(m.languages.ru!.accuracy).toBe(0);
    expect(m.priority!.n).toBe(2);
    expect(m.priority!.accuracy).toBe(0.5);
    expect(m.priority!.confusion.low!.none).toBe(1);
    expect(m.churn_risk).toMatchObject({ n: 1, recall: 1 });
    expect(m.sentiment).toBeUndefined();
    expect(m.misclassified).toEqual([expect.objectContaining({ id: 'c2', line: 2, expected: 'support', got: 'service' })]);
  });

  it('a record without a valid label is a fixture error with file:line', () => {
    const b = new CheckBuilder(['f.jsonl']);
    b.add(record('c7', 'support'), undefined);
    expect(b.result().fixture_errors).toEqual([expect.objectContaining({ file: 'f.jsonl', line: 7, code: 'NO_LABEL' })]);
    expect(b.cases).toHaveLength(1);
  });
});

describe('topReason', () => {
  const rule = (id: string, label: Label): Reason => ({ source: 'rule', id, label, text: id, message: 0, weight: 1 });
  it('takes the first rule for the label it got, else the first lexical term', () => {
    expect(topReason(record('c1', 'service', { reasons: [rule('a.x', 'support'), rule('b.y', 'service')] }))).toBe('rule b.y "b.y"');
    expect(topReason(record('c1', 'service', { reasons: [rule('a.x', 'support'), { source: 'lexical', term: 'w:bill', label: 'service', weight: 1 }] }))).toBe('term "w:bill"');
    expect(topReason(record('c1', 'service'))).toBeNull();
  });
});

describe('verdictOf: one computation for the printed verdict and the exit code', () => {
  const m = metrics([
    ['support', 'support'],
    ['service', 'support'],
  ]);
  it('no thresholds: passed, nothing checked, exit 0, and the text says so', () => {
    const r = checkReport(m, {});
    expect(r.verdict).toEqual({ passed: true, checked: 0, failures: [], exit: 0 });
    expect(renderCheckText(r)).toMatch(/No thresholds set/);
  });
  it('a threshold equal to the score passes; above it fails with exit 1', () => {
    expect(checkReport(m, { minAccuracy: 0.5 }).verdict).toMatchObject({ passed: true, exit: 0, checked: 1 });
    const r = checkReport(m, { minAccuracy: 0.51 });
    expect(r.verdict).toMatchObject({ passed: false, exit: 1, failures: ['accuracy 0.500 < 0.510 (min-accuracy)'] });
    expect(renderCheckText(r)).toMatch(/^FAIL: 1 problem$/m);
  });
  it('recall of a label with no fixtures cannot pass', () => {
    const r = checkReport(m, { minRecall: { success: 0 } });
    expect(r.thresholds[0]).toMatchObject({ passed: false, note: 'no "success" fixtures to measure its recall on' });
  });
  it('an unreadable input is exit 2, whatever else passed', () => {
    const b = new CheckBuilder(['a', 'b']);
    b.add(record('c1', 'support'), { label: 'support' });
    b.fatal('b', 'no such file');
    expect(verdictOf(b.result(), [], null)).toMatchObject({ passed: false, exit: 2 });
  });
});

describe('compareBaseline', () => {
  const good = metrics([
    ['support', 'support'],
    ['service', 'service'],
    ['service', 'service'],
    ['success', 'success'],
  ]);
  it('a drop equal to the tolerance passes; more is a regression; needs-review rising counts', () => {
    const worse = metrics([
      ['support', 'support'],
      ['service', 'service'],
      ['service', 'support', {}, { needs_review: true }],
      ['success', 'success'],
    ]);
    expect(compareBaseline(worse, good, 'b.json', 0.25).regressions.map((r) => r.metric)).not.toContain('accuracy');
    const res = compareBaseline(worse, good, 'b.json', 0.01);
    expect(res.regressions.map((r) => r.metric)).toEqual(expect.arrayContaining(['accuracy', 'recall.service', 'precision.support', 'needs_review']));
    expect(res.regressions.find((r) => r.metric === 'accuracy')).toEqual({ metric: 'accuracy', baseline: 1, actual: 0.75, drop: 0.25 });
    expect(compareBaseline(good, good, 'b.json', 0).regressions).toEqual([]);
  });
  it('metrics the run does not have are listed, not compared', () => {
    const onlySupport = metrics([['support', 'support']]);
    const res = compareBaseline(onlySupport, good, 'b.json', 0.01);
    expect(res.missing).toEqual(expect.arrayContaining(['recall.service', 'f1.success']));
  });
  it('parseBaseline accepts a check report and refuses anything else', () => {
    expect(parseBaseline(JSON.stringify(checkReport(good, {}))).labelled).toBe(4);
    expect(() => parseBaseline('{"schema":"convo-triage/summary@1"}')).toThrow(/not a baseline/);
    expect(() => parseBaseline('nope')).toThrow(/not JSON/);
  });
});

describe('escaping', () => {
  it('XML: the five entities, forbidden characters removed, newlines kept as references in attributes', () => {
    expect(xmlEscape(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(xmlEscape('x\u0000\u0001\u001b\uFFFE\uD800y 😀')).toBe('xy 😀');
    expect(xmlEscape('a\nb\tc', true)).toBe('a&#10;b&#9;c');
    expect(xmlEscape('a\nb')).toBe('a\nb');
  });
  it('GitHub: % CR LF in data; also : and , in properties', () => {
    expect(ghData('50%\r\nnext: a, b')).toBe('50%25%0D%0Anext: a, b');
    expect(ghProperty('50%\r\nnext: a, b')).toBe('50%25%0D%0Anext%3A a%2C b');
  });
});

describe('GitHub reporter', () => {
  it('caps error annotations at 10 (the verdict first), then one notice with the rest', () => {
    const m = metrics(Array.from({ length: 12 }, (): [Label, Label] => ['success', 'support']));
    const out = renderCheckGithub(checkReport(m, { minAccuracy: 0.9 })).trim().split('\n');
    expect(out).toHaveLength(11);
    expect(out[0]).toBe('::error title=triage check failed::accuracy 0.000 < 0.900 (min-accuracy)');
    expect(out.slice(1, 10).every((l) => /^::error file=f\.jsonl,line=\d+,title=Misclassified c\d+::expected success, got support/.test(l))).toBe(true);
    expect(out[10]).toMatch(/^::notice::3 more annotations not shown/);
  });
  it('prints nothing when there is nothing to annotate', () => {
    expect(renderCheckGithub(checkReport(metrics([['support', 'support']]), {}))).toBe('');
  });
});
