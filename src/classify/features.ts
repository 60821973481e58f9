/**
 * Features of a normalised thread for the lexical model: stemmed words and word
 * bigrams of what each person wrote (customer words at full weight, agents'
 * at their role weight, forwarded text at half, bots/auto-replies/quotes/
 * signatures not at all), 5-letter prefixes of long words (inflection in
 * Romanian, Russian, Icelandic, Persian), agent-only words, subject words, the
 * helpdesk's tags, and structure (who wrote first, channel, thread length).
 */
import { fold, words } from '../core/fold.js';
import { FORWARDED_WEIGHT, type NormConversation } from '../core/normalize.js';
import type { Lang } from './language.js';
import { stem } from './stem.js';

export type Features = Map<string, number>;

const SUBJECT_WEIGHT = 0.8;
const TAG_WEIGHT = 0.5;
const PREFIX_LEN = 5;
/** Words of a message beyond this many are not read (a pasted log says little more). */
const MAX_WORDS_PER_MESSAGE = 400;

function addText(f: Features, text: string, weight: number, lang: Lang, prefix: string, agentOnly: boolean): void {
  if (!text || weight <= 0) return;
  const ws = words(fold(text));
  const n = Math.min(ws.length, MAX_WORDS_PER_MESSAGE);
  let prev = '';
  for (let i = 0; i < n; i++) {
    const w = ws[i]!;
    if (w.length === 1 && !/\d/.test(w)) {
      prev = '';
      continue;
    }
    const s = stem(w, lang);
    bump(f, `${prefix}${s}`, weight);
    if (w.length > PREFIX_LEN + 1) bump(f, `p:${w.slice(0, PREFIX_LEN)}`, weight * 0.5);
    if (prev) bump(f, `b:${prev}_${s}`, weight * 0.7);
    if (agentOnly) bump(f, `a:${s}`, weight);
    prev = s;
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

/** Words of the customer's own messages (and the subject): what triage heads read. */
export function customerWordFeatures(nc: NormConversation, lang: Lang): Features {
  const f: Features = new Map();
  for (const m of nc.messages) if (m.role === 'customer' && m.weight > 0) addText(f, m.text, 1, lang, 'c:', false);
  if (nc.subject) addText(f, nc.subject, SUBJECT_WEIGHT, lang, 'c:', false);
  return normalise(f);
}

const lengthBucket = (n: number): string => (n <= 1 ? '1' : n <= 3 ? '2-3' : n <= 6 ? '4-6' : '7+');

/** Raw weighted counts, then log-scaled and L2-normalised. */
export function featurize(nc: NormConversation, lang: Lang): Features {
  const f: Features = new Map();
  for (const m of nc.messages) {
    if (m.weight <= 0) continue;
    const agent = m.role !== 'customer';
    addText(f, m.text, m.weight, lang, 'w:', agent);
    addText(f, m.forwarded, m.weight * FORWARDED_WEIGHT, lang, 'w:', false);
  }
  if (nc.subject) {
    addText(f, nc.subject, SUBJECT_WEIGHT, lang, 'w:', false);
    for (const w of words(fold(nc.subject))) bump(f, `s:${stem(w, lang)}`, SUBJECT_WEIGHT);
  }
  for (const t of nc.tags) bump(f, `t:${fold(t).trim()}`, TAG_WEIGHT);
  const visible = nc.messages.filter((m) => m.weight > 0).length;
  bump(f, `init:${nc.initiator}`, 1);
  bump(f, `len:${lengthBucket(visible)}`, 1);
  if (nc.channel) bump(f, `chan:${fold(nc.channel)}`, 1);
  return normalise(f);
}
