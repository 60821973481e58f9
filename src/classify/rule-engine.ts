/**
 * Rule-based evidence over a whole normalised thread: each rule counts once per
 * message, weighted by who wrote it (customer words count, agent words count
 * less, bots/auto-replies/quotes/signatures not at all), repeats in later
 * messages add with diminishing returns, and tie-breaks read the tags of the
 * rules that fired plus who started the conversation.
 */
import { analyse, spanReader, type Token } from '../core/fold.js';
import { FORWARDED_WEIGHT, type NormConversation } from '../core/normalize.js';
import { LABELS, type Label } from '../core/types.js';
import { Matcher, type RawHit } from './matcher.js';
import { type RuleSet, type RuleSpec, type Signal, SIGNALS, type TiebreakSpec } from './rules.js';

/** Where a hit was found: a message index, or the subject / helpdesk tags. */
export type HitPlace = number | 'subject' | 'tags';

export interface RuleHit {
  rule: string;
  label: Label;
  place: HitPlace;
  /** The customer's or agent's exact words that matched. */
  text: string;
  /** Contribution to the label's score. */
  weight: number;
}

export interface TiebreakHit {
  id: string;
  label: Label;
  boost: number;
  description: string;
}

export interface SignalHit {
  rule: string;
  signal: Signal;
  place: HitPlace;
  text: string;
  weight: number;
  /** A negated sentiment word counts for the opposite polarity ("not happy"). */
  negated?: boolean;
}

export interface RuleResult {
  scores: Record<Label, number>;
  /** Triage signals (priority, sentiment, churn) with their hits. */
  signals: Record<Signal, { score: number; hits: SignalHit[] }>;
  /** The strongest hit of each rule, strongest first. */
  hits: RuleHit[];
  tiebreaks: TiebreakHit[];
  tags: string[];
}

const SUBJECT_WEIGHT = 0.8;
const TAGS_WEIGHT = 0.3;
/** Later hits of the same rule add this share of their weight. */
const REPEAT_SHARE = 0.3;
const REPEAT_CAP = 1.6;

// Negations that cancel a `negatable` rule when they come just before its match, in the same clause
// (folded forms), per language: folded Latin words collide across languages (Romanian "nu" is
// Icelandic "nú", now; Romanian "fără" folds to Icelandic "fara", to go), so a conversation uses
// the negators of its language plus English (code-switching). Cyrillic and Persian ones cannot collide.
const NEGATORS_BY_LANG: Record<string, readonly string[]> = {
  en: ['not', 'no', 'never', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "aren't", "haven't", "hasn't", 'without', 'nothing', 'none', "can't", 'cannot', "won't", "couldn't", "weren't", 'nobody'],
  ro: ['nu', 'n', 'niciun', 'nicio', 'nici', 'fara', 'nimic', 'nimeni', 'niciodata', 'niciuna', 'niciunul', 'niciunei', 'niciunui'],
  ru: ['не', 'нет', 'без', 'ни', 'нету', 'никаких', 'никакой', 'никакая', 'никакое', 'никакого', 'никакие', 'ничего', 'никогда', 'нисколько', 'nikakih'],
  fa: ['نه', 'بدون', 'هیچ', 'هرگز', 'هیچوقت', 'هیچگاه'],
  is: ['ekki', 'engin', 'enginn', 'ekkert', 'engar', 'aldrei', 'enga', 'engan', 'engu', 'engum', 'engri', 'engrar', 'engir', 'engra', 'einskis', 'hvorki', 'eigi', 'neitt'],
};
const ALL_NEGATORS = new Set(Object.values(NEGATORS_BY_LANG).flat());
const negatorsFor = (lang: string | undefined): ReadonlySet<string> =>
  !lang || !(lang in NEGATORS_BY_LANG) || lang === 'en'
    ? lang === 'en'
      ? new Set([...NEGATORS_BY_LANG.en!, ...NEGATORS_BY_LANG.ru!, ...NEGATORS_BY_LANG.fa!])
      : ALL_NEGATORS
    : new Set([...NEGATORS_BY_LANG.en!, ...NEGATORS_BY_LANG.ru!, ...NEGATORS_BY_LANG.fa!, ...NEGATORS_BY_LANG[lang]!]);
const NEGATOR_SETS = new Map<string, ReadonlySet<string>>();
function negators(lang: string | undefined): ReadonlySet<string> {
  const key = lang ?? 'und';
  let set = NEGATOR_SETS.get(key);
  if (!set) NEGATOR_SETS.set(key, (set = negatorsFor(lang)));
  return set;
}
const NEGATION_WINDOW = 3;

export class RuleEngine {
  readonly rules: readonly RuleSpec[];
  readonly tiebreaks: readonly TiebreakSpec[];
  private readonly matcher: Matcher;
  private readonly ruleTags: ReadonlyArray<readonly string[]>;

  constructor(set: RuleSet) {
    this.rules = set.rules;
    this.tiebreaks = set.tiebreaks;
    this.matcher = new Matcher(set.rules);
    this.ruleTags = set.rules.map((r) => r.tags);
  }

  /** Raw matches of one text (for `rules test` and the explanation). */
  matchText(text: string): Array<{ rule: RuleSpec; text: string }> {
    const { folded, tokens } = analyse(text);
    const hits = this.matcher.match(folded, tokens);
    const span = spanReader(text, folded);
    return hits
      .filter((h) => !(this.rules[h.rule]!.negatable && negatedAt(folded, tokens, h.start, ALL_NEGATORS)))
      .map((h) => ({ rule: this.rules[h.rule]!, text: span(h.start, h.end) }));
  }

