/**
 * Compiled rule patterns. Phrase patterns are indexed by their first word (exact
 * words in a hash map, prefixes by length), so one pass over a message's tokens
 * finds every candidate of every rule; only candidates are verified slot by
 * slot. Regex patterns run on the folded text, on a bounded length.
 */
import { fold, type Token } from '../core/fold.js';
import { UsageError } from '../core/errors.js';
import { LiteralScanner, regexNeed } from './regex-literals.js';
import type { RuleSpec } from './rules.js';

export interface Slot {
  exact: string[];
  prefixes: string[];
  optional: boolean;
  /** A gap slot: skip 0..gap tokens. */
  gap: number;
}

export interface Phrase {
  rule: number;
  slots: Slot[];
  source: string;
}

export interface RawHit {
  rule: number;
  /** Offsets in the folded text. */
  start: number;
  end: number;
}

/** Regexes only see this much of a message: matching time stays bounded. */
export const REGEX_TEXT_LIMIT = 20_000;
const MAX_GAP = 3;

/** Compile a phrase pattern into slots (see rules.ts for the syntax). */
export function compilePhrase(src: string, rule: number, ruleId: string, file: string): Phrase {
  // A hyphenated word is a word sequence in the text ("kick-off" → kick, off).
  const words = fold(src)
    .trim()
    .split(/\s+/)
    .flatMap((w) => (!w.includes('|') && /[\p{L}\p{N}]-[\p{L}\p{N}]/u.test(w) ? w.split('-') : [w]));
  const slots: Slot[] = [];
  for (const w of words) {
    if (w === '...' || w === '…') {
      slots.push({ exact: [], prefixes: [], optional: false, gap: MAX_GAP });
      continue;
    }
    let word = w;
    let optional = false;
    if (word.endsWith('?') && word.length > 1) {
      optional = true;
      word = word.slice(0, -1);
    }
    const slot: Slot = { exact: [], prefixes: [], optional, gap: 0 };
    for (const alt of word.split('|')) {
      if (!alt) throw new UsageError(`invalid rule "${ruleId}": empty alternative in pattern "${src}"`, { file, ruleId }, 'BAD_RULE');
      if (!/^[\p{L}\p{N}']+\*?$/u.test(alt)) {
        throw new UsageError(
          `invalid rule "${ruleId}": "${alt}" in pattern "${src}" is not one word; alternatives are single words (write a separate pattern, or use {regex: …})`,
          { file, ruleId },
          'BAD_RULE',
        );
      }
      if (alt.endsWith('*')) {
        const p = alt.slice(0, -1);
        if (p.length < 2) throw new UsageError(`invalid rule "${ruleId}": prefix "${alt}" in "${src}" is too short (2 letters at least)`, { file, ruleId }, 'BAD_RULE');
        slot.prefixes.push(p);
      } else slot.exact.push(alt);
    }
    slots.push(slot);
  }
  const first = slots[0];
  if (!first || first.optional || first.gap) {
    throw new UsageError(`invalid rule "${ruleId}": pattern "${src}" must start with a required word`, { file, ruleId }, 'BAD_RULE');
  }
  const last = slots[slots.length - 1]!;
  if (last.gap) throw new UsageError(`invalid rule "${ruleId}": pattern "${src}" cannot end with "..."`, { file, ruleId }, 'BAD_RULE');
  return { rule, slots, source: src };
}

/**
 * Fold the literal characters of a regex source (so authors may write "ș" or
 * "Не могу"), copying escapes, property classes and group names verbatim.
 */
export function foldRegexSource(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if ((n === 'p' || n === 'P' || n === 'u' || n === 'k') && (src[i + 2] === '{' || src[i + 2] === '<')) {
        const close = src.indexOf(src[i + 2] === '{' ? '}' : '>', i + 2);
        const end = close < 0 ? src.length : close + 1;
        out += src.slice(i, end);
        i = end - 1;
      } else {
        out += c + n;
        i++;
      }
      continue;
    }
    if (c === '(' && src[i + 1] === '?' && src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
      const close = src.indexOf('>', i);
      const end = close < 0 ? src.length : close + 1;
      out += src.slice(i, end);
      i = end - 1;
      continue;
    }
    out += fold(c);
  }
  return out;
}

