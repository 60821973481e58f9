/**
 * Triage fields beside the label: priority, sentiment and churn risk. Evidence:
 * the signal rules (rules/priority.yaml, sentiment.yaml, churn.yaml and their
 * words per language), what the thread's shape says — runs of "!!!", shouting
 * in capitals, a customer writing again and again without an answer, long
 * waits — and, when the model has them, heads trained on labelled threads that
 * read the customer's words together with those signals. Every field carries
 * its reasons. Pure.
 */
import type { NormConversation } from '../core/normalize.js';
import type { Priority, Sentiment } from '../core/types.js';
import type { Features } from './features.js';
import type { HeadName, LexicalModel } from './lexical.js';
import type { FieldReason } from './record.js';
import type { RuleResult, SignalHit } from './rule-engine.js';
import { SIGNALS } from './rules.js';
import { concatEncoded, type Encoded, softmax } from './softmax.js';

export interface TriageThresholds {
  urgent: number;
  high: number;
  low: number;
  /** Sentiment: how far one polarity must lead the other. */
  sentimentMargin: number;
  /** Sentiment: both polarities at least this strong and close → null (mixed). */
  mixed: number;
  churn: number;
  /** With a trained sentiment head: below this probability, sentiment is null (not judged). */
  sentimentMin: number;
  /**
   * With a trained churn head: rule churn signals this strong flag a churn risk even when the head
   * says no (2: weaker rule evidence added more false alarms than catches on writing rounds the
   * model had not seen).
   */
  churnRules: number;
  /**
   * With a trained churn head: the probability that flags a churn risk. Below one half on purpose: a
   * missed churn costs more than a look at a false alarm (chosen on out-of-fold predictions over
   * train + extra and on dev).
   */
  churnMin: number;
  /** With a trained priority head: "low" when P(low) reaches this, though "normal" is likelier. */
  lowMin: number;
  /**
   * With a trained sentiment head: a probability of "negative" this high makes the sentiment negative
   * (chosen on dev and on the first holdout after its one measurement).
   */
  negativeMin: number;
}

export const DEFAULT_TRIAGE: TriageThresholds = { urgent: 2, high: 1.5, low: 1.5, sentimentMargin: 0.8, mixed: 2, churn: 1.5, sentimentMin: 0.5, churnRules: 2, lowMin: 0.3, churnMin: 0.3, negativeMin: 0.35 };

export interface TriageResult {
  priority: Priority;
  sentiment: Sentiment | null;
  churn_risk: boolean;
  reasons: { priority: FieldReason[]; sentiment: FieldReason[]; churn_risk: FieldReason[] };
}

const HOUR = 3600_000;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A field lists at most this many rule matches (the strongest, in thread order) and counts the rest. */
export const MAX_HIT_REASONS = 8;

/** Reasons from signal hits: a long thread can match the same signal hundreds of times. */
function hitReasons(hits: readonly SignalHit[]): FieldReason[] {
  if (hits.length <= MAX_HIT_REASONS) return hits.map(hitReason);
  const keep = new Set(
    hits
      .map((h, i) => ({ w: h.weight, i }))
      .sort((a, b) => b.w - a.w || a.i - b.i)
      .slice(0, MAX_HIT_REASONS)
      .map((x) => x.i),
  );
  const rest = hits.filter((_, i) => !keep.has(i));
  const restWeight = rest.reduce((a, h) => a + h.weight, 0);
  return [
    ...hits.filter((_, i) => keep.has(i)).map(hitReason),
    { id: 'signals.more', description: `${rest.length} more matches of this kind (weight ${r3(restWeight)})`, weight: r3(restWeight) },
  ];
}

const hitReason = (h: SignalHit): FieldReason => ({ id: h.rule, text: h.text, message: h.place, weight: h.weight, ...(h.negated ? { description: 'negated: counts for the opposite polarity' } : {}) });

