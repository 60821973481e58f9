import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classMembers, LiteralScanner, regexNeed } from '../../src/classify/regex-literals.js';
import { loadRules } from '../../src/classify/load.js';
import { foldRegexSource } from '../../src/classify/matcher.js';

/** The built-in rules' regexes, folded as the matcher compiles them. */
const builtinRegexes = (): string[] =>
  loadRules()
    .rules.flatMap((r) => r.patterns)
    .map((p) => p.pattern)
    .filter((p): p is { regex: string } => typeof p !== 'string')
    .map((p) => foldRegexSource(p.regex));

describe('regex literal pre-checks', () => {
  it.each([
    ['refund\\s+please', ['refund']],
    ['(?:refund|money back)\\s+please', ['please']], // as long as the group's shortest, and one literal
    ['(?:refunds|money back)\\s+please', ['refunds', 'money back']],
    ['(?:refund|money back)\\s*(?:now)?', ['refund', 'money back']],
    ['(?<![\\p{L}])почему[^.?!\\n]{0,60}(?:списал|списыва)', ['почему']],
    ['a|bc', ['a', 'bc']],
    ['colou?r', ['colo']],
    ['co(?:lou?r)?', ['co']],
    ['gateway\\s+time-?out', ['gateway']],
    ['[a-e]+', ['a', 'b', 'c', 'd', 'e']],
    ['[^a-z]+', null],
    ['[\\s!]x', ['x']],
    ['\\p{L}+', null],
    ['!{3,}', ['!!!']],
    ['a!{2,}b', ['a!!']],
    ['[😊😄](?<=x)', ['😊', '😄']],
    ['[а-я]\\s?\\?{2,}', ['??']],
  ])('%s → %j', (src, expected) => {
    expect(regexNeed(src)).toEqual(expected);
  });

  it('is never wrong on the built-in rules: every match contains one of the literals', () => {
    const regexes = builtinRegexes();
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

  it('enumerates only plain classes', () => {
    expect(classMembers('abc')).toEqual(['a', 'b', 'c']);
    expect(classMembers('a-c-')).toEqual(['a', 'b', 'c', '-']);
    expect(classMembers('\\-x')).toEqual(['-', 'x']);
    expect(classMembers('\\sx')).toBeNull();
    expect(classMembers('^x')).toBeNull();
    expect(classMembers('\u0400-\u04ff')).toBeNull(); // too many members to be a useful pre-check
  });

  it('holds for every built-in regex on random texts made of its own characters', () => {
    const regexes = builtinRegexes();
    for (const src of regexes) {
      const need = regexNeed(src);
      if (!need) continue;
      // The regex's own letters, emoji and punctuation, plus spaces and digits, in random order.
      const alphabet = [...new Set([...src.replace(/\\[pPu]\{[^}]*\}|\\./g, ''), ' ', ' ', '1', '2', 'a'])].filter((c) => !/[[\]()|?*+{}^$\\]/.test(c));
      const words = src.split(/[^\p{L}\p{N} ]+/u).filter((w) => w.trim());
      const re = new RegExp(src, 'u');
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(...(words.length ? words : alphabet))), { maxLength: 14 }), (parts) => {
          const text = parts.join('');
          return !re.test(text) || need.some((l) => text.includes(l));
        }),
        { numRuns: 60, seed: 7 },
      );
    }
  });

  it('the scanner finds exactly the literals a text contains', () => {
    const literals = ['a', 'ab', 'abc', 'bc', '!!', '!', '😊', '😊😊', 'не', 'не могу', ' x'];
    const scanner = new LiteralScanner(literals);
    const found = new Uint8Array(literals.length);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', '!', '😊', 'н', 'е', ' ', 'x', 'могу', '\ud83d'), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        scanner.scan(text, found);
        return literals.every((l, i) => (found[i] === 1) === text.includes(l));
      }),
      { numRuns: 500 },
    );
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
