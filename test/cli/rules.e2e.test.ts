import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../support/read.js';
import { runBin } from '../support/run.js';

const BAD = `rules:
  - id: acme.dup
    label: support
    description: first definition
    patterns: [portal down]
    examples:
      match: [the portal down again]
  - id: acme.dup
    label: service
    description: second definition, same id
    patterns: [portal invoice]
  - id: acme.slow
    label: support
    description: a regex that backtracks exponentially
    patterns:
      - {regex: "(a+)+$"}
    examples:
      match: [aaa]
  - id: acme.broken
    label: support
    description: patterns that cannot compile
    patterns:
      - {regex: "(unclosed"}
      - "maybe? first"
    examples:
      match: [first]
`;

// Four rules whose firings on the corpus below are known exactly.
const MINE = `rules:
  - id: acme.portal-down
    label: support
    description: The portal is down
    patterns: [portal down]
    examples:
      match: [the portal down again]
  - id: acme.portal
    label: support
    description: Anything about the portal
    patterns: [portal]
    examples:
      match: [our portal]
  - id: acme.invoice
    label: service
    description: Invoices
    patterns: [invoice*]
    examples:
      match: [the invoices]
      no_match: [an envoy]
  - id: acme.zebra
    label: success
    description: Never said by anyone
    patterns: [zebra crossing]
    examples:
      match: [a zebra crossing]
`;
const conv = (id: string, label: string, body: string) => JSON.stringify({ id, label, messages: [{ role: 'customer', body }] });
const CORPUS = [
  conv('c1', 'support', 'The portal down again this morning'),
  conv('c2', 'service', 'Portal down and now a late invoice'),
  conv('c3', 'service', 'Please resend the invoice for March'),
  conv('c4', 'support', 'Cannot open the portal settings page'),
  conv('c5', 'success', 'Thanks for the great quarterly review'),
].join('\n') + '\n';

interface RuleStat {
  id: string;
  fired: number;
  coverage: number;
  overlaps: number;
  conflicts: number;
  accuracy: number | null;
  shadowed: boolean;
  shadowed_by: string[];
}

