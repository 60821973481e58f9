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

/** Each character's fold, computed once: the mapped fold runs character by character. */
const FOLD_CHAR_CACHE = new Map<string, string>();

/** Same result as `fold`, plus a map from folded offsets to original offsets. */
export function foldWithMap(text: string): FoldedWithMap {
  let out = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    let piece = FOLD_CHAR_CACHE.get(ch);
    if (piece === undefined) {
      piece = ch.toLowerCase().normalize('NFD').replace(SHORT_I_RE, 'й').replace(MARKS_RE, '').replace(SPECIAL_RE, specialReplace);
      if (FOLD_CHAR_CACHE.size < 50_000) FOLD_CHAR_CACHE.set(ch, piece);
    }
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

// Characters whose fold is not exactly one character: marks, ligatures and letters written out
// (æ → ae, þ → th, ß → ss), and the invisible ones removed. Without them (and without the Persian
// space joins, which change the length), folding maps character i to character i.
const LENGTH_CHANGERS_RE = /[\p{M}æÆþÞßœŒ\u200b-\u200f\u2060\ufeff\u061c\u0640\u0130]/u;

/**
 * A function giving the original words behind a folded span. The common case —
 * folding kept every character in place — needs no offset map at all.
 */
export function spanReader(original: string, folded: string): (start: number, end: number) => string {
  if (folded.length === original.length && !LENGTH_CHANGERS_RE.test(original)) return (start, end) => original.slice(start, end);
  const fm = foldWithMap(original);
  return (start, end) => originalSpan(original, fm, start, end);
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
const LETTER_OR_DIGIT_RE = /[\p{L}\p{N}]/u;
const LETTER_RE = /\p{L}/u;

// Character classes for the tokenizer, filled one 256-character block at a time as text needs them:
// bit 1 = letter or digit, bit 2 = letter. The scanner below is the regex WORD_RE without the
// per-token match objects.
const CLASS = new Uint8Array(0x10000);
const BLOCK_READY = new Uint8Array(0x100);
const charClass = (ch: string): number => (LETTER_OR_DIGIT_RE.test(ch) ? 1 : 0) | (LETTER_RE.test(ch) ? 2 : 0);
function classOf(c: number): number {
  const block = c >> 8;
  if (!BLOCK_READY[block]) {
    for (let i = block << 8, end = i + 256; i < end; i++) CLASS[i] = charClass(String.fromCharCode(i));
    BLOCK_READY[block] = 1;
  }
  return CLASS[c]!;
}
const ASCII_CLASS = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) ASCII_CLASS[c] = classOf(c);

/** Class of the code point outside the BMP whose high surrogate is at i. */
function astralClass(s: string, i: number): number {
  return charClass(String.fromCodePoint(s.codePointAt(i)!));
}

export interface Token {
  text: string;
  start: number;
  end: number;
}

/**
 * Words of already-folded text, with their offsets. Letters, digits and inner apostrophes.
 * A hot path (every message, every rule scan): one pass over char codes, no allocation but the tokens.
 */
export function tokenize(folded: string): Token[] {
  const out: Token[] = [];
  const n = folded.length;
  let i = 0;
  // cls/len of the character at i, recomputed by `at`.
  let cls = 0;
  let len = 1;
  const at = (k: number): void => {
    const c = folded.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < n) {
      cls = astralClass(folded, k);
      len = 2;
    } else {
      cls = c < 0x80 ? ASCII_CLASS[c]! : classOf(c);
      len = 1;
    }
  };
  while (i < n) {
    at(i);
    if (!(cls & 1)) {
      i += len;
      continue;
    }
    const start = i;
    while (i < n && cls & 1) {
      i += len;
      if (i < n) at(i);
    }
    // "can't": an apostrophe followed by letters continues the word.
    while (i + 1 < n && folded.charCodeAt(i) === 0x27) {
      at(i + 1);
      if (!(cls & 2)) break;
      i++;
      while (i < n && cls & 2) {
        i += len;
        if (i < n) at(i);
      }
    }
    out.push({ text: folded.slice(start, i), start, end: i });
  }
  return out;
}

/** Just the words of folded text (no offsets). */
export function words(folded: string): string[] {
  return folded.match(WORD_RE) ?? [];
}

/** A text with its fold and tokens, computed once however many classifiers read it. */
export interface Analysed {
  folded: string;
  tokens: Token[];
  /** Stems per language, filled by the stemmer's users. */
  stems?: Map<string, string[]>;
}

const ANALYSED = new Map<string, Analysed>();
const ANALYSED_LIMIT = 256;

/** Fold and tokenize, memoised for the texts of the conversation being classified. */
export function analyse(text: string): Analysed {
  let a = ANALYSED.get(text);
  if (a) return a;
  const folded = fold(text);
  a = { folded, tokens: tokenize(folded) };
  if (ANALYSED.size >= ANALYSED_LIMIT) ANALYSED.delete(ANALYSED.keys().next().value!);
  ANALYSED.set(text, a);
  return a;
}