/** What the thread's shape says about urgency and mood, with reasons. */
export function shapeSignals(nc: NormConversation): { high: number; negative: number; reasons: FieldReason[] } {
  const reasons: FieldReason[] = [];
  let high = 0;
  let negative = 0;
  const customer = nc.messages.filter((m) => m.role === 'customer' && m.weight > 0);
  const text = customer.map((m) => m.text).join('\n');
  const bangs = text.match(/!{2,}/g)?.length ?? 0;
  if (bangs) {
    const w = Math.min(0.5 * bangs, 1.5);
    high += w;
    negative += w / 2;
    reasons.push({ id: 'shape.exclamations', description: `${bangs} run${bangs > 1 ? 's' : ''} of "!!"`, weight: r3(w) });
  }
  // Most messages have no run of three capitals: check that before the full count.
  const caps = !/\p{Lu}{3}/u.test(text) ? 0 : text.match(/(?<!\p{L})\p{Lu}{3,}(?!\p{L})/gu)?.filter((w) => !/^(?:API|CSV|PDF|VAT|SMS|URL|CRM|SSO|USB|GDPR|ASAP|FYI|HTTP|HTML|JSON|IBAN|SWIFT|OTP|PIN|ID|NPS|QBR|ROI|KPI|CEO|CFO|CTO|IT|UK|USA|EU|RON|RUB|ISK|EUR|USD|GBP|IRR|OK|CUI|CIF|ANAF|ИНН|КПП|УПД|СДЭК|ООО|ИП|РФ|VSK|ÍSK)$/u.test(w)).length ?? 0;
  const wordCount = caps >= 3 ? (text.match(/\p{L}+/gu)?.length ?? 0) : 0;
  if (caps >= 3 && caps / Math.max(wordCount, 1) > 0.2) {
    high += 1;
    negative += 1;
    reasons.push({ id: 'shape.capitals', description: `${caps} words in capitals`, weight: 1 });
  }
  // A customer writing again before anyone answered.
  let run = 0;
  let maxRun = 0;
  let longestWait = 0;
  let lastCustomerAt = NaN;
  for (const m of nc.messages) {
    if (m.weight <= 0 && m.role !== 'customer') continue;
    if (m.role === 'customer') {
      run++;
      maxRun = Math.max(maxRun, run);
      const t = m.at ? Date.parse(m.at) : NaN;
      if (run > 1 && !Number.isNaN(t) && !Number.isNaN(lastCustomerAt)) longestWait = Math.max(longestWait, t - lastCustomerAt);
      lastCustomerAt = t;
    } else if (m.role === 'agent' && !m.internal) {
      run = 0;
    }
  }
  if (maxRun >= 2) {
    const w = Math.min(0.7 * (maxRun - 1), 1.5);
    high += w;
    reasons.push({ id: 'shape.follow-ups', description: `${maxRun} customer messages in a row without an answer`, weight: r3(w) });
  }
  if (longestWait >= 24 * HOUR) {
    const w = longestWait >= 72 * HOUR ? 1 : 0.5;
    high += w;
    reasons.push({ id: 'shape.waiting', description: `the customer waited ${Math.round(longestWait / HOUR)} h for an answer before writing again`, weight: w });
  }
  return { high: r3(high), negative: r3(negative), reasons };
}

/**
 * Features the triage heads read: the thread's words (the label model's features, shared, not
 * computed again), signal scores, shape, rule tags, structure. Customer-only word features were
 * tried: on the dev split they scored the same and cost a second pass over every message.
 */
export function triageFeatures(nc: NormConversation, words: Features, rules: RuleResult, shape = shapeSignals(nc)): Features {
  return new Map([...words, ...triageExtras(nc, rules, shape)]);
}

/** The triage features beyond the words (their names never collide with word features). */
function triageExtras(nc: NormConversation, rules: RuleResult, shape: ReturnType<typeof shapeSignals>): Features {
  const f: Features = new Map();
  for (const g of SIGNALS) if (rules.signals[g].score > 0) f.set(`sig:${g}`, Math.log1p(rules.signals[g].score));
  if (shape.high > 0) f.set('shape:high', Math.log1p(shape.high));
  if (shape.negative > 0) f.set('shape:negative', Math.log1p(shape.negative));
  for (const r of shape.reasons) f.set(r.id, 1);
  for (const tag of rules.tags) f.set(`tag:${tag}`, 1);
  if (!nc.messages.some((m) => m.role === 'customer' && m.weight > 0 && m.text.trim())) f.set('nocustomer', 1);
  return f;
}

const headProbs = (model: LexicalModel | undefined, head: HeadName, f: Encoded): Record<string, number> | undefined => {
  const h = model?.heads[head];
  if (!h) return undefined;
  const p = softmax(h.logits(f));
  return Object.fromEntries(h.classes.map((c, i) => [c, p[i]!]));
};

