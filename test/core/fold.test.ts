import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, foldWithMap, originalSpan, spanReader, tokenize, words } from '../../src/core/fold.js';

describe('fold', () => {
  it.each([
    ['Nu mă pot autentifica', 'nu ma pot autentifica'],
    ['ŞTERGERE ţară', 'stergere tara'], // cedilla forms
    ['ștergere țară', 'stergere tara'], // comma-below forms
    ['Ещё раз', 'еще раз'],
    ['Войти ЙОГУРТ', 'войти йогурт'],
    ['ÞETTA ER ÆÐI', 'thetta er aedi'],
    ['Ég get ekki skráð mig inn', 'eg get ekki skrad mig inn'],
    ['كيف يمكنني', 'کیف یمکننی'], // Arabic kaf/yeh → Persian
    ['۱۲۳ تومان', '123 تومان'],
    ['I can’t log in', "i can't log in"],
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('joins the Persian verbal prefix however it is written', () => {
    const withZwnj = fold('نمی\u200cتوانم وارد شوم');
    expect(fold('نمیتوانم وارد شوم')).toBe(withZwnj);
    expect(fold('نمی توانم وارد شوم')).toBe(withZwnj);
  });

  it('joins Persian plural suffixes written with a space or ZWNJ', () => {
    const joined = fold('فاکتورها');
    expect(fold('فاکتور\u200cها')).toBe(joined);
    expect(fold('فاکتور ها')).toBe(joined);
  });

  it('is idempotent on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => fold(fold(s)) === fold(s)),
      { numRuns: 300 },
    );
  });

  it('foldWithMap gives the same string as fold on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => foldWithMap(s).folded === fold(s)),
      { numRuns: 500 },
    );
  });

  it('spanReader gives the same words as the full offset map, for any span', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), fc.nat(), (s, a, b) => {
        const folded = fold(s);
        const [start, end] = [Math.min(a, b) % (folded.length + 1), Math.max(a, b) % (folded.length + 1)].sort((x, y) => x - y) as [number, number];
        // Matches start and end on whole characters, never inside a surrogate pair.
        const inPair = (i: number) => /[\udc00-\udfff]/.test(folded[i] ?? '');
        if (inPair(start) || inPair(end)) return true;
        return spanReader(s, folded)(start, end) === originalSpan(s, foldWithMap(s), start, end);
      }),
      { numRuns: 500 },
    );
  });

  it('treats a decomposed й like the composed one', () => {
    expect(foldWithMap('ви\u0306ти').folded).toBe(fold('ви\u0306ти'));
    expect(fold('ви\u0306ти')).toBe('вйти');
  });

  it('maps a folded span back to the exact original words', () => {
    const text = 'Bună ziua, NU MĂ POT AUTENTIFICA din dimineață';
    const fm = foldWithMap(text);
    const start = fm.folded.indexOf('nu ma pot');
    expect(originalSpan(text, fm, start, start + 'nu ma pot autentifica'.length)).toBe('NU MĂ POT AUTENTIFICA');
    const fa = 'سلام، نمی توانم وارد شوم';
    const ffa = foldWithMap(fa);
    const s2 = ffa.folded.indexOf('نمیتوانم');
    expect(originalSpan(fa, ffa, s2, s2 + 'نمیتوانم'.length)).toBe('نمی توانم');
  });
});

describe('tokenize', () => {
  it('keeps Romanian, Icelandic and Russian words whole', () => {
    expect(words(fold('Factura nr. 12 — plătită?'))).toEqual(['factura', 'nr', '12', 'platita']);
    expect(words(fold('Þjónustuborðið svaraði ekki'))).toEqual(['thjonustubordid', 'svaradi', 'ekki']);
    expect(words(fold('Не могу войти в личный кабинет'))).toEqual(['не', 'могу', 'войти', 'в', 'личный', 'кабинет']);
  });

  it('keeps Persian words with ZWNJ as one token', () => {
    expect(words(fold('می\u200cخواهم اشتراکم را لغو کنم'))).toEqual(['میخواهم', 'اشتراکم', 'را', 'لغو', 'کنم']);
  });

  it('the scanner finds exactly the words the word regex finds, at the same offsets', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const f = fold(s);
        const byRegex = [...f.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
        expect(tokenize(f)).toEqual(byRegex);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives offsets into the folded text', () => {
    const t = tokenize(fold("I can't"));
    expect(t).toEqual([
      { text: 'i', start: 0, end: 1 },
      { text: "can't", start: 2, end: 7 },
    ]);
  });
});
