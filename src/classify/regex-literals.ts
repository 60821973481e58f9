/**
 * Literal pre-checks for rule regexes. For a regex, find a set of strings such
 * that every match contains at least one of them (e.g. `(?:refund|money back)
 * \s+please` → {"refund", "money back"}); the matcher then runs the regex only
 * on texts that contain one. Conservative: whenever the source is not plainly
 * understood, there is no pre-check and the regex always runs.
 */

const MIN_LITERAL = 3;

interface Item {
  /** Alternatives one of which the item requires, or null when it requires nothing known. */
  need: string[] | null;
  /** The item's text when it is exactly one literal character (for joining runs). */
  char: string | null;
  optional: boolean;
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

/** A quantifier at `i`: its length and whether it allows zero repeats. */
function quantifier(src: string, i: number): { len: number; zero: boolean } {
  const c = src[i];
  let len = 0;
  let zero = false;
  if (c === '?' || c === '*') {
    len = 1;
    zero = true;
  } else if (c === '+') len = 1;
  else if (c === '{') {
    const m = /^\{(\d*)(,\d*)?\}/.exec(src.slice(i));
    if (m) {
      len = m[0].length;
      zero = (m[1] ?? '') === '' || Number(m[1]) === 0;
    }
  }
  if (len && src[i + len] === '?') len++; // lazy
  return { len, zero };
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
      item = { need: null, char: null, optional: false };
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
    if (q.len) {
      if (q.zero) item = { need: null, char: null, optional: true };
      else if (item.char) item = { need: [item.char], char: null, optional: false }; // one repeat is required, not a run
      next += q.len;
    }
    items.push(item);
    i = next;
  }
  // Runs of literal characters, and group requirements: keep the strongest.
  let best: string[] | null = null;
  const consider = (alts: string[] | null): void => {
    if (!alts || !alts.length) return;
    const min = Math.min(...alts.map((a) => a.length));
    if (min < MIN_LITERAL) return;
    if (!best || min > Math.min(...best.map((a) => a.length))) best = alts;
  };
  let run = '';
  for (const it of items) {
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
