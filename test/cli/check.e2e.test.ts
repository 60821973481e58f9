import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../support/read.js';
import { runBin } from '../support/run.js';

// Labelled fixtures written here, never seen by the tool before. The last one is
// labelled against the taxonomy on purpose, so the true score is below 1 and a
// threshold above it exists.
const fixture = (id: string, label: string | null, body: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, ...(label === null ? {} : { label }), ...extra, messages: [{ role: 'customer', body }] });
const FIXTURES = [
  fixture('t1', 'support', 'I cannot log in since this morning, the password reset link never arrives', { priority: 'high' }),
  fixture('t2', 'service', 'Please send me the invoice for March with our VAT number on it', { sentiment: 'neutral' }),
  fixture('t3', 'success', 'Hi! Checking in ahead of your renewal: shall we review your goals and adoption for next year?'),
  fixture('t4', 'support', 'The app crashes with an error every time I export the report to CSV'),
  fixture('t5', 'service', 'Where is my order? The parcel was supposed to be delivered on Monday', { churn_risk: false }),
  fixture('t6', 'nu-pot-sa-ma-loghez', 'Nu mă pot autentifica în cont de ieri'),
  fixture('t7', 'success', 'The export to CSV fails with error 500 and nothing downloads'),
].join('\n') + '\n';

interface Report {
  schema: string;
  conversations: number;
  labelled: number;
  label: { accuracy: number; macro_f1: number; per_label: Record<string, { recall: number; support: number }> };
  fixture_errors: Array<{ file: string; line: number; code: string }>;
  misclassified: Array<{ id: string; line: number; expected: string; got: string; confidence: number; reason: string | null }>;
  languages: Record<string, { n: number }>;
  priority?: { n: number };
  sentiment?: { n: number };
  churn_risk?: { n: number };
  thresholds: Array<{ name: string; passed: boolean }>;
  baseline: { regressions: Array<{ metric: string }> } | null;
  verdict: { passed: boolean; exit: number; failures: string[] };
}

const labelledOnly = (text: string): string => text.split('\n').filter((l) => !l.includes('"t6"')).join('\n');
const NO_SUMMARY = { GITHUB_STEP_SUMMARY: '' };

async function truth(file: string): Promise<Report> {
  const r = await runBin(['check', file, '--reporter', 'json'], { env: NO_SUMMARY });
  return JSON.parse(r.stdout) as Report;
}