  /** Evidence of a whole thread; `lang` picks the negation words (default: all languages'). */
  score(nc: NormConversation, lang?: string): RuleResult {
    const neg = negators(lang);
    // Per rule: contributions in order found.
    const byRule = new Map<number, Array<{ w: number; place: HitPlace; text: string }>>();
    const signals = Object.fromEntries(SIGNALS.map((g) => [g, { score: 0, hits: [] as SignalHit[] }])) as RuleResult['signals'];
    const add = (ruleIdx: number, w: number, place: HitPlace, text: string): void => {
      let list = byRule.get(ruleIdx);
      if (!list) byRule.set(ruleIdx, (list = []));
      list.push({ w, place, text });
    };
    const addSignal = (r: RuleSpec, w: number, place: HitPlace, text: string, negated: boolean): void => {
      let signal = r.signal!;
      if (negated) signal = signal === 'positive' ? 'negative' : 'positive';
      const hit: SignalHit = { rule: r.id, signal, place, text, weight: round(w) };
      if (negated) hit.negated = true;
      signals[signal].hits.push(hit);
      signals[signal].score += w;
    };
    const scan = (text: string, weight: number, place: HitPlace, accept: (r: RuleSpec) => boolean): void => {
      if (!text || weight <= 0) return;
      const { folded, tokens } = analyse(text);
      const hits = this.matcher.match(folded, tokens);
      if (!hits.length) return;
      let span: ((start: number, end: number) => string) | undefined;
      const best = new Map<number, { h: RawHit; negated: boolean }>();
      for (const h of hits) {
        const r = this.rules[h.rule]!;
        if (!accept(r)) continue;
        let negated = false;
        if (r.negatable && negatedAt(folded, tokens, h.start, neg)) {
          // A negated sentiment word flips ("not happy"); any other negated rule does not count.
          if (r.signal === 'positive' || r.signal === 'negative') negated = true;
          else continue;
        }
        // The first hit of a rule counts; a plain hit replaces an earlier negated one.
        const prev = best.get(h.rule);
        if (!prev || (prev.negated && !negated)) best.set(h.rule, { h, negated });
      }
      for (const [ri, { h, negated }] of best) {
        span ??= spanReader(text, folded);
        const r = this.rules[ri]!;
        const words = span(h.start, h.end);
        if (r.signal) addSignal(r, r.weight * weight * (negated ? 0.7 : 1), place, words, negated);
        else add(ri, r.weight * weight, place, words);
      }
    };

    for (const m of nc.messages) {
      if (m.weight <= 0) continue;
      const accept = (r: RuleSpec): boolean => r.fields.includes('text') && r.roles.includes(m.role);
      scan(m.text, m.weight, m.index, accept);
      scan(m.forwarded, m.weight * FORWARDED_WEIGHT, m.index, accept);
    }
    scan(nc.subject, SUBJECT_WEIGHT, 'subject', (r) => r.fields.includes('subject'));
    if (nc.tags.length) scan(nc.tags.join(' ; '), TAGS_WEIGHT, 'tags', (r) => r.fields.includes('tags'));

    const scores: Record<Label, number> = { support: 0, service: 0, success: 0 };
    const hits: RuleHit[] = [];
    const tags = new Set<string>();
    for (const [ri, list] of byRule) {
      const r = this.rules[ri]!;
      let top = list[0]!;
      let sum = 0;
      for (const c of list) {
        sum += c.w;
        if (c.w > top.w) top = c;
      }
      const total = Math.min(top.w + REPEAT_SHARE * (sum - top.w), REPEAT_CAP * top.w);
      const label = r.label!;
      scores[label] += total;
      hits.push({ rule: r.id, label, place: top.place, text: top.text, weight: round(total) });
      // Helpdesk tags alone are too unreliable to drive tie-breaks.
      if (list.some((c) => c.place !== 'tags')) for (const t of this.ruleTags[ri]!) tags.add(t);
    }
    tags.add(`initiator:${nc.initiator}`);
    const tiebreaks: TiebreakHit[] = [];
    for (const t of this.tiebreaks) {
      if (t.initiator && nc.initiator !== t.initiator) continue;
      if (!t.all.every((x) => tags.has(x))) continue;
      if (t.any.length && !t.any.some((x) => tags.has(x))) continue;
      if (t.none.some((x) => tags.has(x))) continue;
      scores[t.label] += t.boost;
      tiebreaks.push({ id: t.id, label: t.label, boost: t.boost, description: t.description });
    }
    for (const l of LABELS) scores[l] = round(Math.max(0, scores[l]));
    hits.sort((a, b) => b.weight - a.weight || a.rule.localeCompare(b.rule));
    for (const g of SIGNALS) signals[g].score = round(signals[g].score);
    return { scores, signals, hits, tiebreaks, tags: [...tags].sort() };
  }
}

/** A negator among the few words before `start`, without a clause boundary in between. */
function negatedAt(folded: string, tokens: readonly Token[], start: number, neg: ReadonlySet<string>): boolean {
  const i = tokens.findIndex((t) => t.start === start);
  if (i < 0) return false;
  for (let k = 1; k <= NEGATION_WINDOW && i - k >= 0; k++) {
    const prev = tokens[i - k]!;
    if (/[.,;:!?\n()،؛؟]/.test(folded.slice(prev.end, tokens[i - k + 1]!.start))) return false;
    if (neg.has(prev.text)) return true;
  }
  return false;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
