/**
 * The trained model: a label model (softmax regression over the thread's
 * features) with an ensemble layer that combines its logits with the rule
 * scores, and triage heads (priority, sentiment, churn risk) over the
 * customer's words plus the signal rules and the thread's shape. Stored as JSON
 * with one feature per line (same data → same bytes). The ensemble is fitted on
 * out-of-fold predictions, so it learns how far to trust each source on
 * conversations the model has not seen.
 */
import { LABELS, type Label } from '../core/types.js';
import type { Features } from './features.js';
import {
  DEFAULT_TRAIN,
  logitsOf,
  prng,
  shuffleInPlace,
  softmax,
  SoftmaxModel,
  Vocabulary,
  type SoftmaxExample,
  trainSoftmax,
  type TrainSettings,
  weightsJson,
} from './softmax.js';

export { DEFAULT_TRAIN, type TrainSettings } from './softmax.js';
export { logSoftmax, prng, shuffleInPlace } from './softmax.js';

export const MODEL_FORMAT = 'convo-triage/model@2';

export interface EnsembleParams {
  /** Weight of the lexical logits. */
  lexical: number;
  /** Weight of the rule scores. */
  rules: number;
  /** Per-label offsets. */
  bias: number[];
}

export interface HeadJson {
  classes: string[];
  bias: number[];
  weights: Record<string, number[]>;
}

export const HEADS = ['priority', 'sentiment', 'churn'] as const;
export type HeadName = (typeof HEADS)[number];
export const HEAD_CLASSES: Record<HeadName, string[]> = {
  priority: ['urgent', 'high', 'normal', 'low'],
  sentiment: ['negative', 'neutral', 'positive'],
  churn: ['no', 'yes'],
};

export interface TrainingInfo {
  examples: number;
  per_label: Record<Label, number>;
  sources: string[];
  settings: TrainSettings;
  features: number;
  head_examples?: Partial<Record<HeadName, number>>;
}

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  training: TrainingInfo;
  label: HeadJson & { ensemble: EnsembleParams };
  heads: Partial<Record<HeadName, HeadJson>>;
}

export interface Example {
  features: Features;
  label: Label;
  /** Loss weight (public one-line sets count less than whole threads). */
  weight: number;
  /** Rule scores for the ensemble. */
  rules: Record<Label, number>;
  /** Features and answers for the triage heads, when the fixture has them. */
  triage?: { features: Features; answers: Partial<Record<HeadName, string>> };
}

export const softmax3 = (z: readonly number[]): [number, number, number] => {
  const p = softmax(z);
  return [p[0]!, p[1]!, p[2]!];
};

const ruleVec = (r: Record<Label, number>): number[] => [r.support, r.service, r.success];
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Fit the ensemble layer (5 numbers) by gradient descent on log loss. */
export function fitEnsemble(rows: ReadonlyArray<{ lex: number[]; rules: number[]; y: number; w: number }>): EnsembleParams {
  let a = 1;
  let c = 0.5;
  const bias = [0, 0, 0];
  const lr = 0.05;
  for (let it = 0; it < 800; it++) {
    let ga = 0;
    let gc = 0;
    const gb = [0, 0, 0];
    let wsum = 0;
    for (const r of rows) {
      const p = softmax([0, 1, 2].map((k) => a * r.lex[k]! + c * r.rules[k]! + bias[k]!));
      for (let k = 0; k < 3; k++) {
        const g = (p[k]! - (k === r.y ? 1 : 0)) * r.w;
        ga += g * r.lex[k]!;
        gc += g * r.rules[k]!;
        gb[k] = gb[k]! + g;
      }
      wsum += r.w;
    }
    a -= (lr * ga) / wsum;
    c -= (lr * gc) / wsum;
    for (let k = 0; k < 3; k++) bias[k] = bias[k]! - (lr * gb[k]!) / wsum;
  }
  const mean = (bias[0]! + bias[1]! + bias[2]!) / 3;
  return { lexical: round6(a), rules: round6(c), bias: bias.map((b) => round6(b - mean)) };
}

/**
 * Train the label model with its ensemble layer, and the triage heads on the
 * examples that carry triage answers.
 */
