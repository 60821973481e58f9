/**
 * Conversation in, `classify` record out. Pure: no I/O, no clock. The rule
 * engine gives evidence per label; scores become probabilities, shrunk toward
 * uniform when the input carried little text; review flags come from the
 * thresholds in config.ts.
 */
import { normalizeConversation, type NormConversation } from '../core/normalize.js';
import { LABELS, type Conversation, type Label } from '../core/types.js';
import { COVERAGE_SHRINK, DEFAULT_REVIEW, RULE_TEMPERATURE, type ReviewThresholds } from './config.js';
import type { ClassifiedRecord, Reason } from './record.js';
import type { RuleEngine, RuleResult } from './rule-engine.js';

export interface ClassifierOptions {
  review?: Partial<ReviewThresholds>;
}

export interface Decision {
  probs: Record<Label, number>;
  label: Label;
  runnerUp: Label;
  reasons: Reason[];
  review: string[];
  rules: RuleResult;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function softmax(scores: Record<Label, number>, temperature: number): Record<Label, number> {
  const max = Math.max(...LABELS.map((l) => scores[l]));
  const exps = LABELS.map((l) => Math.exp((scores[l] - max) / temperature));
  const z = exps.reduce((a, b) => a + b, 0);
  return { support: exps[0]! / z, service: exps[1]! / z, success: exps[2]! / z };
}

/** Order labels by probability; ties broken by the fixed label order, so output is deterministic. */
export function ranked(probs: Record<Label, number>): Label[] {
  return [...LABELS].sort((a, b) => probs[b] - probs[a] || LABELS.indexOf(a) - LABELS.indexOf(b));
}

export class Classifier {
  private readonly review: ReviewThresholds;

  constructor(
    private readonly rules: RuleEngine,
    opts: ClassifierOptions = {},
  ) {
    this.review = { ...DEFAULT_REVIEW, ...opts.review };
  }

  /** Decide the label of a normalised conversation. */
  decide(nc: NormConversation, coverage: string): Decision {
    const rules = this.rules.score(nc);
    let probs = softmax(rules.scores, RULE_TEMPERATURE);
    const keep = COVERAGE_SHRINK[coverage] ?? 1;
    if (keep < 1) {
      probs = {
        support: keep * probs.support + (1 - keep) / 3,
        service: keep * probs.service + (1 - keep) / 3,
        success: keep * probs.success + (1 - keep) / 3,
      };
    }
    const [label, runnerUp] = ranked(probs) as [Label, Label, Label];
    const reasons: Reason[] = rules.hits.map((h) => ({
      source: 'rule',
      id: h.rule,
      label: h.label,
      text: h.text,
      message: h.place,
      weight: h.weight,
    }));
    for (const t of rules.tiebreaks) reasons.push({ source: 'tiebreak', id: t.id, label: t.label, boost: t.boost, description: t.description });
    const review: string[] = [];
    if (rules.hits.length === 0) review.push('no rule matched');
    if (probs[label] < this.review.minConfidence) review.push(`confidence ${round3(probs[label])} < ${this.review.minConfidence}`);
    if (probs[label] - probs[runnerUp] < this.review.minMargin) review.push(`${label} and ${runnerUp} are close`);
    if (coverage !== 'full') {
      reasons.push({ source: 'coverage', text: coverage as 'subject-only', description: coverageNote(coverage) });
      review.push(coverageNote(coverage));
    }
    return { probs, label, runnerUp, reasons, review, rules };
  }

  classify(conv: Conversation): ClassifiedRecord {
    const nc = normalizeConversation(conv);
    const d = this.decide(nc, conv.text);
    const scores = { support: round3(d.probs.support), service: round3(d.probs.service), success: round3(d.probs.success) };
    const record: ClassifiedRecord = {
      id: conv.id,
      label: d.label,
      confidence: scores[d.label],
      scores,
      priority: null,
      sentiment: null,
      churn_risk: null,
      language: null,
      needs_review: d.review.length > 0,
      reasons: d.reasons,
      source: conv.source,
      runner_up: { label: d.runnerUp, score: scores[d.runnerUp], why: whyRunnerUpLost(d) },
      text: conv.text,
      layout: conv.layout,
      initiator: nc.initiator,
    };
    if (d.review.length) record.review_reasons = d.review;
    if (conv.created_at) record.created_at = conv.created_at;
    if (conv.subject) record.subject = conv.subject;
    if (conv.channel) record.channel = conv.channel;
    if (conv.fields) record.fields = conv.fields;
    return record;
  }
}

function coverageNote(coverage: string): string {
  if (coverage === 'subject-only') return 'the input has no message text: classified on subject and tags only';
  if (coverage === 'snippet') return 'the input has only snippets of the messages';
  return 'the input has no text to classify';
}

/** One sentence on why the runner-up lost: its best evidence against the winner's. */
export function whyRunnerUpLost(d: Decision): string {
  const best = (l: Label) => d.rules.hits.find((h) => h.label === l);
  const w = best(d.label);
  const r = best(d.runnerUp);
  const tie = d.rules.tiebreaks.find((t) => t.label === d.label);
  if (tie) return `tie-break ${tie.id} favours ${d.label}`;
  if (!r && w) return `no evidence for ${d.runnerUp}; ${w.rule} matched "${w.text}"`;
  if (!r && !w) return 'no evidence for any label';
  if (r && w) return `${d.runnerUp}'s strongest evidence (${r.rule}, "${r.text}") weighs less than ${d.label}'s total`;
  return `${d.runnerUp} scored lower`;
}