describe('triage rules lint', () => {
  it('flags a duplicate id, a catastrophic regex and patterns that do not compile; exit 1', async () => {
    const bad = tempFile('bad.yaml', BAD);
    const r = await runBin(['rules', 'lint', '--rules', bad, '--no-builtin'], { cwd: dirname(bad) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error {4}bad\.yaml {2}acme\.dup: duplicate id "acme\.dup"/m);
    expect(r.stdout).toMatch(/^error {4}bad\.yaml {2}acme\.slow: regex \/\(a\+\)\+\$\/ may backtrack catastrophically/m);
    expect(r.stdout).toMatch(/acme\.broken: regex \/\(unclosed\/ does not compile/);
    expect(r.stdout).toMatch(/acme\.broken: pattern "maybe\? first" must start with a required word/);
    expect(r.stdout).toMatch(/^4 errors, 0 warnings$/m);

    const j = await runBin(['rules', 'lint', '--rules', bad, '--no-builtin', '--json'], { cwd: dirname(bad) });
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout) as { errors: number; problems: Array<{ code: string; rule: string; file: string }> };
    expect(doc.errors).toBe(4);
    expect(doc.problems.map((p) => [p.code, p.rule])).toEqual([
      ['DUPLICATE_ID', 'acme.dup'],
      ['UNSAFE_REGEX', 'acme.slow'],
      ['BAD_PATTERN', 'acme.broken'],
      ['BAD_PATTERN', 'acme.broken'],
    ]);
  });

  it('reports every bad rule of a file, not only the first, and still lints the others', async () => {
    const many = tempFile(
      'many.yaml',
      [
        'rules:',
        '  - {id: acme.one, label: support, weight: 1, patterns: [crash]}',
        '  - {id: acme.two, label: nosuchlabel, description: bad label, weight: 1, patterns: [foo]}',
        '  - {id: acme.three, label: support, description: unclosed, weight: 1, patterns: [{regex: "[abc"}]}',
        '  - {id: acme.four, label: support, description: fine, weight: 1, patterns: [bar], examples: {match: [bar], no_match: [baz]}}',
      ].join('\n') + '\n',
    );
    const r = await runBin(['rules', 'lint', '--rules', many]);
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('error'));
    expect(errors.map((l) => l.replace(/\s+/g, ' ').replace(many, 'F'))).toEqual([
      'error F acme.one: "description" is required',
      'error F acme.two: "label" must be one of support, service, success',
      expect.stringMatching(/^error F acme\.three: regex \/\[abc\/ does not compile/),
    ]);
  });

  it('the built-in rules lint clean: exit 0', async () => {
    const r = await runBin(['rules', 'lint', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { errors: number; rules: number };
    expect(doc.errors).toBe(0);
    expect(doc.rules).toBeGreaterThan(20);
  });

  it('--corpus: coverage, overlaps, conflicts, accuracy, never-firing and shadowed rules', async () => {
    const mine = tempFile('mine.yaml', MINE);
    const corpus = tempFile('corpus.jsonl', CORPUS);
    const r = await runBin(['rules', 'lint', '--rules', mine, '--no-builtin', '--corpus', corpus, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { corpus: { conversations: number; labelled: number; rules: RuleStat[]; never_fire: string[]; shadowed: string[] } };
    expect(doc.corpus.conversations).toBe(5);
    expect(doc.corpus.labelled).toBe(5);
    const s = Object.fromEntries(doc.corpus.rules.map((x) => [x.id, x]));
    // portal-down fires on c1, c2; portal on c1, c2, c4; invoice on c2, c3.
    expect(s['acme.portal-down']).toMatchObject({ fired: 2, coverage: 0.4, overlaps: 0.4, conflicts: 0.2, accuracy: 0.5, shadowed: true, shadowed_by: ['acme.portal'] });
    expect(s['acme.portal']).toMatchObject({ fired: 3, coverage: 0.6, overlaps: 0.4, conflicts: 0.2, accuracy: 0.6667, shadowed: false });
    expect(s['acme.invoice']).toMatchObject({ fired: 2, coverage: 0.4, overlaps: 0, conflicts: 0.2, accuracy: 1, shadowed: false });
    expect(s['acme.zebra']).toMatchObject({ fired: 0, coverage: 0, accuracy: null });
    expect(doc.corpus.never_fire).toEqual(['acme.zebra']);
    expect(doc.corpus.shadowed).toEqual(['acme.portal-down']);

    const text = await runBin(['rules', 'lint', '--rules', mine, '--no-builtin', '--corpus', corpus]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^acme\.portal-down +support +2 +40\.0% +40\.0% +20\.0% +0\.500 +acme\.portal$/m);
    expect(text.stdout).toMatch(/^never fire \(1\): acme\.zebra$/m);
  });

  it('an unreadable corpus exits 2', async () => {
    const mine = tempFile('mine.yaml', MINE);
    const r = await runBin(['rules', 'lint', '--rules', mine, '--no-builtin', '--corpus', 'no-such-corpus.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-corpus.jsonl: no such file');
  });
});

describe('triage rules test', () => {
  it('passes when every example holds; a failing example exits 1 naming the rule', async () => {
    const mine = tempFile('mine.yaml', MINE);
    const ok = await runBin(['rules', 'test', '--rules', mine, '--no-builtin']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^PASS: 5 examples of 4 rules$/m);

    const wrong = tempFile('wrong.yaml', MINE.replace('match: [the invoices]', 'match: [the invoices, a receipt]').replace('no_match: [an envoy]', 'no_match: [an invoice]'));
    const r = await runBin(['rules', 'test', '--rules', wrong, '--no-builtin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL acme\.invoice \(.*wrong\.yaml\): should match "a receipt"$/m);
    expect(r.stdout).toMatch(/^FAIL acme\.invoice \(.*wrong\.yaml\): should not match "an invoice" \(matched "invoice"\)$/m);
    expect(r.stdout).toMatch(/^FAIL: 2 of 6 examples failed, in 1 rule: acme\.invoice$/m);
  });

  it('the built-in rules pass their own examples, with a user file beside them', async () => {
    const mine = tempFile('mine.yaml', MINE);
    const r = await runBin(['rules', 'test', '--rules', mine, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { rules: number; examples: number; failures: unknown[] };
    expect(doc.failures).toEqual([]);
    expect(doc.rules).toBeGreaterThan(4);
  });
});

describe('triage rules list', () => {
  it('lists every rule with id, label, languages and description', async () => {
    const mine = tempFile('mine.yaml', MINE.replace('patterns: [invoice*]', 'patterns: {en: [invoice*], ro: [factur*]}'));
    const r = await runBin(['rules', 'list', '--rules', mine, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { rules: Array<{ id: string; label: string | null; signal: string | null; languages: string[]; description: string }> };
    expect(doc.rules.find((x) => x.id === 'acme.invoice')).toMatchObject({ label: 'service', signal: null, languages: ['en', 'ro'], description: 'Invoices' });
    expect(doc.rules.find((x) => x.id === 'support.login-failure')).toMatchObject({ label: 'support' });
    expect(new Set(doc.rules.map((x) => x.id)).size).toBe(doc.rules.length);
    const text = await runBin(['rules', 'list', '--rules', mine, '--no-builtin']);
    expect(text.stdout).toMatch(/^acme\.invoice +service +en,ro +Invoices$/m);
    expect(text.stdout).toMatch(/^4 rules, 0 tie-breaks$/m);
  });
});

describe('user regexes are checked when rules load', () => {
  it('a catastrophic regex in a --rules file is a usage error naming the file and rule id (exit 2)', async () => {
    const slow = tempFile('slow.yaml', 'rules:\n  - id: acme.slow\n    label: support\n    description: d\n    patterns:\n      - {regex: "^(\\\\w+\\\\s?)*$"}\n');
    const r = await runBin(['classify', '--rules', slow], { stdin: conv('x', 'support', 'hello') + '\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/slow\.yaml: invalid rule "acme\.slow": regex \/\^\(\\w\+\\s\?\)\*\$\/ may backtrack catastrophically/);
  });

  it('a safe regex with an optional group and a lookbehind loads', async () => {
    const ok = tempFile('ok.yaml', 'rules:\n  - id: acme.amount\n    label: service\n    description: d\n    patterns:\n      - {regex: "(?<![\\\\p{L}])\\\\d+(?:[.,]\\\\d+)? ?eur\\\\b"}\n');
    const r = await runBin(['classify', '--rules', ok], { stdin: conv('x', 'service', 'You charged me 12,50 eur twice') + '\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"id":"acme\.amount"/);
  });
});
