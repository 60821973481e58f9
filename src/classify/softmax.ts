/**
 * Multinomial logistic regression over sparse named features, for any number
 * of classes: AdaGrad SGD in a seeded order, L2, log-space softmax. Shared by
 * the label model and the triage heads. Deterministic: same data and settings →
 * same weights.
 */
import type { Features } from './features.js';

export interface TrainSettings {
  epochs: number;
  learningRate: number;
  l2: number;
  minDf: number;
  seed: number;
  folds: number;
}

export const DEFAULT_TRAIN: TrainSettings = { epochs: 12, learningRate: 0.4, l2: 1e-5, minDf: 2, seed: 20261123, folds: 5 };

export interface SoftmaxExample {
  features: Features;
  /** Class index. */
  y: number;
  /** Loss weight. */
  w: number;
}

export interface SoftmaxWeights {
  k: number;
  vocab: string[];
  /** vocab.length × k, row-major. */
  W: Float64Array;
  b: Float64Array;
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

/** log softmax, stable for large logits (no underflow on long threads). */
export function logSoftmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  let sum = 0;
  for (const v of z) sum += Math.exp(v - m);
  const lse = m + Math.log(sum);
  return z.map((v) => v - lse);
}

export const softmax = (z: readonly number[]): number[] => logSoftmax(z).map(Math.exp);

/** Train a K-class model. */
export function trainSoftmax(examples: readonly SoftmaxExample[], k: number, s: TrainSettings): SoftmaxWeights {
  const df = new Map<string, number>();
  for (const e of examples) for (const key of e.features.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const vocab = [...df.entries()].filter(([, n]) => n >= s.minDf).map(([key]) => key).sort();
  const index = new Map(vocab.map((key, i) => [key, i]));
  const data = examples.map((e) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [key, v] of e.features) {
      const i = index.get(key);
      if (i !== undefined) {
        idx.push(i);
        val.push(v);
      }
    }
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), y: e.y, w: e.w };
  });
  const W = new Float64Array(vocab.length * k);
  const G = new Float64Array(vocab.length * k); // AdaGrad accumulators
  const b = new Float64Array(k);
  const Gb = new Float64Array(k);
  const rand = prng(s.seed);
  const order = data.map((_, i) => i);
  const z = new Array<number>(k).fill(0);
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    shuffleInPlace(order, rand);
    for (const n of order) {
      const d = data[n]!;
      for (let c = 0; c < k; c++) z[c] = b[c]!;
      for (let j = 0; j < d.idx.length; j++) {
        const base = d.idx[j]! * k;
        const x = d.val[j]!;
        for (let c = 0; c < k; c++) z[c] = z[c]! + W[base + c]! * x;
      }
      const p = softmax(z);
      for (let c = 0; c < k; c++) {
        const g = (p[c]! - (c === d.y ? 1 : 0)) * d.w;
        Gb[c] = Gb[c]! + g * g;
        b[c] = b[c]! - (s.learningRate * g) / Math.sqrt(Gb[c]! + 1e-8);
        for (let j = 0; j < d.idx.length; j++) {
          const at = d.idx[j]! * k + c;
          const gw = g * d.val[j]! + s.l2 * W[at]!;
          G[at] = G[at]! + gw * gw;
          W[at] = W[at]! - (s.learningRate * gw) / Math.sqrt(G[at]! + 1e-8);
        }
      }
    }
  }
  return { k, vocab, W, b };
}

/** Logits of a trained (not yet serialised) model. */
export function logitsOf(m: SoftmaxWeights, index: Map<string, number>, f: Features): number[] {
  const z = Array.from(m.b);
  for (const [key, x] of f) {
    const i = index.get(key);
    if (i === undefined) continue;
    for (let c = 0; c < m.k; c++) z[c] = z[c]! + m.W[i * m.k + c]! * x;
  }
  return z;
}

export const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Weights as a JSON object, dropping features that say nothing at 4 decimals. */
export function weightsJson(m: SoftmaxWeights): { bias: number[]; weights: Record<string, number[]> } {
  const weights: Record<string, number[]> = {};
  m.vocab.forEach((key, i) => {
    const w = Array.from(m.W.subarray(i * m.k, (i + 1) * m.k), round4);
    if (w.reduce((a, x) => a + Math.abs(x), 0) >= 0.003) weights[key] = w;
  });
  return { bias: Array.from(m.b, round4), weights };
}

/** A serialised model, ready to score. */
export class SoftmaxModel {
  private readonly w: Map<string, number[]>;
  constructor(
    readonly classes: readonly string[],
    readonly bias: readonly number[],
    weights: Record<string, number[]>,
  ) {
    this.w = new Map(Object.entries(weights));
  }

  /** The features of the last scored map that the model knows: topTerms reads them without a second lookup. */
  private lastF: Features | undefined;
  private lastKnown: Array<[string, number, number[]]> = [];

  logits(f: Features): number[] {
    const k = this.classes.length;
    const z = [...this.bias];
    const known: Array<[string, number, number[]]> = [];
    for (const [key, x] of f) {
      const w = this.w.get(key);
      if (!w) continue;
      known.push([key, x, w]);
      for (let c = 0; c < k; c++) z[c] = z[c]! + w[c]! * x;
    }
    this.lastF = f;
    this.lastKnown = known;
    return z;
  }

  private knownOf(f: Features): Array<[string, number, number[]]> {
    if (f !== this.lastF) this.logits(f);
    return this.lastKnown;
  }

  /** Features that pushed most toward class `c` (against the mean of the others). */
  topTerms(f: Features, c: number, n: number): Array<{ term: string; weight: number }> {
    const k = this.classes.length;
    const out: Array<{ term: string; weight: number }> = [];
    for (const [term, x, w] of this.knownOf(f)) {
      const others = (w.reduce((a, v) => a + v, 0) - w[c]!) / Math.max(1, k - 1);
      const contrib = (w[c]! - others) * x;
      if (contrib > 0) out.push({ term, weight: contrib });
    }
    out.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
    return out.slice(0, n).map((t) => ({ term: t.term, weight: Math.round(t.weight * 1000) / 1000 }));
  }
}
