import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fold, tokenize } from '../../src/core/fold.js';

const require = createRequire(import.meta.url);
const { WordTokenizer } = require('natural/lib/natural/tokenizers/index.js') as { WordTokenizer: new () => { tokenize(s: string): string[] } };
const ours = (s: string) => tokenize(fold(s)).map((t) => t.text);

describe('tokenization in every language (natural\'s WordTokenizer breaks these; ours must not)', () => {
  it.each([
    ['ro', 'Factura nu s-a încărcat în aplicație', ['factura', 'nu', 's', 'a', 'incarcat', 'in', 'aplicatie']],
    ['is', 'Þjónustuborðið svaraði ekki á föstudaginn', ['thjonustubordid', 'svaradi', 'ekki', 'a', 'fostudaginn']],
    ['fa', 'نمی‌توانم وارد حساب کاربری‌ام شوم', ['نمیتوانم', 'وارد', 'حساب', 'کاربریام', 'شوم']],
    ['ru', 'Не могу войти в личный кабинет', ['не', 'могу', 'войти', 'в', 'личный', 'кабинет']],
  ])('%s', (_lang, text, expected) => {
    expect(ours(text)).toEqual(expected);
    // The baseline we avoid: natural splits at non-ASCII letters or ZWNJ, or drops the words.
    expect(new WordTokenizer().tokenize(text)).not.toEqual(expected);
  });
});
