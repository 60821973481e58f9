/**
 * Catastrophic backtracking in `{regex: …}` rule patterns, judged by safe-regex2
 * (fastify's maintained checker: a regex is unsafe when quantifiers nest, star
 * height > 1, or when it has more than 25 of them). Phrase patterns compile to
 * token matching and cannot backtrack, so only regexes are checked.
 *
 * safe-regex2 parses with `ret`, which does not know lookbehind and counts an
 * optional group `(…)?` as a repetition; two rewrites of the source, neither
 * of which changes how deeply repetitions nest, let it judge what V8 runs:
 *   (?<= / (?<!   → (?= / (?!   (same structure, looking the other way)
 *   (…)? / (…){0,1} → (…)       (taken at most once: it cannot multiply paths,
 *                                while ((a+)?)* keeps its outer star and stays unsafe)
 * It is a heuristic: it catches the exponential classics ((a+)+, (\w+\s?)*) but
 * not overlapping alternatives such as (a|a)* or polynomial \d+\d+; matching
 * time stays bounded anyway by REGEX_TEXT_LIMIT in matcher.ts.
 */
import { createRequire } from 'node:module';
import { UsageError } from '../core/errors.js';
import { compileRegex, foldRegexSource } from './matcher.js';
import type { RulePattern } from './rules.js';

type SafeRegex = (re: string | RegExp, opts?: { limit?: number }) => boolean;

let checker: SafeRegex | undefined;
// Loaded on first use: most runs have no user regexes and never pay for it.
const safeRegex = (): SafeRegex => (checker ??= createRequire(import.meta.url)('safe-regex2') as SafeRegex);

/** The source as safe-regex2's parser can read it (see the header). Exported for tests. */
export function forSafeRegex(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (c === '(' && src[i + 1] === '?' && src[i + 2] === '<' && (src[i + 3] === '=' || src[i + 3] === '!')) {
      out += '(?' + src[i + 3];
      i += 3;
      continue;
    }
    if (c === ')') {
      out += c;
      const rest = src.slice(i + 1);
      // Optional group: drop the quantifier and a lazy `?` after it.
      const opt = /^(?:\?|\{0,1\})\??/.exec(rest);
      if (opt) i += opt[0].length;
      continue;
    }
    out += c;
  }
  return out;
}

/** True when safe-regex2 finds no catastrophic backtracking in this regex (as folded for matching). */
export function isSafeRegex(src: string): boolean {
  return safeRegex()(forSafeRegex(foldRegexSource(src)));
}

/** The message for an unsafe regex, shared by rule loading and `rules lint`. */
export const unsafeRegexMessage = (id: string, src: string): string =>
  `invalid rule "${id}": regex /${src}/ may backtrack catastrophically (nested quantifiers such as (a+)+, or more than 25 quantifiers; checked with safe-regex2)`;

/**
 * Refuse user regexes that do not compile or may backtrack catastrophically:
 * a UsageError naming the file and the rule id (exit 2).
 */
export function assertSafeRegexes(items: Iterable<{ id: string; patterns: readonly RulePattern[] }>, file: string): void {
  for (const { id, patterns } of items) {
    for (const { pattern } of patterns) {
      if (typeof pattern === 'string') continue;
      // A syntax error is reported as such, not as "catastrophic".
      compileRegex(pattern.regex, id, file);
      if (!isSafeRegex(pattern.regex)) throw new UsageError(unsafeRegexMessage(id, pattern.regex), { file, ruleId: id }, 'UNSAFE_REGEX');
    }
  }
}