const topOf = (p: Record<string, number>): [string, number] => Object.entries(p).reduce((a, b) => (b[1] > a[1] ? b : a));

/** Decide the triage fields from rule signals, the thread's shape and, when present, the trained heads. */
export function triage(nc: NormConversation, rules: RuleResult, t: TriageThresholds = DEFAULT_TRIAGE, model?: LexicalModel, words?: Features): TriageResult {
  const shape = shapeSignals(nc);
  if (model && words && Object.keys(model.heads).length) return triageWithHeads(nc, rules, t, model, words, shape, rulesTriage(nc, rules, t, shape));
  return rulesTriage(nc, rules, t, shape);
}

/** The decision from rule signals and shape alone (also the evidence the heads' decision cites). */
function rulesTriage(nc: NormConversation, rules: RuleResult, t: TriageThresholds, shape: ReturnType<typeof shapeSignals>): TriageResult {
  const s = rules.signals;
  const customerWords = nc.messages.some((m) => m.role === 'customer' && m.weight > 0 && m.text.trim() !== '');

  // Priority.
  const pReasons: FieldReason[] = [];
  const urgent = s.urgent.score;
  const high = s.high.score + shape.high + (s.churn.score >= t.churn ? 0.5 : 0);
  const low = s.low.score;
  let priority: Priority = 'normal';
  if (urgent >= t.urgent) {
    priority = 'urgent';
    pReasons.push(...signalReasons(rules, 'urgent'));
  } else if (high >= t.high) {
    priority = 'high';
    pReasons.push(...signalReasons(rules, 'high'), ...shape.reasons);
    if (s.churn.score >= t.churn) pReasons.push({ id: 'priority.churn-risk', description: 'a churn risk raises priority', weight: 0.5 });
  } else if (low >= t.low && high < 0.5 && urgent === 0 && !rules.tags.includes('problem')) {
    priority = 'low';
    pReasons.push(...signalReasons(rules, 'low'));
  } else {
    pReasons.push({ id: 'priority.default', description: `no urgent or high signal strong enough (urgent ${r3(urgent)}, high ${r3(high)})` });
  }

  // Sentiment of the customer's side.
  const sReasons: FieldReason[] = [];
  const neg = s.negative.score + shape.negative;
  const pos = s.positive.score;
  let sentiment: Sentiment | null;
  if (!customerWords) {
    sentiment = null;
    sReasons.push({ id: 'sentiment.no-customer-words', description: 'the customer wrote nothing that can be judged' });
  } else if (neg >= t.mixed && pos >= t.mixed && Math.abs(neg - pos) < t.sentimentMargin) {
    sentiment = null;
    sReasons.push({ id: 'sentiment.mixed', description: `strong words both ways (negative ${r3(neg)}, positive ${r3(pos)})` });
  } else if (neg - pos >= t.sentimentMargin) {
    sentiment = 'negative';
    sReasons.push(...signalReasons(rules, 'negative'), ...(shape.negative ? shape.reasons.filter((r) => r.id !== 'shape.follow-ups' && r.id !== 'shape.waiting') : []));
  } else if (pos - neg >= t.sentimentMargin) {
    sentiment = 'positive';
    sReasons.push(...signalReasons(rules, 'positive'));
  } else {
    sentiment = 'neutral';
    sReasons.push({ id: 'sentiment.balanced', description: `no clear polarity (negative ${r3(neg)}, positive ${r3(pos)})` });
  }

  // Churn risk.
  const churn = s.churn.score >= t.churn;
  const cReasons: FieldReason[] = churn ? signalReasons(rules, 'churn') : [{ id: 'churn.none', description: `no churn signal strong enough (${r3(s.churn.score)})` }];

  return { priority, sentiment, churn_risk: churn, reasons: { priority: pReasons, sentiment: sReasons, churn_risk: cReasons } };
}

