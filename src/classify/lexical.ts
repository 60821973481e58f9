/**
 * The lexical model: multinomial logistic regression over the features of
 * features.ts, trained with AdaGrad SGD in a seeded order (same data → same
 * bytes), stored as JSON with sorted keys. Log-space softmax: no underflow on
 * long threads. An ensemble layer combines its logits with the rule scores;
 * its weights are fitted on out-of-fold predictions, so they learn how far to
 * trust each source on conversations the model has not seen.
 */
import { LABELS, type Label } from '../core/types.js';
import type { Features } from './features.js';

export const MODEL_FORMAT = 'convo-triage/lexical-model@1';

export interface EnsembleParams {
  /** Weight of the lexical logits. */
  lexical: number;
  /** Weight of the rule scores. */
  rules: number;
  /** Per-label offsets. */
  bias: [number, number, number];
}

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  labels: Label[];
  bias: [number, number, number];
  /** feature → [support, service, success] weights */
  weights: Record<string, [number, number, number]>;
  ensemble: EnsembleParams;
  training: TrainingInfo;
}

export interface TrainingInfo {
  examples: number;
  per_label: Record<Label, number>;
  sources: string[];
  settings: TrainSettings;
  features: number;
}

export interface TrainSettings {
  epochs: number;
  learningRate: number;
  l2: number;
  minDf: number;
  seed: number;
  folds: number;
}

export const DEFAULT_TRAIN: TrainSettings = { epochs: 12, learningRate: 0.4, l2: 1e-5, minDf: 2, seed: 20261123, folds: 5 };

export interface Example {
  features: Features;
  label: Label;
  /** Loss weight (public one-line sets count less than whole threads). */
  weight: number;
  /** Rule scores for the ensemble. */
  rules: Record<Label, number>;
}

/** A seeded PRNG (mulberry32): deterministic shuffles. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

export function logSoftmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
}

export const softmax3 = (z: readonly number[]): [number, number, number] => {
  const l = logSoftmax(z);
  return [Math.exp(l[0]!), Math.exp(l[1]!), Math.exp(l[2]!)];
};

interface Sparse {
  idx: Int32Array;
  val: Float64Array;
  y: number;
  w: number;
}

/** Train weights (no ensemble) on examples. */
function trainWeights(examples: readonly Example[], s: TrainSettings): { vocab: string[]; W: Float64Array; b: Float64Array } {
  const df = new Map<string, number>();
  for (const e of examples) for (const k of e.features.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const vocab = [...df.entries()].filter(([, n]) => n >= s.minDf).map(([k]) => k).sort();
  const index = new Map(vocab.map((k, i) => [k, i]));
  const data: Sparse[] = examples.map((e) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [k, v] of e.features) {
      const i = index.get(k);
      if (i !== undefined) {
        idx.push(i);
        val.push(v);
      }
    }
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), y: LABELS.indexOf(e.label), w: e.weight };
  });
  const V = vocab.length;
  const W = new Float64Array(V * 3);
  const G = new Float64Array(V * 3); // AdaGrad accumulators
  const b = new Float64Array(3);
  const Gb = new Float64Array(3);
  const rand = prng(s.seed);
  const order = data.map((_, i) => i);
  const z = [0, 0, 0];
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    shuffleInPlace(order, rand);
    for (const n of order) {
      const d = data[n]!;
      z[0] = b[0]!;
      z[1] = b[1]!;
      z[2] = b[2]!;
      for (let j = 0; j < d.idx.length; j++) {
        const base = d.idx[j]! * 3;
        const x = d.val[j]!;
        z[0] += W[base]! * x;
        z[1] += W[base + 1]! * x;
        z[2] += W[base + 2]! * x;
      }
      const p = softmax3(z);
      for (let k = 0; k < 3; k++) {
        const g = (p[k]! - (k === d.y ? 1 : 0)) * d.w;
        Gb[k] = Gb[k]! + g * g;
        b[k] = b[k]! - (s.learningRate * g) / Math.sqrt(Gb[k]! + 1e-8);
        for (let j = 0; j < d.idx.length; j++) {
          const at = d.idx[j]! * 3 + k;
          const gw = g * d.val[j]! + s.l2 * W[at]!;
          G[at] = G[at]! + gw * gw;
          W[at] = W[at]! - (s.learningRate * gw) / Math.sqrt(G[at]! + 1e-8);
        }
      }
    }
  }
  return { vocab, W, b };
}

function logitsOf(vocabIndex: Map<string, number>, W: Float64Array, b: Float64Array, f: Features): [number, number, number] {
  const z: [number, number, number] = [b[0]!, b[1]!, b[2]!];
  for (const [k, x] of f) {
    const i = vocabIndex.get(k);
    if (i === undefined) continue;
    z[0] += W[i * 3]! * x;
    z[1] += W[i * 3 + 1]! * x;
    z[2] += W[i * 3 + 2]! * x;
  }
  return z;
}

