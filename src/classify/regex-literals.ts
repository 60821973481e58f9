/**
 * Literal pre-checks for rule regexes. For a regex, find a set of strings such
 * that every match contains at least one of them (e.g. `(?:refund|money back)
 * \s+please` → {"refund", "money back"}); the matcher then runs the regex only
 * on texts that contain one. Conservative: whenever the source is not plainly
 * understood, there is no pre-check and the regex always runs. The literals may
 * be short (one character of a class like `[😊😄]`): the matcher finds all of
 * them in one pass over the text (LiteralScanner), not one search per literal.
 */

/** A class with more members than this is no useful pre-check (and is not enumerated). */
const MAX_CLASS_MEMBERS = 64;

interface Item {
  /** Alternatives one of which the item requires, or null when it requires nothing known. */
  need: string[] | null;
  /** The item's text when it is exactly one literal character (for joining runs). */
  char: string | null;
  optional: boolean;
  /** A quantified literal character: its minimum number of repeats. */
  repeats?: number;
}

/**
 * Walk a regex source from `from`, skipping escapes and character classes, and
 * call `at` with each structural character and the group depth before it; stop
 * when `at` returns true. Returns the index where it stopped (or the end), and
 * -1 for unbalanced sources.
 */
function walk(src: string, from: number, at: (c: string, i: number, depth: number) => boolean): number {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (at(c, i, depth)) return i;
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return -1;
  }
  return depth === 0 && !inClass ? src.length : -1;
}

/** Split at top-level `|` (outside groups and classes). */
function splitTop(src: string): string[] | null {
  const out: string[] = [];
  let start = 0;
  const end = walk(src, 0, (c, i, depth) => {
    if (c === '|' && depth === 0) {
      out.push(src.slice(start, i));
      start = i + 1;
    }
    return false;
  });
  if (end < 0) return null;
  out.push(src.slice(start));
  return out;
}

/** Index after the group that starts at `i` (a '('), or -1. */
function groupEnd(src: string, i: number): number {
  const close = walk(src, i, (c, _j, depth) => c === ')' && depth === 1);
  return close < 0 || close >= src.length ? -1 : close + 1;
}

/** A quantifier at `i`: its length, whether it allows zero repeats, and its minimum. */
function quantifier(src: string, i: number): { len: number; zero: boolean; min: number } {
  const c = src[i];
  let len = 0;
  let zero = false;
  let min = 1;
  if (c === '?' || c === '*') {
    len = 1;
    zero = true;
  } else if (c === '+') len = 1;
  else if (c === '{') {
    const m = /^\{(\d*)(,\d*)?\}/.exec(src.slice(i));
    if (m) {
      len = m[0].length;
      zero = (m[1] ?? '') === '' || Number(m[1]) === 0;
      min = Math.min(Number(m[1] || 0), 8);
    }
  }
  if (len && src[i + len] === '?') len++; // lazy
  return { len, zero, min };
}

/**
 * The members of a character class body (between `[` and `]`) when it is a plain list of
 * characters and small ranges; null for negated classes, escapes that name classes (\s, \p{…})
 * and anything large.
 */