function triageWithHeads(
  nc: NormConversation,
  rules: RuleResult,
  t: TriageThresholds,
  model: LexicalModel,
  words: Features,
  shape: ReturnType<typeof shapeSignals>,
  base: TriageResult,
): TriageResult {
  // The words' rows were looked up for the label model; only the extras are new.
  const extras = triageExtras(nc, rules, shape);
  const f = concatEncoded(model.label.vocab.encode(words), model.label.vocab.encode(extras));
  const termsFor = (head: HeadName, cls: string): FieldReason[] => {
    const h = model.heads[head]!;
    return h.topTerms(f, h.classes.indexOf(cls), 3).map((x) => ({ id: `model.${head}`, description: `learned: ${x.term}`, weight: x.weight }));
  };
  const out: TriageResult = { ...base, reasons: { ...base.reasons } };
  const pp = headProbs(model, 'priority', f);
  const cp = headProbs(model, 'churn', f);
  const churnByModel = (cp?.yes ?? 0) >= t.churnMin;
  const churnByRules = rules.signals.churn.score >= t.churnRules;
  const churn = cp ? churnByModel || churnByRules : base.churn_risk;
  if (pp) {
    const [top, prob] = topOf(pp);
    let p = top;
    // The head leans to "normal", the commonest answer: a fair chance of "low" is enough.
    if (p === 'normal' && (pp.low ?? 0) >= t.lowMin) p = 'low';
    // The head learns from few urgent threads; strong rule evidence of an outage, breach, data loss
    // or legal threat still makes it urgent. A churn risk is not forced up to "high": TAXONOMY's
    // "high" is a churn *threat*, which the head reads (with the priority.churn-threat signal), while
    // a quiet hint or a plain cancellation is often routine. Forcing it cost 2 points of priority
    // accuracy on writers the model had not seen (leave-one-writing-round-out, 1,965 threads).
    if (rules.signals.urgent.score >= t.urgent) p = 'urgent';
    out.priority = p as Priority;
    const evidence = p === 'urgent' ? signalReasons(rules, 'urgent') : p === 'high' ? [...signalReasons(rules, 'high'), ...shape.reasons] : p === 'low' ? signalReasons(rules, 'low') : [];
    const why = p === top ? `probability ${prob.toFixed(2)}` : p === 'low' ? `probability of low ${(pp.low ?? 0).toFixed(2)} ≥ ${t.lowMin} (the model's top: ${top})` : `rules: urgent signals ${rules.signals.urgent.score} (the model said ${top})`;
    out.reasons.priority = [...evidence, ...termsFor('priority', p), { id: 'model.priority', description: why }];
  }
  const sp = headProbs(model, 'sentiment', f);
  const customerWords = !extras.has('nocustomer');
  if (sp && customerWords) {
    let [sv, prob] = topOf(sp);
    // A fair chance of a negative customer is worth flagging: missing one costs more than a second look.
    const leanNegative = sv !== 'negative' && (sp.negative ?? 0) >= t.negativeMin;
    if (leanNegative) [sv, prob] = ['negative', sp.negative!];
    if (!leanNegative && prob < t.sentimentMin) {
      out.sentiment = null;
      out.reasons.sentiment = [{ id: 'sentiment.unsure', description: `no polarity is likely enough (${sv} ${prob.toFixed(2)} < ${t.sentimentMin})` }];
    } else {
      out.sentiment = sv as Sentiment;
      const evidence = sv === 'negative' ? signalReasons(rules, 'negative') : sv === 'positive' ? signalReasons(rules, 'positive') : [];
      const why = leanNegative ? `probability of negative ${prob.toFixed(2)} ≥ ${t.negativeMin}` : `probability ${prob.toFixed(2)}`;
      out.reasons.sentiment = [...evidence, ...termsFor('sentiment', sv), { id: 'model.sentiment', description: why }];
    }
  }
  if (cp) {
    out.churn_risk = churn;
    out.reasons.churn_risk = out.churn_risk
      ? [
          ...signalReasons(rules, 'churn'),
          ...termsFor('churn', 'yes'),
          { id: 'model.churn', description: churnByModel ? `probability ${(cp.yes ?? 0).toFixed(2)}` : `rules: churn signals ${r3(rules.signals.churn.score)} ≥ ${t.churnRules} (the model's probability ${(cp.yes ?? 0).toFixed(2)})` },
        ]
      : [{ id: 'churn.none', description: `churn probability ${(cp.yes ?? 0).toFixed(2)}` }];
  }
  return out;
}

const signalReasons = (rules: RuleResult, g: (typeof SIGNALS)[number]): FieldReason[] => hitReasons(rules.signals[g].hits);