export function compileRegex(src: string, ruleId: string, file: string): RegExp {
  try {
    return new RegExp(foldRegexSource(src), 'gu');
  } catch (err) {
    throw new UsageError(`invalid rule "${ruleId}": regex /${src}/ does not compile: ${(err as Error).message}`, { file, ruleId }, 'BAD_RULE');
  }
}

/** A character trie of the first words' prefixes: one walk per token finds every prefix that matches. */
interface TrieNode {
  next: Map<number, TrieNode>;
  phrases?: Phrase[];
}

/** Which script a regex needs in the text to have any chance of matching (from its literal letters). */
export type ScriptGate = 'cyrillic' | 'arabic' | null;

const CYRILLIC_RE = /[\u0400-\u04ff]/;
const ARABIC_RE = /[\u0600-\u06ff]/;

export function scriptGate(foldedSource: string): ScriptGate {
  // Escapes (\p{L}, \s, \b, \u…) name classes, not letters the text must contain.
  const literal = foldedSource.replace(/\\[pPu]\{[^}]*\}|\\./g, '');
  const latin = /[a-z]/.test(literal);
  const cyr = CYRILLIC_RE.test(literal);
  const arabic = ARABIC_RE.test(literal);
  if (cyr && !latin && !arabic) return 'cyrillic';
  if (arabic && !latin && !cyr) return 'arabic';
  return null;
}

/**
 * Phrases that start with the same word, split by their second word when it is
 * a plain required word: a common first word ("nu", "не", "not") starts a
 * hundred phrases, and only those whose second word follows are verified.
 */
interface FirstWordEntry {
  bySecond: Map<string, Phrase[]>;
  others: Phrase[];
}

function addByFirstWord(entry: FirstWordEntry, ph: Phrase): void {
  const second = ph.slots[1];
  if (second && !second.optional && !second.gap && second.prefixes.length === 0) {
    for (const w of second.exact) push(entry.bySecond, w, ph);
  } else entry.others.push(ph);
}

export class Matcher {
  private readonly exact = new Map<string, FirstWordEntry>();
  private readonly prefixTrie: TrieNode = { next: new Map() };
  private readonly regexes: Array<{ rule: number; re: RegExp; gate: ScriptGate; need: Int32Array | null }> = [];
  /** Every regex's pre-check literals, found in one pass per text. */
  private readonly scanner: LiteralScanner;
  private readonly found: Uint8Array;
  readonly phrases: Phrase[] = [];
  /** The text being matched (gaps must not cross a sentence end in it). */
  private folded = '';

  constructor(rules: readonly RuleSpec[]) {
    const literals = new Map<string, number>();
    const literalId = (l: string): number => {
      let id = literals.get(l);
      if (id === undefined) literals.set(l, (id = literals.size));
      return id;
    };
    rules.forEach((r, ri) => {
      for (const { pattern: p, slots } of r.patterns) {
        if (typeof p === 'string') {
          const ph = slots ? { rule: ri, slots, source: p } : compilePhrase(p, ri, r.id, r.file);
          this.phrases.push(ph);
          const first = ph.slots[0]!;
          for (const e of first.exact) {
            let entry = this.exact.get(e);
            if (!entry) this.exact.set(e, (entry = { bySecond: new Map(), others: [] }));
            addByFirstWord(entry, ph);
          }
          for (const pre of first.prefixes) {
            let node = this.prefixTrie;
            for (let i = 0; i < pre.length; i++) {
              const c = pre.charCodeAt(i);
              let n = node.next.get(c);
              if (!n) node.next.set(c, (n = { next: new Map() }));
              node = n;
            }
            (node.phrases ??= []).push(ph);
          }
        } else {
          const re = compileRegex(p.regex, r.id, r.file);
          const need = regexNeed(re.source);
          this.regexes.push({ rule: ri, re, gate: scriptGate(re.source), need: need ? Int32Array.from(need, literalId) : null });
        }
      }
    });
    this.scanner = new LiteralScanner([...literals.keys()]);
    this.found = new Uint8Array(this.scanner.size);
  }