describe('triage check (real bin)', () => {
  it('measures the fixtures: metrics, misclassified with file:line and top reason, fixture errors', async () => {
    const file = tempFile('fixtures.jsonl', FIXTURES);
    const r = await runBin(['check', file, '--reporter', 'json'], { env: NO_SUMMARY });
    // t6 has no valid label: a fixture error, so exit 1 even without thresholds.
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout) as Report;
    expect(rep.schema).toBe('convo-triage/check@1');
    expect(rep.conversations).toBe(7);
    expect(rep.labelled).toBe(6);
    expect(rep.fixture_errors).toEqual([expect.objectContaining({ file, line: 6, code: 'NO_LABEL' })]);
    expect(rep.label.per_label.support!.support).toBe(2);
    expect(rep.label.per_label.service!.support).toBe(2);
    expect(rep.label.per_label.success!.support).toBe(2);
    // t7 is a product failure labelled success: the classifier must not agree with the planted error.
    const t7 = rep.misclassified.find((m) => m.id === 't7');
    expect(t7).toMatchObject({ line: 7, expected: 'success' });
    expect(t7!.got).not.toBe('success');
    expect(t7!.reason).toMatch(/^(rule \S+ ".+"|term ".+")$/);
    expect(rep.label.accuracy).toBeCloseTo(1 - rep.misclassified.length / rep.labelled, 3);
    expect(Object.values(rep.languages).reduce((s, l) => s + l.n, 0)).toBe(6);
    expect(rep.priority?.n).toBe(1);
    expect(rep.sentiment?.n).toBe(1);
    expect(rep.churn_risk?.n).toBe(1);
    expect(rep.verdict).toMatchObject({ passed: false, exit: 1 });

    const text = await runBin(['check', file], { env: NO_SUMMARY });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${file}:6`);
    expect(text.stdout).toMatch(/no valid "label"/);
    expect(text.stdout).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7 {2}t7 {2}expected success, got (support|service)`));
  });

  it('a threshold above the true score exits 1 and prints FAIL; below it exits 0 and prints PASS', async () => {
    const file = tempFile('fixtures.jsonl', labelledOnly(FIXTURES));
    const t = await truth(file);
    expect(t.label.accuracy).toBeLessThan(1);
    expect(t.label.accuracy).toBeGreaterThan(0);
    const above = (t.label.accuracy + 0.01).toFixed(4);
    const below = (t.label.accuracy - 0.01).toFixed(4);

    const fail = await runBin(['check', file, '--min-accuracy', above], { env: NO_SUMMARY });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/FAIL {2}accuracy [\d.]+ < [\d.]+ {2}\(min-accuracy\)/);
    expect(fail.stdout).toMatch(/^FAIL: 1 problem$/m);

    const pass = await runBin(['check', file, '--min-accuracy', below, '--min-macro-f1', '0'], { env: NO_SUMMARY });
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/^PASS: 2 thresholds met$/m);
    expect(pass.stdout).not.toMatch(/FAIL/);

    // Per-label recall: the planted success error caps success recall below 1.
    const recall = await runBin(['check', file, '--min-recall', `success=${(t.label.per_label.success!.recall + 0.01).toFixed(4)}`, '--reporter', 'json'], { env: NO_SUMMARY });
    expect(recall.code).toBe(1);
    expect((JSON.parse(recall.stdout) as Report).thresholds).toEqual([expect.objectContaining({ name: 'min-recall success', passed: false })]);
  });

  it('a run with no thresholds says so and exits 0', async () => {
    const file = tempFile('fixtures.jsonl', labelledOnly(FIXTURES));
    const r = await runBin(['check', file], { env: NO_SUMMARY });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No thresholds set: nothing was checked/);
    expect(r.stdout).not.toMatch(/PASS|FAIL/);
  });

  it('reads CSV fixtures with a label column', async () => {
    const csv = tempFile('fixtures.csv', 'id,subject,body,label\nc1,Login,"I cannot log in, the reset link never arrives",support\nc2,Invoice,Please send the invoice for March,service\n');
    const r = await runBin(['check', csv, '--reporter', 'json', '--min-accuracy', '0'], { env: NO_SUMMARY });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).labelled).toBe(2);
  });

  it('a missing file exits 2 and names it', async () => {
    const r = await runBin(['check', 'no-such-fixtures.jsonl', '--min-accuracy', '0.5'], { env: NO_SUMMARY });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-fixtures.jsonl: no such file');
    expect(r.stdout).toMatch(/1 input file could not be read/);
    // Nothing was measured: the threshold line says so instead of comparing a made-up 0.
    expect(r.stdout).toContain('FAIL  accuracy not measured, limit 0.500  (min-accuracy): no labelled conversations');
  });

  it('usage errors exit 2 before anything is read', async () => {
    const file = tempFile('fixtures.jsonl', labelledOnly(FIXTURES));
    for (const args of [
      ['--min-accuracy', '1.5'],
      ['--min-recall', 'billing=0.5'],
      ['--reporter', 'xml'],
      ['--reporter', 'json', '--output', 'a.json', '--output', 'b.json'],
      ['--reporter', 'json', '--reporter', 'text'],
      ['--baseline', join(dirname(file), 'none.json')],
    ]) {
      const r = await runBin(['check', file, ...args], { env: NO_SUMMARY });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });

  it('JUnit XML parses, holds one testcase per conversation, failures carry expected/got; thresholds are a second suite', async () => {
    // Ids that XML must escape, and a control character XML 1.0 forbids.
    const nasty = FIXTURES.replace('"id":"t7"', '"id":"t7 <&\\"\'>\\u0001"');
    const file = tempFile('fixtures.jsonl', nasty);
    const xmlPath = join(dirname(file), 'junit.xml');
    const jsonPath = join(dirname(file), 'report.json');
    // Positional pairing: the i-th --output goes to the i-th --reporter.
    const r = await runBin(['check', file, '--min-accuracy', '0.1', '--reporter', 'junit', '--reporter', 'json', '--output', xmlPath, '--output', jsonPath], { env: NO_SUMMARY });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const xml = readFileSync(xmlPath, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml) as {
      testsuites: { testsuite: Array<{ name: string; tests: string; failures: string; errors: string; testcase: Array<{ name: string; classname: string; failure?: { message: string; '#text': string }; error?: { message: string } }> }> };
    };
    const [classification, gate] = doc.testsuites.testsuite;
    expect(classification!.name).toBe('classification');
    expect(classification!.testcase).toHaveLength(7);
    expect(classification!.tests).toBe('7');
    const rep = JSON.parse(readFileSync(jsonPath, 'utf8')) as Report;
    expect(Number(classification!.failures)).toBe(rep.misclassified.length);
    expect(classification!.errors).toBe('1');
    const t7 = classification!.testcase.find((c) => c.name.startsWith('t7'))!;
    expect(t7.name).toBe('t7 <&"\'>');
    expect(t7.classname).toBe(file);
    expect(t7.failure!.message).toMatch(/^expected success, got (support|service)$/);
    expect(t7.failure!['#text']).toMatch(/expected: success\ngot: (support|service)/);
    expect(classification!.testcase.find((c) => c.name === 't6')!.error!.message).toMatch(/no valid "label"/);
    expect(gate!.name).toBe('thresholds');
    expect(gate!.testcase.map((c) => c.name)).toEqual(['accuracy >= 0.100']);
  });

  it('GitHub annotations are capped at 10 with a notice; the step summary gets a markdown table', async () => {
    // 14 product failures labelled success: every one is misclassified.
    const many = Array.from({ length: 14 }, (_, i) => fixture(`g${i}, x:1 %`, 'success', `I cannot log in since update ${i}, the app shows error 500`)).join('\n') + '\n';
    const file = tempFile('fixtures.jsonl', many);
    const summary = join(dirname(file), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = await runBin(['check', file, '--reporter', 'github', '--reporter', 'json=' + join(dirname(file), 'r.json')], { env: { GITHUB_STEP_SUMMARY: summary } });
    const rep = JSON.parse(readFileSync(join(dirname(file), 'r.json'), 'utf8')) as Report;
    expect(rep.misclassified.length).toBe(14);
    const lines = r.stdout.trim().split('\n');
    const errors = lines.filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(10);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toMatch(/^::notice::4 more annotations not shown/);
    // Properties escape , and : and %; the line points at the fixture.
    expect(errors[0]).toBe(
      `::error file=${file.replace(/:/g, '%3A')},line=1,title=Misclassified g0%2C x%3A1 %25::expected success, got ${rep.misclassified[0]!.got} (confidence ${rep.misclassified[0]!.confidence.toFixed(2)}); top reason: ${rep.misclassified[0]!.reason}`,
    );
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# earlier step\n')).toBe(true);
    expect(md).toMatch(/### triage check: ℹ️ no thresholds set/);
    expect(md).toMatch(/^\| accuracy \| 0\.000 \|$/m);
    expect(md).toMatch(/^\| success \| 0\.000 \| 0\.000 \| 0\.000 \| 14 \|$/m);
  });

  it('--baseline catches a planted regression; --write-baseline records one', async () => {
    const file = tempFile('fixtures.jsonl', labelledOnly(FIXTURES));
    const baseline = join(dirname(file), 'metrics.json');
    // Rules only (--no-model), so that a rule file alone can plant the regression.
    const w = await runBin(['check', file, '--no-model', '--write-baseline', baseline], { env: NO_SUMMARY });
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/baseline written to/);
    expect(existsSync(baseline)).toBe(true);

    const same = await runBin(['check', file, '--no-model', '--baseline', baseline], { env: NO_SUMMARY });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^PASS: no regression in \d+ baseline metrics$/m);

    // A rule file that pulls every conversation toward service breaks support and success.
    const breaker = tempFile('breaker.yaml', 'rules:\n  - id: acme.everything-service\n    label: service\n    description: Pulls everything toward service\n    weight: 10\n    patterns: [the, i, my, with, since, "on"]\n');
    const broken = await runBin(['check', file, '--no-model', '--baseline', baseline, '--rules', breaker, '--reporter', 'json'], { env: NO_SUMMARY });
    expect(broken.code).toBe(1);
    const rep = JSON.parse(broken.stdout) as Report;
    expect(rep.baseline!.regressions.map((g) => g.metric)).toEqual(expect.arrayContaining(['accuracy', 'recall.support']));
    expect(rep.verdict.failures.join('\n')).toMatch(/accuracy dropped/);

    // A doctored baseline (better than reality) fails too, and the tolerance is honoured.
    const doc = JSON.parse(readFileSync(baseline, 'utf8')) as { label: { accuracy: number } };
    const truthAcc = doc.label.accuracy;
    // t7 is labelled against the taxonomy: 5 of 6 at best.
    expect(truthAcc).toBeLessThan(0.9);
    doc.label.accuracy = truthAcc + 0.05;
    writeFileSync(baseline, JSON.stringify(doc));
    expect((await runBin(['check', file, '--no-model', '--baseline', baseline], { env: NO_SUMMARY })).code).toBe(1);
    expect((await runBin(['check', file, '--no-model', '--baseline', baseline, '--tolerance', '0.1'], { env: NO_SUMMARY })).code).toBe(0);
  });

  it('triage.config.json sets thresholds; flags override it; unknown keys are a usage error', async () => {
    const file = tempFile('fixtures.jsonl', labelledOnly(FIXTURES));
    const dir = dirname(file);
    const t = await truth(file);
    writeFileSync(join(dir, 'triage.config.json'), JSON.stringify({ check: { 'min-accuracy': Math.min(1, t.label.accuracy + 0.01), 'min-recall': { support: 0 } } }));
    const fromFile = await runBin(['check', 'fixtures.jsonl', '--reporter', 'json'], { cwd: dir, env: NO_SUMMARY });
    expect(fromFile.code).toBe(1);
    expect((JSON.parse(fromFile.stdout) as Report).thresholds.map((x) => x.name)).toEqual(['min-accuracy', 'min-recall support']);
    const overridden = await runBin(['check', 'fixtures.jsonl', '--min-accuracy', '0'], { cwd: dir, env: NO_SUMMARY });
    expect(overridden.code).toBe(0);
    expect(overridden.stdout).toMatch(/^PASS: 2 thresholds met$/m);

    const other = join(dir, 'ci.json');
    writeFileSync(other, JSON.stringify({ check: { 'min-acuracy': 0.9 } }));
    const typo = await runBin(['check', 'fixtures.jsonl', '--config', other], { cwd: dir, env: NO_SUMMARY });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown key "check\.min-acuracy"/);
    const missing = await runBin(['check', 'fixtures.jsonl', '--config', 'nope.json'], { cwd: dir, env: NO_SUMMARY });
    expect(missing.code).toBe(2);
  });
});
