/**
 * Every threshold that turns scores into decisions, in one place. Commands take
 * overrides from `triage.config.json` / flags; nothing else hard-codes these.
 */
export interface ReviewThresholds {
  /** Below this confidence a conversation needs review. */
  minConfidence: number;
  /** Top two labels closer than this (probability) need review. */
  minMargin: number;
  /** Rules and the lexical model each this sure of different labels: review. */
  disagreement: number;
}

export const DEFAULT_REVIEW: ReviewThresholds = {
  minConfidence: 0.6,
  minMargin: 0.15,
  disagreement: 0.7,
};

/**
 * Probability mass kept when the input has less than the full thread: a
 * subject-only record can be right, but it cannot be sure.
 */
export const COVERAGE_SHRINK: Readonly<Record<string, number>> = {
  full: 1,
  snippet: 0.7,
  'subject-only': 0.5,
  none: 0.2,
};

/**
 * With no rule evidence, a thread needs this many words the lexical model knows before its answer
 * counts at full strength: "ok", "asdf qwer" or "Hey" say nothing about a label, and a model's
 * bias alone must not look confident. Below it the probabilities shrink toward uniform (a quarter
 * kept with no known word, then a quarter more per word) and the thread needs review.
 */
export const MIN_EVIDENCE_WORDS = 3;

/** Temperature of the rule scores' softmax when no lexical model is used. */
export const RULE_TEMPERATURE = 1.3;
