import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { Matcher, compilePhrase, foldRegexSource } from '../../src/classify/matcher.js';
import { RuleEngine } from '../../src/classify/rule-engine.js';
import { loadRules } from '../../src/classify/load.js';
import { loadRuleFiles, type RuleSpec, validateRuleDoc } from '../../src/classify/rules.js';
import { tempFile } from '../support/read.js';
import { fold, tokenize } from '../../src/core/fold.js';

const builtin = loadRules();
const engine = new RuleEngine(builtin);

describe('built-in rules: their own examples (RuleTester style)', () => {
  for (const rule of builtin.rules) {
    describe(rule.id, () => {
      it.each(rule.examples.match.map((t) => [t]))('matches %j', (text) => {
        expect(engine.matchText(text).map((h) => h.rule.id)).toContain(rule.id);
      });
      it.each(rule.examples.no_match.map((t) => [t]))('does not match %j', (text) => {
        expect(engine.matchText(text).map((h) => h.rule.id)).not.toContain(rule.id);
      });
    });
  }

  it('every rule has at least one must-match example', () => {
    expect(builtin.rules.filter((r) => r.examples.match.length === 0).map((r) => r.id)).toEqual([]);
  });
});

const rule = (patterns: RuleSpec['patterns'], extra: Partial<RuleSpec> = {}): RuleSpec => ({
  id: 'x.test',
  label: 'support',
  signal: null,
  description: 'test',
  weight: 1,
  languages: [],
  tags: [],
  roles: ['customer', 'agent'],
  fields: ['text', 'subject'],
  negatable: false,
  patterns,
  examples: { match: [], no_match: [] },
  file: 'test.yaml',
  ...extra,
});

function matches(pattern: string, text: string): string[] {
  const m = new Matcher([rule([{ lang: null, pattern }])]);
  const folded = fold(text);
  return m.match(folded, tokenize(folded)).map((h) => folded.slice(h.start, h.end));
}

describe('phrase patterns', () => {
  it.each([
    ["can't|cannot log in", 'I CANNOT log in today', ['cannot log in']],
    ['autentific*', 'nu merge autentificarea', ['autentificarea']],
    ['was charged? twice', 'I was twice billed, I was charged twice', ['was twice', 'was charged twice']],
    ['refund ... outage', 'refund for the big outage', ['refund for the big outage']],
    ['refund ... outage', 'refund a b c d outage', []],
    ['refund ... outage', 'I want a refund. The outage cost us', []],
    ['kick-off', 'the kick off call', ['kick off']],
    ['nu pot sa ma loghez', 'Nu pot să mă loghez', ['nu pot sa ma loghez']],
    ['не могу войти', 'Не могу войти в кабинет', ['не могу войти']],
    ['نمی‌توانم وارد شوم', 'نمي توانم وارد شوم', ['نمیتوانم وارد شوم']],
    ['get ekki skráð mig', 'eg get ekki skrad mig inn', ['get ekki skrad mig']],
  ])('%j in %j', (pattern, text, expected) => {
    expect(matches(pattern, text)).toEqual(expected);
  });

  it('rejects patterns that cannot mean what they say', () => {
    expect(() => compilePhrase('does not|isn work', 0, 'r', 'f')).not.toThrow();
    expect(() => compilePhrase('go-live|go live', 0, 'r', 'f')).toThrow(UsageError);
    expect(() => compilePhrase('maybe? first', 0, 'r', 'f')).toThrow(/required word/);
    expect(() => compilePhrase('a*', 0, 'r', 'f')).toThrow(/too short/);
    expect(() => compilePhrase('refund ...', 0, 'r', 'f')).toThrow(/cannot end/);
  });

  it('folds regex literals but keeps escapes and property classes', () => {
    expect(foldRegexSource('Ş\\S+\\p{L}(?<Name>x)\\k<Name>')).toBe('s\\S+\\p{L}(?<Name>x)\\k<Name>');
  });
});

