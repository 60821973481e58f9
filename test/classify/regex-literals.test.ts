import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regexNeed } from '../../src/classify/regex-literals.js';
import { loadRules } from '../../src/classify/load.js';
import { foldRegexSource } from '../../src/classify/matcher.js';

describe('regex literal pre-checks', () => {
  it.each([
    ['refund\\s+please', ['refund']],
    ['(?:refund|money back)\\s+please', ['refund', 'money back']],
    ['(?:refund|money back)\\s*(?:now)?', ['refund', 'money back']],
    ['(?<![\\p{L}])почему[^.?!\\n]{0,60}(?:списал|списыва)', ['почему']],
    ['a|bc', null],
    ['colou?r', ['colo']],
    ['co(?:lou?r)?', null],
    ['gateway\\s+time-?out', ['gateway']],
    ['[a-z]+', null],
    ['!{3,}', null],
  ])('%s → %j', (src, expected) => {
    expect(regexNeed(src)).toEqual(expected);
  });

  it('is never wrong on the built-in rules: every match contains one of the literals', () => {
    const regexes = loadRules()
      .rules.flatMap((r) => r.patterns)
      .map((p) => p.pattern)
      .filter((p): p is { regex: string } => typeof p !== 'string')
      .map((p) => foldRegexSource(p.regex));
    const sample = (src: string): string[] => {
      // Strings the regex matches, found by matching it against sentences built from its own pieces.
      const pieces = src.split(/[^\p{L}\p{N} ]+/u).filter((s) => s.trim().length > 0);
      return pieces.flatMap((a) => pieces.map((b) => `${a} ${b}`));
    };
    for (const src of regexes) {
      const need = regexNeed(src);
      if (!need) continue;
      const re = new RegExp(src, 'u');
      for (const text of sample(src)) {
        const m = re.exec(text);
        if (m) expect(need.some((l) => text.includes(l)), `${src} on "${text}"`).toBe(true);
      }
    }
  });

  it('holds on random texts for simple alternations', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('refund', 'money back', 'please', 'now', ' ', 'x'), { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        const src = '(?:refund|money back)\\s*(?:now)?';
        const need = regexNeed(src)!;
        return !new RegExp(src, 'u').test(text) || need.some((l) => text.includes(l));
      }),
      { numRuns: 300 },
    );
  });
});
