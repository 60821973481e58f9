/**
 * Text folding for matching: one canonical form so that rules and the lexical
 * model see the same word however the customer typed it.
 *
 * - case folded; diacritics removed (Romanian ș/ş/s, ț/ţ/t, ă/a; Russian ё→е, but
 *   й stays й: it is a letter of its own that nobody types as и, and stemmers need it;
 *   Icelandic á→a, ö→o; þ→th, ð→d, æ→ae written out);
 * - Arabic letter forms folded to Persian (ي/ى→ی, ك→ک, ة→ه), Persian and
 *   Arabic-Indic digits to ASCII, ZWNJ/ZWJ/tatweel/bidi marks removed, and the
 *   Persian prefix/suffix spacing variants (می خواهم / میخواهم / می‌خواهم) joined;
 * - typographic apostrophes to `'`.
 *
 * `fold` is the fast path used on every message. `foldWithMap` computes the same
 * string plus an offset map back to the original, so an explanation can quote the
 * customer's exact words; it is only called when something matched.
 */

const SPECIAL: Record<string, string> = {
  '\u200c': '', // ZWNJ
  '\u200d': '', // ZWJ
  '\u200b': '', // zero-width space
  '\u2060': '', // word joiner
  '\ufeff': '', // BOM / ZWNBSP
  '\u200e': '', // LRM
  '\u200f': '', // RLM
  '\u061c': '', // Arabic letter mark
  '\u0640': '', // tatweel
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2019': "'",
  '\u2018': "'",
  '\u02bc': "'",
  '`': "'",
  '\u00b4': "'",
  'æ': 'ae',
  'þ': 'th',
  'ð': 'd',
  'ß': 'ss',
  'ø': 'o',
  'œ': 'oe',
  'ı': 'i',
  'ł': 'l',
  'ς': 'σ',
  'ي': 'ی',
  'ى': 'ی',
  'ك': 'ک',
  'ة': 'ه',
  'ە': 'ه',
};
for (let d = 0; d < 10; d++) {
  SPECIAL[String.fromCharCode(0x06f0 + d)] = String(d); // Persian digits
  SPECIAL[String.fromCharCode(0x0660 + d)] = String(d); // Arabic-Indic digits
}

const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'g');
const MARKS_RE = /\p{M}+/gu;
const SHORT_I_RE = /и\u0306/g; // й after NFD
const ARABIC_SCRIPT_RE = /[\u0600-\u06ff]/;
const ASCII_ONLY_RE = /^[\x00-\x7f]*$/;
/**
 * Spaces that Persian writers put where ZWNJ belongs: after the verbal prefix
 * (نمی/می) and before plural/comparative/personal suffixes. Each match is exactly
 * one space, so the fast and the mapped fold delete the same characters.
 */
const PERSIAN_JOIN_RE =
  /(?<=(?:^|[^\u0600-\u06ff])ن?می) (?=[\u0600-\u06ff])|(?<=[\u0600-\u06ff]) (?=(?:ها|های|هایی|تر|ترین|ام|ایم|اید|اند)(?:$|[^\u0600-\u06ff]))/g;

const specialReplace = (c: string): string => SPECIAL[c] ?? c;

/** Fold text for matching (see module doc). Pure and idempotent. */
export function fold(text: string): string {
  let s = text.toLowerCase();
  if (ASCII_ONLY_RE.test(s)) return s.includes('`') ? s.replace(SPECIAL_RE, specialReplace) : s;
  s = s.normalize('NFD').replace(SHORT_I_RE, 'й').replace(MARKS_RE, '').replace(SPECIAL_RE, specialReplace);
  if (ARABIC_SCRIPT_RE.test(s)) s = s.replace(PERSIAN_JOIN_RE, '');
  return s;
}

export interface FoldedWithMap {
  folded: string;
  /** map[i] = index in the original of folded char i; map[folded.length] = original length. */
  map: number[];
}

/** Same result as `fold`, plus a map from folded offsets to original offsets. */
export function foldWithMap(text: string): FoldedWithMap {
  let out = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    let piece = ch.toLowerCase().normalize('NFD').replace(SHORT_I_RE, 'й').replace(MARKS_RE, '');
    piece = piece.replace(SPECIAL_RE, specialReplace);
    // A decomposed й (и + combining breve) folds to й, as in the fast path.
    if (ch === '\u0306' && out.endsWith('и')) out = out.slice(0, -1) + 'й';
    for (let k = 0; k < piece.length; k++) map.push(i);
    out += piece;
    i += ch.length;
  }
  map.push(text.length);
  if (!ARABIC_SCRIPT_RE.test(out)) return { folded: out, map };
  const drop = new Set<number>();
  for (const m of out.matchAll(PERSIAN_JOIN_RE)) drop.add(m.index);
  if (drop.size === 0) return { folded: out, map };
  let joined = '';
  const joinedMap: number[] = [];
  for (let k = 0; k < out.length; k++) {
    if (drop.has(k)) continue;
    joined += out[k];
    joinedMap.push(map[k]!);
  }
  joinedMap.push(text.length);
  return { folded: joined, map: joinedMap };
}

/** The original substring behind a folded span [start, end). */
export function originalSpan(original: string, fm: FoldedWithMap, start: number, end: number): string {
  const from = fm.map[start] ?? original.length;
  // The end maps to the original index of the last folded char, plus that char's length.
  const lastIdx = fm.map[Math.max(start, end - 1)] ?? original.length;
  const cp = original.codePointAt(lastIdx);
  const to = end > start ? lastIdx + (cp !== undefined && cp > 0xffff ? 2 : 1) : from;
  return original.slice(from, Math.min(to, original.length));
}

const WORD_RE = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Words of already-folded text, with their offsets. Letters, digits and inner apostrophes. */
export function tokenize(folded: string): Token[] {
  const out: Token[] = [];
  for (const m of folded.matchAll(WORD_RE)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Just the words of folded text (no offsets): the lexical model's hot path. */
export function words(folded: string): string[] {
  return folded.match(WORD_RE) ?? [];
}
