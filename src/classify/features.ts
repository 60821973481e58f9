/**
 * Features of a normalised thread for the lexical model: stemmed words of what
 * each person wrote (customer words at full weight, agents' at their role
 * weight, forwarded text at half, bots/auto-replies/quotes/signatures not at
 * all), agent-only words, subject words, the helpdesk's tags, and structure
 * (who wrote first, channel, thread length). Word bigrams and 5-letter prefixes
 * were tried and dropped: on the dev split they changed macro-F1 by less than
 * one conversation while more than doubling the features.
 */
import { type Analysed, analyse, fold } from '../core/fold.js';
import { FORWARDED_WEIGHT, type NormConversation } from '../core/normalize.js';
import type { Lang } from './language.js';
import { stem } from './stem.js';

export type Features = Map<string, number>;

const SUBJECT_WEIGHT = 0.8;
const TAG_WEIGHT = 0.5;
/** Words of a message beyond this many are not read (a pasted log says little more). */
const MAX_WORDS_PER_MESSAGE = 400;

/** Stems of a text's words (memoised with the text's analysis). */
function stemsOf(a: Analysed, lang: Lang): string[] {
  a.stems ??= new Map();
  let st = a.stems.get(lang);
  if (!st) {
    const n = Math.min(a.tokens.length, MAX_WORDS_PER_MESSAGE);
    st = new Array<string>(n);
    for (let i = 0; i < n; i++) st[i] = stem(a.tokens[i]!.text, lang);
    a.stems.set(lang, st);
  }
  return st;
}

// Feature names of a word, built once: most words of a run repeat, and string concatenation per
// token is a large share of featurising.
// Bounded: on a large export with a long tail of rare words, each memo costs at most a few MB.
const KEYS_LIMIT = 50_000;
const stemKeys = new Map<string, Map<string, string>>();

function keysFor(prefix: string): Map<string, string> {
  let byPrefix = stemKeys.get(prefix);
  if (!byPrefix) stemKeys.set(prefix, (byPrefix = new Map()));
  return byPrefix;
}

function keyOf(byPrefix: Map<string, string>, prefix: string, s: string): string {
  let k = byPrefix.get(s);
  if (k === undefined) {
    k = prefix + s;
    if (byPrefix.size >= KEYS_LIMIT) byPrefix.clear();
    byPrefix.set(s, k);
  }
  return k;
}

function addText(f: Features, text: string, weight: number, lang: Lang, prefix: string, agentOnly: boolean, names: ReadonlySet<string>): void {
  if (!text || weight <= 0) return;
  const a = analyse(text);
  const stems = stemsOf(a, lang);
  const keys = keysFor(prefix);
  const agentKeys = keysFor('a:');
  for (let i = 0; i < stems.length; i++) {
    const w = a.tokens[i]!.text;
    if (w.length === 1 && !(w >= '0' && w <= '9')) continue;
    if (names.size && names.has(w)) continue;
    const s = stems[i]!;
    bump(f, keyOf(keys, prefix, s), weight);
    if (agentOnly) bump(f, keyOf(agentKeys, 'a:', s), weight);
  }
}

function bump(f: Features, key: string, v: number): void {
  f.set(key, (f.get(key) ?? 0) + v);
}

/** L2-normalise log-scaled counts in place. */
export function normalise(f: Features): Features {
  let norm = 0;
  for (const [k, v] of f) {
    const x = Math.log1p(v);
    f.set(k, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [k, v] of f) f.set(k, v / norm);
  return f;
}

const lengthBucket = (n: number): string => (n <= 1 ? '1' : n <= 3 ? '2-3' : n <= 6 ? '4-6' : '7+');

/**
 * The words of the participants' names ("Hi Priya", a sign-off "Gabriela"): they say who wrote,
 * not what the conversation is about, and a model that learns them learns the training set's
 * people.
 */
function nameWords(nc: NormConversation): Set<string> {
  const names = new Set<string>();
  for (const m of nc.messages) {
    if (!m.author || (m.role !== 'customer' && m.role !== 'agent')) continue;
    // "Priya (Support)", "Anna - Billing team": the person is before the bracket or the dash.
    const person = m.author.split(/[([<|,@–—-]/)[0]!;
    const words = analyse(person).tokens.map((t) => t.text);
    // A long "author" is a team or a company, not a name: keep only its first word.
    for (const w of words.length <= 3 ? words : words.slice(0, 1)) if (w.length >= 3 && !/\d/.test(w)) names.add(w);
  }
  return names;
}

/** Raw weighted counts, then log-scaled and L2-normalised. */
export function featurize(nc: NormConversation, lang: Lang): Features {
  const f: Features = new Map();
  const names = nameWords(nc);
  for (const m of nc.messages) {
    if (m.weight <= 0) continue;
    const agent = m.role !== 'customer';
    addText(f, m.text, m.weight, lang, 'w:', agent, names);
    addText(f, m.forwarded, m.weight * FORWARDED_WEIGHT, lang, 'w:', false, names);
  }
  if (nc.subject) {
    addText(f, nc.subject, SUBJECT_WEIGHT, lang, 'w:', false, names);
    for (const s of stemsOf(analyse(nc.subject), lang)) bump(f, `s:${s}`, SUBJECT_WEIGHT);
  }
  for (const t of nc.tags) bump(f, `t:${fold(t).trim()}`, TAG_WEIGHT);
  const visible = nc.messages.filter((m) => m.weight > 0).length;
  bump(f, `init:${nc.initiator}`, 1);
  bump(f, `len:${lengthBucket(visible)}`, 1);
  if (nc.channel) bump(f, `chan:${fold(nc.channel)}`, 1);
  return normalise(f);
}
