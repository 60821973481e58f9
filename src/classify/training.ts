/**
 * From labelled conversations to a trained model: normalise, detect the
 * language, featurise, score with the rules, then train (lexical.ts).
 */
import { normalizeConversation } from '../core/normalize.js';
import type { Conversation, Expected } from '../core/types.js';
import type { Classifier } from './classifier.js';
import { featurize } from './features.js';
import { type Example, type ModelJson, train, type TrainSettings } from './lexical.js';

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
    return {
      features: featurize(nc, lang),
      label: it.expected.label,
      weight: it.weight ?? 1,
      rules: classifier.rules.score(nc, lang).scores,
    };
  });
}

export function trainModel(items: readonly Labelled[], classifier: Classifier, sources: string[], settings: Partial<TrainSettings> = {}): ModelJson {
  return train(buildExamples(items, classifier), sources, settings);
}
