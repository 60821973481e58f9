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

/**
 * Feature names → row numbers, shared by every model of a LexicalModel (the label model and the
 * heads), so a conversation's features are looked up once, not once per model. A features map is
 * encoded once (cached by identity) into the rows it has and their values, in the map's order.
 */
export class Vocabulary {
  readonly rows = new Map<string, number>();
  readonly names: string[] = [];
  private readonly cache = new WeakMap<Features, Encoded>();

  static fromNames(names: readonly string[]): Vocabulary {
    const v = new Vocabulary();
    for (const n of names) v.add(n);
    return v;
  }

  add(name: string): number {
    let r = this.rows.get(name);
    if (r === undefined) {
      r = this.names.length;
      this.rows.set(name, r);
      this.names.push(name);
    }
    return r;
  }

  encode(f: Features): Encoded {
    let e = this.cache.get(f);
    if (e) return e;
    const ids = new Int32Array(f.size);
    const vals = new Float64Array(f.size);
    let n = 0;
    for (const [key, x] of f) {
      const r = this.rows.get(key);
      if (r === undefined) continue;
      ids[n] = r;
      vals[n++] = x;
    }
    e = { ids, vals, n };
    this.cache.set(f, e);
    return e;
  }
}

/** A features map as vocabulary rows (the first n entries). */
export interface Encoded {
  ids: Int32Array;
  vals: Float64Array;
  n: number;
}

/** Two encodings one after the other (features with distinct names). */
export function concatEncoded(a: Encoded, b: Encoded): Encoded {
  const ids = new Int32Array(a.n + b.n);
  const vals = new Float64Array(a.n + b.n);
  ids.set(a.ids.subarray(0, a.n));
  ids.set(b.ids.subarray(0, b.n), a.n);
  vals.set(a.vals.subarray(0, a.n));
  vals.set(b.vals.subarray(0, b.n), a.n);
  return { ids, vals, n: a.n + b.n };
}

/** A serialised model, ready to score: weights in one typed array, a row per vocabulary entry. */
export class SoftmaxModel {
  private readonly W: Float64Array;
  /** Rows this model has weights for (a shared vocabulary holds other models' features too). */
  private readonly has: Uint8Array;
  readonly vocab: Vocabulary;

  constructor(
    readonly classes: readonly string[],
    readonly bias: readonly number[],
    weights: Record<string, number[]> | { W: Float64Array; has: Uint8Array },
    vocab: Vocabulary = new Vocabulary(),
  ) {
    const k = classes.length;
    this.vocab = vocab;
    if (weights.W instanceof Float64Array && weights.has instanceof Uint8Array) {
      // Arrays of a compiled model (lexical.ts), already laid out over this vocabulary.
      this.W = weights.W;
      this.has = weights.has;
      return;
    }
    const byName = weights as Record<string, number[]>;
    for (const key of Object.keys(byName)) vocab.add(key);
    // Sized when built: a vocabulary shared with models built later may grow past it (rows beyond are unknown here).
    this.W = new Float64Array(vocab.names.length * k);
    this.has = new Uint8Array(vocab.names.length);
    for (const [key, w] of Object.entries(byName)) {
      const r = vocab.rows.get(key)!;
      this.has[r] = 1;
      for (let c = 0; c < k; c++) this.W[r * k + c] = w[c]!;
    }
  }

  /** The weight rows and which rows this model knows (for compiling the model). */
  arrays(): { W: Float64Array; has: Uint8Array } {
    return { W: this.W, has: this.has };
  }

  private known(r: number): boolean {
    return r < this.has.length && this.has[r] === 1;
  }

  logits(f: Features | Encoded): number[] {
    const e = f instanceof Map ? this.vocab.encode(f) : f;
    const k = this.classes.length;
    const z = [...this.bias];
    const { ids, vals, n } = e;
    const W = this.W;
    for (let j = 0; j < n; j++) {
      const r = ids[j]!;
      if (!this.known(r)) continue;
      const x = vals[j]!;
      const base = r * k;
      for (let c = 0; c < k; c++) z[c] = z[c]! + W[base + c]! * x;
    }
    return z;
  }

  /** Features that pushed most toward class `c` (against the mean of the others). */
  topTerms(f: Features | Encoded, c: number, n: number): Array<{ term: string; weight: number }> {
    const e = f instanceof Map ? this.vocab.encode(f) : f;
    const k = this.classes.length;
    const W = this.W;
    const out: Array<{ row: number; weight: number }> = [];
    for (let j = 0; j < e.n; j++) {
      const r = e.ids[j]!;
      if (!this.known(r)) continue;
      const base = r * k;
      let sum = 0;
      for (let q = 0; q < k; q++) sum += W[base + q]!;
      const others = (sum - W[base + c]!) / Math.max(1, k - 1);
      const contrib = (W[base + c]! - others) * e.vals[j]!;
      if (contrib > 0) out.push({ row: r, weight: contrib });
    }
    const names = this.vocab.names;
    out.sort((a, b) => b.weight - a.weight || (names[a.row]! < names[b.row]! ? -1 : 1));
    return out.slice(0, n).map((t) => ({ term: names[t.row]!, weight: Math.round(t.weight * 1000) / 1000 }));
  }
}
