import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/classify/load.js';
import { assertSafeRegexes, forSafeRegex, isSafeRegex } from '../../src/classify/redos.js';
import { loadRuleFiles, type RulePattern } from '../../src/classify/rules.js';
import { UsageError } from '../../src/core/errors.js';
import { tempFile } from '../support/read.js';

describe('forSafeRegex: what safe-regex2 parses', () => {
  it.each([
    ['(?<![\\p{L}])x', '(?![\\p{L}])x'],
    ['(?<=a)b', '(?=a)b'],
    ['(?<name>a)', '(?<name>a)'],
    ['\\d+(?:[.,]\\d+)?', '\\d+(?:[.,]\\d+)'],
    ['(a+)??b', '(a+)b'],
    ['(a+){0,1}b', '(a+)b'],
    ['(a+)*', '(a+)*'],
    ['\\(?<!x\\)?', '\\(?<!x\\)?'],
    ['[(?<!)?]+', '[(?<!)?]+'],
  ])('%s → %s', (src, out) => {
    expect(forSafeRegex(src)).toBe(out);
  });
});

describe('isSafeRegex (safe-regex2)', () => {
  it.each(['(a+)+$', '^(\\w+\\s?)*$', '((a+)?)*b', '(?<!x)(a+)+y', '(?:\\d+)*x'])('%s is catastrophic', (src) => {
    expect(isSafeRegex(src)).toBe(false);
  });
  it.each(['!{3,}', '\\b\\d+(?:[.,]\\d+)?\\s?(?:lei|ron)\\b', '(?<![\\p{L}\\p{N}])заказ[а-я]*\\s*\\d{3,}', '\\butgaf[au]n?\\s+v?\\d'])('%s is safe', (src) => {
    expect(isSafeRegex(src)).toBe(true);
  });

  it('every built-in regex passes', () => {
    const unsafe = loadRules().rules.flatMap((r) => r.patterns.flatMap((p) => (typeof p.pattern !== 'string' && !isSafeRegex(p.pattern.regex) ? [`${r.id}: ${p.pattern.regex}`] : [])));
    expect(unsafe).toEqual([]);
  });
});

describe('assertSafeRegexes', () => {
  const rx = (regex: string): RulePattern => ({ lang: null, pattern: { regex } });
  it('refuses a catastrophic regex with a usage error naming the file and rule', () => {
    try {
      assertSafeRegexes([{ id: 'acme.ok', patterns: [{ lang: null, pattern: 'a b' }, rx('a+b')] }, { id: 'acme.slow', patterns: [rx('(a+)+$')] }], 'mine.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).code).toBe('UNSAFE_REGEX');
      expect((err as UsageError).context).toEqual({ file: 'mine.yaml', ruleId: 'acme.slow' });
      expect((err as UsageError).message).toMatch(/acme\.slow.*\(a\+\)\+\$.*catastrophically/);
    }
  });

  it('reports a regex that does not compile as such, not as catastrophic', () => {
    expect(() => assertSafeRegexes([{ id: 'acme.x', patterns: [rx('(unclosed')] }], 'f.yaml')).toThrow(/does not compile/);
  });

  it('runs on the files it is told are the user\'s, including language files', () => {
    const defs = tempFile('defs.yaml', 'rules:\n  - id: x.slow\n    label: support\n    description: d\n    patterns: [word]\n');
    const lang = tempFile('en.yaml', 'language: en\npatterns:\n  x.slow:\n    - {regex: "(x+)+y"}\n');
    expect(loadRuleFiles([defs, lang]).rules[0]!.patterns).toHaveLength(2);
    expect(() => loadRuleFiles([defs, lang], { checkRegexIn: new Set([lang]) })).toThrow(/x\.slow.*catastrophically/);
  });
});
