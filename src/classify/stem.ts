/**
 * Stemming per language, on folded words: natural's Porter stemmers for English
 * and Russian, the Snowball Romanian stemmer, and light suffix stripping for
 * Persian and Icelandic (no maintained stemmer exists for them in JS). Results
 * are memoised: most words of a run repeat.
 */
import { createRequire } from 'node:module';
import type { Lang } from './language.js';

const require = createRequire(import.meta.url);

type StemFn = (w: string) => string;
interface NaturalStemmer {
  stem(w: string): string;
}

let english: StemFn | undefined;
let russian: StemFn | undefined;
let romanian: StemFn | undefined;

function load(): void {
  if (english) return;
  // natural only through its subfolders: its root import prints to stdout and is slow.
  const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as NaturalStemmer;
  const porterRu = require('natural/lib/natural/stemmers/porter_stemmer_ru.js') as NaturalStemmer;
  const snowball = require('snowball-stemmers') as { newStemmer(lang: string): NaturalStemmer };
  const ro = snowball.newStemmer('romanian');
  english = (w) => porter.stem(w);
  russian = (w) => porterRu.stem(w);
  romanian = (w) => ro.stem(w);
}

// Icelandic inflection: definite article and case endings, longest first (folded forms: ð→d, þ→th).
const IS_SUFFIXES = [
  'unum', 'anna', 'inum', 'inni', 'unni', 'arnir', 'urnar', 'irnar', 'ingar', 'ingu', 'inga', 'ana', 'una', 'inn',
  'ins', 'ind', 'ann', 'num', 'ir', 'ar', 'ur', 'um', 'an', 'in', 'id', 'na', 'ni', 'nar', 'a', 'i', 'u', 's',
];
// Persian: plural, possessive, object and comparative suffixes (ZWNJ already folded away).
const FA_SUFFIXES = ['هایمان', 'هایشان', 'هایتان', 'هایم', 'هایت', 'هایش', 'های', 'ها', 'ترین', 'تر', 'یمان', 'یشان', 'یتان', 'مان', 'شان', 'تان', 'ات', 'ام', 'اش', 'ی', 'م', 'ت', 'ش'];

function stripSuffix(w: string, suffixes: readonly string[], minStem: number): string {
  for (const s of suffixes) if (w.length - s.length >= minStem && w.endsWith(s)) return w.slice(0, -s.length);
  return w;
}

const isCyrillic = (w: string): boolean => /[\u0400-\u04ff]/.test(w);
const isArabicScript = (w: string): boolean => /[\u0600-\u06ff]/.test(w);

function stemOne(w: string, lang: Lang): string {
  if (w.length < 4 || /^\d/.test(w)) return w;
  load();
  // Script first: a Cyrillic word in an English thread is still Russian.
  if (isCyrillic(w)) return russian!(w);
  if (isArabicScript(w)) return stripSuffix(w, FA_SUFFIXES, 3);
  switch (lang) {
    case 'ro':
      return romanian!(w);
    case 'is':
      return stripSuffix(w, IS_SUFFIXES, 3);
    default:
      return english!(w);
  }
}

// Per language; bounded so that a long tail of rare words cannot grow memory (cleared when full).
const CACHE_LIMIT = 50_000;
const caches = new Map<Lang, Map<string, string>>();

/** The stem of a folded word in a conversation of language `lang`. */
export function stem(w: string, lang: Lang): string {
  let cache = caches.get(lang);
  if (!cache) caches.set(lang, (cache = new Map()));
  let s = cache.get(w);
  if (s === undefined) {
    s = stemOne(w, lang);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(w, s);
  }
  return s;
}