  /** Every (rule, span) match in folded text whose tokens are given. */
  match(folded: string, tokens: readonly Token[]): RawHit[] {
    this.folded = folded;
    const hits: RawHit[] = [];
    for (let t = 0; t < tokens.length; t++) {
      const word = tokens[t]!.text;
      const ex = this.exact.get(word);
      if (ex) {
        for (const ph of ex.others) this.verify(ph, tokens, t, hits);
        const next = tokens[t + 1];
        const bySecond = next && ex.bySecond.size ? ex.bySecond.get(next.text) : undefined;
        if (bySecond) for (const ph of bySecond) this.verify(ph, tokens, t, hits);
      }
      let node: TrieNode | undefined = this.prefixTrie;
      for (let i = 0; i < word.length && node; i++) {
        node = node.next.get(word.charCodeAt(i));
        if (node?.phrases) for (const ph of node.phrases) this.verify(ph, tokens, t, hits);
      }
    }
    if (this.regexes.length) {
      const text = folded.length > REGEX_TEXT_LIMIT ? folded.slice(0, REGEX_TEXT_LIMIT) : folded;
      const cyrillic = CYRILLIC_RE.test(text);
      const arabic = ARABIC_RE.test(text);
      const found = this.found;
      this.scanner.scan(text, found);
      for (const { rule, re, gate, need } of this.regexes) {
        if ((gate === 'cyrillic' && !cyrillic) || (gate === 'arabic' && !arabic)) continue;
        // Every match contains one of these strings: without them, the regex cannot match.
        if (need && !need.some((id) => found[id] === 1)) continue;
        re.lastIndex = 0;
        const m = re.exec(text);
        if (m && m[0].length > 0) hits.push({ rule, start: m.index, end: m.index + m[0].length });
      }
    }
    return hits;
  }

  private verify(ph: Phrase, tokens: readonly Token[], start: number, hits: RawHit[]): void {
    const end = matchSlots(ph.slots, 1, tokens, start + 1, this.folded);
    if (end >= 0) hits.push({ rule: ph.rule, start: tokens[start]!.start, end: tokens[end - 1]!.end });
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const slotAccepts = (slot: Slot, word: string): boolean =>
  slot.exact.includes(word) || slot.prefixes.some((p) => word.startsWith(p));

const SENTENCE_END = /[.!?;\n؟؛]/;

/** Match slots[s..] from token t; returns the token index after the match, or -1. */
function matchSlots(slots: readonly Slot[], s: number, tokens: readonly Token[], t: number, folded: string): number {
  if (s === slots.length) return t;
  const slot = slots[s]!;
  if (slot.gap) {
    // "a ... b" stays within one sentence: no sentence end between the words around the gap.
    const from = tokens[t - 1]!.end;
    for (let skip = 0; skip <= slot.gap && t + skip < tokens.length; skip++) {
      if (SENTENCE_END.test(folded.slice(from, tokens[t + skip]!.start))) break;
      const r = matchSlots(slots, s + 1, tokens, t + skip, folded);
      if (r >= 0) return r;
    }
    return -1;
  }
  if (t < tokens.length && slotAccepts(slot, tokens[t]!.text)) {
    const r = matchSlots(slots, s + 1, tokens, t + 1, folded);
    if (r >= 0) return r;
  }
  return slot.optional ? matchSlots(slots, s + 1, tokens, t, folded) : -1;
}