const ruleVec = (r: Record<Label, number>): [number, number, number] => [r.support, r.service, r.success];

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
      const z = [0, 1, 2].map((k) => a * r.lex[k]! + c * r.rules[k]! + bias[k]!);
      const p = softmax3(z);
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
  return { lexical: round6(a), rules: round6(c), bias: [round6(bias[0]! - mean), round6(bias[1]! - mean), round6(bias[2]! - mean)] };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Train the lexical model and its ensemble layer. The ensemble is fitted on
 * out-of-fold logits (k folds), then the weights are trained on everything.
 */
export function train(examples: readonly Example[], sources: string[], settings: Partial<TrainSettings> = {}): ModelJson {
  const s = { ...DEFAULT_TRAIN, ...settings };
  const order = shuffleInPlace(examples.map((_, i) => i), prng(s.seed ^ 0x5bd1e995));
  const fold = new Int32Array(examples.length);
  order.forEach((ex, pos) => (fold[ex] = pos % s.folds));
  const rows: Array<{ lex: number[]; rules: number[]; y: number; w: number }> = [];
  if (examples.length >= s.folds * 3) {
    for (let k = 0; k < s.folds; k++) {
      const trainSet = examples.filter((_, i) => fold[i] !== k);
      const m = trainWeights(trainSet, s);
      const idx = new Map(m.vocab.map((v, i) => [v, i]));
      examples.forEach((e, i) => {
        if (fold[i] === k) rows.push({ lex: logitsOf(idx, m.W, m.b, e.features), rules: ruleVec(e.rules), y: LABELS.indexOf(e.label), w: e.weight });
      });
    }
  }
  const ensemble = rows.length ? fitEnsemble(rows) : { lexical: 1, rules: 0.5, bias: [0, 0, 0] as [number, number, number] };
  const full = trainWeights(examples, s);
  const weights: Record<string, [number, number, number]> = {};
  full.vocab.forEach((k, i) => {
    const w: [number, number, number] = [round4(full.W[i * 3]!), round4(full.W[i * 3 + 1]!), round4(full.W[i * 3 + 2]!)];
    // Drop features that say nothing: smaller model, same predictions to 4 decimals.
    if (Math.abs(w[0]) + Math.abs(w[1]) + Math.abs(w[2]) >= 0.003) weights[k] = w;
  });
  const perLabel: Record<Label, number> = { support: 0, service: 0, success: 0 };
  for (const e of examples) perLabel[e.label]++;
  return {
    format: MODEL_FORMAT,
    labels: [...LABELS],
    bias: [round4(full.b[0]!), round4(full.b[1]!), round4(full.b[2]!)],
    weights,
    ensemble,
    training: { examples: examples.length, per_label: perLabel, sources, settings: s, features: Object.keys(weights).length },
  };
}

/** Serialise with one feature per line: stable bytes, readable diffs. */
export function modelToJson(m: ModelJson): string {
  const head = { format: m.format, labels: m.labels, bias: m.bias, ensemble: m.ensemble, training: m.training };
  const lines = Object.keys(m.weights)
    .sort()
    .map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(m.weights[k])}`);
  const headJson = JSON.stringify(head, null, 2);
  return `${headJson.slice(0, -2)},\n  "weights": {\n${lines.join(',\n')}\n  }\n}\n`;
}

export class LexicalModel {
  private readonly w: Map<string, [number, number, number]>;
  readonly bias: [number, number, number];
  readonly ensemble: EnsembleParams;
  readonly training: TrainingInfo;

  constructor(json: ModelJson) {
    this.w = new Map(Object.entries(json.weights));
    this.bias = json.bias;
    this.ensemble = json.ensemble;
    this.training = json.training;
  }

  static parse(text: string, file: string): LexicalModel {
    let j: unknown;
    try {
      j = JSON.parse(text);
    } catch (err) {
      throw new Error(`${file}: not a model file (invalid JSON: ${(err as Error).message})`);
    }
    const m = j as Partial<ModelJson>;
    if (m.format !== MODEL_FORMAT || !m.weights || !m.bias || !m.ensemble) {
      throw new Error(`${file}: not a convo-triage model (expected "format": "${MODEL_FORMAT}"; make one with \`triage train\`)`);
    }
    return new LexicalModel(m as ModelJson);
  }

  logits(f: Features): [number, number, number] {
    const z: [number, number, number] = [this.bias[0], this.bias[1], this.bias[2]];
    for (const [k, x] of f) {
      const w = this.w.get(k);
      if (!w) continue;
      z[0] += w[0] * x;
      z[1] += w[1] * x;
      z[2] += w[2] * x;
    }
    return z;
  }

  /** Features that pushed most toward `label` (against the mean of the others). */
  topTerms(f: Features, label: Label, k: number): Array<{ term: string; weight: number }> {
    const li = LABELS.indexOf(label);
    const out: Array<{ term: string; weight: number }> = [];
    for (const [term, x] of f) {
      const w = this.w.get(term);
      if (!w) continue;
      const others = (w[0] + w[1] + w[2] - w[li]!) / 2;
      const c = (w[li]! - others) * x;
      if (c > 0) out.push({ term, weight: c });
    }
    out.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
    return out.slice(0, k).map((t) => ({ term: t.term, weight: Math.round(t.weight * 1000) / 1000 }));
  }
}