export function train(examples: readonly Example[], sources: string[], settings: Partial<TrainSettings> = {}): ModelJson {
  const s = { ...DEFAULT_TRAIN, ...settings };
  const labelData: SoftmaxExample[] = examples.map((e) => ({ features: e.features, y: LABELS.indexOf(e.label), w: e.weight }));
  const order = shuffleInPlace(examples.map((_, i) => i), prng(s.seed ^ 0x5bd1e995));
  const fold = new Int32Array(examples.length);
  order.forEach((ex, pos) => (fold[ex] = pos % s.folds));
  const rows: Array<{ lex: number[]; rules: number[]; y: number; w: number }> = [];
  if (examples.length >= s.folds * 3) {
    for (let k = 0; k < s.folds; k++) {
      const m = trainSoftmax(labelData.filter((_, i) => fold[i] !== k), 3, s);
      const idx = new Map(m.vocab.map((v, i) => [v, i]));
      examples.forEach((e, i) => {
        if (fold[i] === k) rows.push({ lex: logitsOf(m, idx, e.features), rules: ruleVec(e.rules), y: LABELS.indexOf(e.label), w: e.weight });
      });
    }
  }
  const ensemble = rows.length ? fitEnsemble(rows) : { lexical: 1, rules: 0.5, bias: [0, 0, 0] };
  const full = weightsJson(trainSoftmax(labelData, 3, s));

  const heads: Partial<Record<HeadName, HeadJson>> = {};
  const headExamples: Partial<Record<HeadName, number>> = {};
  for (const h of HEADS) {
    const classes = HEAD_CLASSES[h];
    const data: SoftmaxExample[] = [];
    for (const e of examples) {
      const answer = e.triage?.answers[h];
      if (e.triage && answer !== undefined && classes.includes(answer)) data.push({ features: e.triage.features, y: classes.indexOf(answer), w: 1 });
    }
    if (data.length < 20 || new Set(data.map((d) => d.y)).size < 2) continue;
    heads[h] = { classes, ...weightsJson(trainSoftmax(data, classes.length, s)) };
    headExamples[h] = data.length;
  }

  const perLabel: Record<Label, number> = { support: 0, service: 0, success: 0 };
  for (const e of examples) perLabel[e.label]++;
  const training: TrainingInfo = { examples: examples.length, per_label: perLabel, sources, settings: s, features: Object.keys(full.weights).length };
  if (Object.keys(headExamples).length) training.head_examples = headExamples;
  return { format: MODEL_FORMAT, training, label: { classes: [...LABELS], ...full, ensemble }, heads };
}

function headToJson(h: HeadJson & { ensemble?: EnsembleParams }, indent: string): string {
  const lines = Object.keys(h.weights)
    .sort()
    .map((k) => `${indent}    ${JSON.stringify(k)}: ${JSON.stringify(h.weights[k])}`);
  const ens = h.ensemble ? `${indent}  "ensemble": ${JSON.stringify(h.ensemble)},\n` : '';
  return `{\n${indent}  "classes": ${JSON.stringify(h.classes)},\n${indent}  "bias": ${JSON.stringify(h.bias)},\n${ens}${indent}  "weights": {\n${lines.join(',\n')}\n${indent}  }\n${indent}}`;
}

/** Serialise with one feature per line: stable bytes, readable diffs. */
export function modelToJson(m: ModelJson): string {
  const heads = HEADS.filter((h) => m.heads[h]).map((h) => `    ${JSON.stringify(h)}: ${headToJson(m.heads[h]!, '    ')}`);
  return (
    `{\n  "format": ${JSON.stringify(m.format)},\n  "training": ${JSON.stringify(m.training)},\n` +
    `  "label": ${headToJson(m.label, '  ')},\n  "heads": {\n${heads.join(',\n')}\n  }\n}\n`
  );
}

export class LexicalModel {
  readonly label: SoftmaxModel;
  readonly ensemble: EnsembleParams;
  readonly training: TrainingInfo;
  readonly heads: Partial<Record<HeadName, SoftmaxModel>> = {};

  constructor(json: ModelJson) {
    // One vocabulary for all models: its rows are complete before any model sizes its weights.
    const vocab = new Vocabulary();
    for (const w of [json.label.weights, ...HEADS.map((h) => json.heads?.[h]?.weights ?? {})]) for (const key of Object.keys(w)) vocab.add(key);
    this.label = new SoftmaxModel(json.label.classes, json.label.bias, json.label.weights, vocab);
    this.ensemble = json.label.ensemble;
    this.training = json.training;
    for (const h of HEADS) {
      const j = json.heads?.[h];
      if (j) this.heads[h] = new SoftmaxModel(j.classes, j.bias, j.weights, vocab);
    }
  }

  static parse(text: string, file: string): LexicalModel {
    let j: unknown;
    try {
      j = JSON.parse(text);
    } catch (err) {
      throw new Error(`${file}: not a model file (invalid JSON: ${(err as Error).message})`);
    }
    const m = j as Partial<ModelJson>;
    if (m.format !== MODEL_FORMAT || !m.label?.weights || !m.label.bias || !m.label.ensemble) {
      throw new Error(`${file}: not a convo-triage model (expected "format": "${MODEL_FORMAT}"; make one with \`triage train\`)`);
    }
    return new LexicalModel(m as ModelJson);
  }

  logits(f: Features): [number, number, number] {
    const z = this.label.logits(f);
    return [z[0]!, z[1]!, z[2]!];
  }

  /** Features that pushed most toward `label`. */
  topTerms(f: Features, label: Label, k: number): Array<{ term: string; weight: number }> {
    return this.label.topTerms(f, LABELS.indexOf(label), k);
  }
}
