/**
 * Conversation in, `classify` record out. Pure: no I/O, no clock. The rule
 * engine gives evidence per label; scores become probabilities, shrunk toward
 * uniform when the input carried little text; review flags come from the
 * thresholds in config.ts.
 */
import { normalizeConversation, type NormConversation } from '../core/normalize.js';
import { LABELS, type Conversation, type Label } from '../core/types.js';
import { COVERAGE_SHRINK, DEFAULT_REVIEW, MIN_EVIDENCE_WORDS, RULE_TEMPERATURE, type ReviewThresholds } from './config.js';
import { featurize, type Features } from './features.js';
import { type Detector, detectLanguage, type Lang, type LanguageResult } from './language.js';
import { type LexicalModel, softmax3 } from './lexical.js';
import type { ClassifiedRecord, Reason } from './record.js';
import type { RuleEngine, RuleResult } from './rule-engine.js';
import { DEFAULT_TRIAGE, triage, type TriageThresholds } from './triage.js';

export interface ClassifierOptions {
  review?: Partial<ReviewThresholds>;
  /** The lexical model; without it the rules alone decide. */
  model?: LexicalModel;
  /** Language identifier; without it (and without `lang`) the language is `und`. */
  detector?: Detector;
  /** Force the language of every conversation (`--lang`). */
  lang?: Lang;
  triage?: Partial<TriageThresholds>;
}

export interface Decision {
  probs: Record<Label, number>;
  label: Label;
  runnerUp: Label;
  reasons: Reason[];
  review: string[];
  rules: RuleResult;
  language: LanguageResult;
  features: Features;
  /** Lexical-only probabilities, when a model is loaded. */
  lexical?: Record<Label, number>;
}

const LEXICAL_TERMS = 5;
const toRecord = (p: readonly number[]): Record<Label, number> => ({ support: p[0]!, service: p[1]!, success: p[2]! });

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
  private readonly model: LexicalModel | undefined;
  private readonly detector: Detector | undefined;
  private readonly lang: Lang | undefined;
  private readonly triageThresholds: TriageThresholds;

  constructor(
    readonly rules: RuleEngine,
    opts: ClassifierOptions = {},
  ) {
    this.review = { ...DEFAULT_REVIEW, ...opts.review };
    this.model = opts.model;
    this.detector = opts.detector;
    this.lang = opts.lang;
    this.triageThresholds = { ...DEFAULT_TRIAGE, ...opts.triage };
  }

  /** The same classifier (rules, language, thresholds) with another lexical model. */
  withModel(model: LexicalModel | undefined): Classifier {
    const o: ClassifierOptions = { review: this.review, triage: this.triageThresholds };
    if (model) o.model = model;
    if (this.detector) o.detector = this.detector;
    if (this.lang) o.lang = this.lang;
    return new Classifier(this.rules, o);
  }

  language(nc: NormConversation): LanguageResult {
    if (this.lang) return { language: this.lang, confidence: 1, reasons: [{ id: 'language.forced', description: '--lang' }] };
    if (!this.detector) return { language: 'und', confidence: 0, reasons: [{ id: 'language.not-detected', description: 'no language identifier loaded' }] };
    return detectLanguage(nc, this.detector);
  }

  /** Decide the label of a normalised conversation. */
  decide(nc: NormConversation, coverage: string): Decision {
    const language = this.language(nc);
    const rules = this.rules.score(nc, language.language);
    // Features only feed the lexical model: without one, do not compute them.
    const features: Features = this.model ? featurize(nc, language.language) : new Map();
    const ruleProbs = softmax(rules.scores, RULE_TEMPERATURE);
    let probs = ruleProbs;
    let lexical: Record<Label, number> | undefined;
    const review: string[] = [];
    if (this.model) {
      const lex = this.model.logits(features);
      const e = this.model.ensemble;
      const r = [rules.scores.support, rules.scores.service, rules.scores.success];
      probs = toRecord(softmax3([0, 1, 2].map((k) => e.lexical * lex[k]! + e.rules * r[k]! + e.bias[k]!)));
      lexical = toRecord(softmax3(lex));
      const [lTop] = ranked(lexical);
      const [rTop] = ranked(ruleProbs);
      if (lTop !== rTop && lexical[lTop!] >= this.review.disagreement && ruleProbs[rTop!] >= this.review.disagreement && rules.hits.length) {
        review.push(`rules say ${rTop}, the lexical model says ${lTop}`);
      }
    }
    let keep = COVERAGE_SHRINK[coverage] ?? 1;
    let thin: string | undefined;
    if (this.model && rules.hits.length === 0) {
      const known = this.model.knownWords(features);
      if (known < MIN_EVIDENCE_WORDS) {
        keep *= 0.25 + (0.75 * known) / MIN_EVIDENCE_WORDS;
        thin = `little evidence: no rule matched and the model knows ${known === 0 ? 'none' : `only ${known}`} of its words`;
      }
    }
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
    if (this.model) for (const t of this.model.topTerms(features, label, LEXICAL_TERMS)) reasons.push({ source: 'lexical', term: t.term, label, weight: t.weight });
    if (rules.hits.length === 0 && !this.model) review.push('no rule matched');
    if (thin) review.push(thin);
    if (probs[label] < this.review.minConfidence) review.push(`confidence ${round3(probs[label])} < ${this.review.minConfidence}`);
    if (probs[label] - probs[runnerUp] < this.review.minMargin) review.push(`${label} and ${runnerUp} are close`);
    if (coverage !== 'full') {
      reasons.push({ source: 'coverage', text: coverage as 'subject-only', description: coverageNote(coverage) });
      review.push(coverageNote(coverage));
    }
    const d: Decision = { probs, label, runnerUp, reasons, review, rules, language, features };
    if (lexical) d.lexical = lexical;
    return d;
  }

  classify(conv: Conversation): ClassifiedRecord {
    const nc = normalizeConversation(conv);
    const d = this.decide(nc, conv.text);
    const t = triage(nc, d.rules, this.triageThresholds, this.model, d.features);
    const scores = { support: round3(d.probs.support), service: round3(d.probs.service), success: round3(d.probs.success) };
    const record: ClassifiedRecord = {
      id: conv.id,
      label: d.label,
      confidence: scores[d.label],
      scores,
      priority: t.priority,
      sentiment: t.sentiment,
      churn_risk: t.churn_risk,
      language: d.language.language,
      needs_review: d.review.length > 0,
      reasons: d.reasons,
      source: conv.source,
      runner_up: { label: d.runnerUp, score: scores[d.runnerUp], why: whyRunnerUpLost(d) },
      field_reasons: { ...t.reasons, language: d.language.reasons },
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
  if (d.lexical && d.lexical[d.runnerUp] > d.lexical[d.label] && (!r || !w)) return `the lexical model leans ${d.runnerUp}, but the rules' evidence for ${d.label} outweighs it`;
  if (!r && !w && d.lexical) return `no rule matched; the lexical model gives ${d.label} ${d.lexical[d.label].toFixed(2)} against ${d.runnerUp} ${d.lexical[d.runnerUp].toFixed(2)}`;
  if (!r && w) return `no rule evidence for ${d.runnerUp}; ${w.rule} matched "${w.text}"`;
  if (!r && !w) return 'no evidence for any label';
  if (r && w) return `${d.runnerUp}'s strongest evidence (${r.rule}, "${r.text}") weighs less than ${d.label}'s total`;
  return `${d.runnerUp} scored lower`;
}
