/**
 * From labelled conversations to a trained model: normalise, detect the
 * language, featurise, score with the rules, then train (lexical.ts).
 */
import { normalizeConversation } from '../core/normalize.js';
import type { Conversation, Expected } from '../core/types.js';
import type { Classifier } from './classifier.js';
import { featurize } from './features.js';
import { type Example, type HeadName, type ModelJson, train, type TrainSettings } from './lexical.js';
import { triageFeatures } from './triage.js';

export interface Labelled {
  conversation: Conversation;
  expected: Expected;
  /** Loss weight; 1 for whole threads. */
  weight?: number;
}

/** Examples for training, using the classifier's rules and language identifier. */
export function buildExamples(items: readonly Labelled[], classifier: Classifier): Example[] {
  return items.map((it) => {
    const nc = normalizeConversation(it.conversation);
    const lang = classifier.language(nc).language;
    const rules = classifier.rules.score(nc, lang);
    const features = featurize(nc, lang);
    const ex: Example = { features, label: it.expected.label, weight: it.weight ?? 1, rules: rules.scores };
    const e = it.expected;
    const answers: Partial<Record<HeadName, string>> = {};
    if (e.priority) answers.priority = e.priority;
    if (e.sentiment) answers.sentiment = e.sentiment;
    if (e.churn_risk !== undefined) answers.churn = e.churn_risk ? 'yes' : 'no';
    if (Object.keys(answers).length) ex.triage = { features: triageFeatures(nc, features, rules), answers };
    return ex;
  });
}

export function trainModel(items: readonly Labelled[], classifier: Classifier, sources: string[], settings: Partial<TrainSettings> = {}): ModelJson {
  return train(buildExamples(items, classifier), sources, settings);
}