export function classMembers(body: string): string[] | null {
  if (body.startsWith('^') || body === '') return null;
  const cps: number[] = [];
  const chars = Array.from(body);
  for (let i = 0; i < chars.length; i++) {
    let c = chars[i]!;
    if (c === '\\') {
      const e = chars[++i] ?? '';
      if (!/[.\-'’/()[\]{}?*+|^$\\!,]/.test(e)) return null;
      c = e;
    } else if (c === '[') return null; // nested class syntax (v flag) is not understood
    const from = c.codePointAt(0)!;
    if (chars[i + 1] === '-' && chars[i + 2] === '\\') return null;
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      const to = chars[i + 2]!.codePointAt(0)!;
      if (to < from || to - from >= MAX_CLASS_MEMBERS) return null;
      for (let k = from; k <= to; k++) cps.push(k);
      i += 2;
    } else cps.push(from);
    if (cps.length > MAX_CLASS_MEMBERS) return null;
  }
  // Combining characters would be matched as part of a base character's cluster: not plain literals.
  if (cps.some((cp) => /\p{M}/u.test(String.fromCodePoint(cp)))) return null;
  return [...new Set(cps.map((cp) => String.fromCodePoint(cp)))];
}

const LITERAL_CHAR = /^[\p{L}\p{N} '’-]$/u;

/** The strongest requirement of one branch (a sequence of items). */
function branchNeed(src: string): string[] | null {
  const items: Item[] = [];
  for (let i = 0; i < src.length; ) {
    let item: Item;
    let next: number;
    const c = src[i]!;
    if (c === '\\') {
      const e = src[i + 1] ?? '';
      // \s \b \d \p{…} etc. are classes or assertions; an escaped punctuation char is a literal.
      if (/[.\-'’/()[\]{}?*+|^$\\]/.test(e)) item = { need: null, char: e, optional: false };
      else item = { need: null, char: null, optional: false };
      next = i + 2;
      if ((e === 'p' || e === 'P' || e === 'u') && src[next] === '{') next = src.indexOf('}', next) + 1 || src.length;
    } else if (c === '[') {
      let j = i + 1;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      item = { need: classMembers(src.slice(i + 1, j)), char: null, optional: false };
      next = j + 1;
    } else if (c === '(') {
      const end = groupEnd(src, i);
      if (end < 0) return null;
      const inner = src.slice(i + 1, end - 1);
      if (/^\?(?:<?[=!])/.test(inner)) {
        item = { need: null, char: null, optional: true }; // an assertion consumes nothing
      } else {
        const body = inner.replace(/^\?(?::|<[A-Za-z_][\w]*>)/, '');
        item = { need: regexNeed(body), char: null, optional: false };
      }
      next = end;
    } else if (c === '.' || c === '^' || c === '$') {
      item = { need: null, char: null, optional: c !== '.' };
      next = i + 1;
    } else {
      item = { need: null, char: LITERAL_CHAR.test(c) ? c : null, optional: false };
      if (!item.char) item.char = c;
      next = i + 1;
    }
    const q = quantifier(src, next);
    let repeats = 0;
    if (q.len) {
      if (q.zero) item = { need: null, char: null, optional: true };
      else if (item.char) {
        // "x{2,}" requires "xx"; the run before it ends there, and the next one starts with "xx".
        repeats = q.min;
        item = { need: null, char: item.char, optional: false };
      }
      next += q.len;
    }
    items.push(repeats ? { ...item, repeats } : item);
    i = next;
  }
  // Runs of literal characters, and group requirements: keep the strongest (longest shortest
  // literal, then fewest alternatives).
  let best: string[] | null = null;
  const strength = (alts: string[]): [number, number] => [Math.min(...alts.map((a) => a.length)), -alts.length];
  const consider = (alts: string[] | null): void => {
    if (!alts || !alts.length || alts.some((a) => a === '')) return;
    if (!best) {
      best = alts;
      return;
    }
    const [a1, a2] = strength(alts);
    const [b1, b2] = strength(best);
    if (a1 > b1 || (a1 === b1 && a2 > b2)) best = alts;
  };
  let run = '';
  for (const it of items) {
    if (it.char !== null && it.repeats) {
      const rep = it.char.repeat(it.repeats);
      consider([run + rep]);
      run = rep;
      continue;
    }
    if (it.char !== null) {
      run += it.char;
      continue;
    }
    consider(run ? [run] : null);
    run = '';
    if (!it.optional) consider(it.need);
  }
  consider(run ? [run] : null);
  return best;
}

/** Strings one of which every match of the (folded) regex source contains; null when unknown. */
export function regexNeed(src: string): string[] | null {
  const branches = splitTop(src);
  if (!branches) return null;
  const all: string[] = [];
  for (const b of branches) {
    const need = branchNeed(b);
    if (!need) return null;
    all.push(...need);
  }
  return [...new Set(all)];
}

/**
 * Finds which of many literals occur in a text in one pass. Candidates are indexed by their first
 * two UTF-16 units: a character that starts no literal costs one typed-array read, and a common
 * letter that starts a few is only followed up when the next character fits too.
 */
export class LiteralScanner {
  private readonly first = new Uint8Array(0x10000);
  private readonly second = new Uint8Array(0x10000);
  /** One-unit literals by their unit. */
  private readonly single = new Map<number, number[]>();
  /** Longer literals by (first unit << 16 | second unit). */
  private readonly byPair = new Map<number, Array<{ lit: string; id: number }>>();
  readonly size: number;

  constructor(literals: readonly string[]) {
    this.size = literals.length;
    literals.forEach((lit, id) => {
      const c = lit.charCodeAt(0);
      this.first[c] = 1;
      if (lit.length === 1) {
        let ids = this.single.get(c);
        if (!ids) this.single.set(c, (ids = []));
        ids.push(id);
        return;
      }
      const c2 = lit.charCodeAt(1);
      this.second[c2] = 1;
      const key = c * 0x10000 + c2;
      let list = this.byPair.get(key);
      if (!list) this.byPair.set(key, (list = []));
      list.push({ lit, id });
    });
  }

  /** found[id] = 1 for every literal the text contains. */
  scan(text: string, found: Uint8Array): void {
    found.fill(0);
    const { first, second, single, byPair } = this;
    const n = text.length;
    let c = n > 0 ? text.charCodeAt(0) : 0;
    for (let i = 0; i < n; i++) {
      const c2 = i + 1 < n ? text.charCodeAt(i + 1) : -1;
      if (first[c]) {
        const ids = single.size ? single.get(c) : undefined;
        if (ids) for (const id of ids) found[id] = 1;
        if (c2 >= 0 && second[c2]) {
          const list = byPair.get(c * 0x10000 + c2);
          if (list) for (const { lit, id } of list) if (!found[id] && (lit.length === 2 || text.startsWith(lit, i))) found[id] = 1;
        }
      }
      c = c2;
    }
  }
}