describe('rule files are validated', () => {
  const doc = (r: Record<string, unknown>) => ({ rules: [{ id: 'a.b', label: 'support', description: 'd', patterns: ['x'], ...r }] });
  it.each([
    [{ label: 'billing' }, /label/],
    [{ id: 'Bad Id' }, /id/],
    [{ patterns: [{ regexp: 'x' }] }, /bad pattern/],
    [{ weight: 0 }, /weight/],
    [{ roles: ['robot'] }, /roles/],
    [{ colour: 'red' }, /unknown key "colour"/],
  ])('%j is refused', (r, msg) => {
    expect(() => validateRuleDoc(doc(r), 'user.yaml')).toThrow(msg);
  });

  it('names the file and rule id', () => {
    try {
      validateRuleDoc(doc({ label: 'nope' }), 'my-rules.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).context).toEqual({ file: 'my-rules.yaml', ruleId: 'a.b' });
    }
  });

  it('language files add patterns and examples to rules defined elsewhere', () => {
    const defs = tempFile('defs.yaml', 'rules:\n  - id: x.login\n    label: support\n    description: d\n');
    const ro = tempFile('ro.yaml', 'language: ro\npatterns:\n  x.login:\n    - nu ma pot loga\nexamples:\n  x.login:\n    match: [nu mă pot loga]\n');
    const set = loadRuleFiles([defs, ro]);
    expect(set.rules[0]).toMatchObject({ languages: ['ro'], patterns: [{ lang: 'ro', pattern: 'nu ma pot loga' }], examples: { match: ['nu mă pot loga'] } });
  });

  it('a rule with no patterns anywhere, or patterns for an unknown id, is refused', () => {
    const defs = tempFile('defs.yaml', 'rules:\n  - id: x.login\n    label: support\n    description: d\n');
    expect(() => loadRuleFiles([defs])).toThrow(/no patterns/);
    const stray = tempFile('ro.yaml', 'language: ro\npatterns:\n  x.nope:\n    - ceva\n');
    expect(() => loadRuleFiles([defs, stray])).toThrow(/no rule file defines/);
  });

  it('duplicate ids across files are refused', () => {
    const a = tempFile('a.yaml', 'rules:\n  - id: x.dup\n    label: support\n    description: d\n    patterns: [a]\n');
    const b = tempFile('b.yaml', 'rules:\n  - id: x.dup\n    label: service\n    description: d\n    patterns: [b]\n');
    expect(() => loadRuleFiles([a, b])).toThrow(/duplicate id/);
  });

  it('reads patterns per language and derives the languages', () => {
    const { rules } = validateRuleDoc(doc({ patterns: { en: ['error'], ro: ['eroare'] } }), 'f.yaml');
    expect(rules[0]!.languages).toEqual(['en', 'ro']);
    expect(rules[0]!.patterns).toEqual([
      { lang: 'en', pattern: 'error' },
      { lang: 'ro', pattern: 'eroare' },
    ]);
  });
});

describe('negation', () => {
  const engine2 = new RuleEngine(loadRules());
  const ids = (t: string) => engine2.matchText(t).map((h) => h.rule.id);
  it('cancels a negatable rule in the same clause only', () => {
    expect(ids('There are no errors anymore')).not.toContain('support.error-message');
    expect(ids('No, the report shows an error again')).toContain('support.error-message');
  });
});

describe('regex script gates', () => {
  it('a regex of Cyrillic or Persian letters only runs on text in that script', async () => {
    const { scriptGate } = await import('../../src/classify/matcher.js');
    expect(scriptGate('(?<![\\p{L}])почему[^.?!\\n]{0,60}')).toBe('cyrillic');
    expect(scriptGate('[\\u0600-\\u06ff][\\s.,!،]{0,3}x')).toBe(null);
    expect(scriptGate('ممنون\\s+(?:خیلی)')).toBe('arabic');
    expect(scriptGate('\\b(?:takk|eg)\\b')).toBe(null);
    expect(scriptGate('gateway\\s+timeout|шлюз')).toBe(null);
  });
});
