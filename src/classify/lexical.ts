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

/** The JSON of a model file, checked to be one; throws with a readable message otherwise. */
export function parseModelJson(text: string, file: string): ModelJson {
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
  return m as ModelJson;
}

export class LexicalModel {
  readonly label: SoftmaxModel;
  readonly ensemble: EnsembleParams;
  readonly training: TrainingInfo;
  readonly heads: Partial<Record<HeadName, SoftmaxModel>> = {};

  constructor(json: ModelJson, compiled?: CompiledArrays) {
    // One vocabulary for all models: its rows are complete before any model sizes its weights.
    let vocab = compiled?.vocab;
    if (!vocab) {
      vocab = new Vocabulary();
      for (const w of [json.label.weights, ...HEADS.map((h) => json.heads?.[h]?.weights ?? {})]) for (const key of Object.keys(w)) vocab.add(key);
    }
    // A compiled model brings its weight arrays; the JSON's weights are then empty.
    const weightsOf = (name: 'label' | HeadName, j: HeadJson): HeadJson['weights'] | { W: Float64Array; has: Uint8Array } | undefined =>
      compiled ? compiled.models[name] : j.weights;
    this.label = new SoftmaxModel(json.label.classes, json.label.bias, weightsOf('label', json.label)!, vocab);
    this.ensemble = json.label.ensemble;
    this.training = json.training;
    for (const h of HEADS) {
      const j = json.heads?.[h];
      const w = j && weightsOf(h, j);
      if (j && w) this.heads[h] = new SoftmaxModel(j.classes, j.bias, w, vocab);
    }
  }

  static parse(text: string, file: string): LexicalModel {
    return new LexicalModel(parseModelJson(text, file));
  }

  logits(f: Features): [number, number, number] {
    const z = this.label.logits(f);
    return [z[0]!, z[1]!, z[2]!];
  }

  /** How many of the thread's words (`w:` features) the model has weights for. */
  knownWords(f: Features): number {
    let n = 0;
    for (const key of f.keys()) if (key.startsWith('w:') && this.label.vocab.rows.has(key)) n++;
    return n;
  }

  /** Features that pushed most toward `label`. */
  topTerms(f: Features, label: Label, k: number): Array<{ term: string; weight: number }> {
    return this.label.topTerms(f, LABELS.indexOf(label), k);
  }
}

/** A compiled model's vocabulary and weight arrays (see compileModel). */
interface CompiledArrays {
  vocab: Vocabulary;
  models: Partial<Record<'label' | HeadName, { W: Float64Array; has: Uint8Array }>>;
}

const COMPILED_MAGIC = 'convo-triage/compiled-model@1\n';

/**
 * The shipped model compiled at build time (dist/default-model.bin): the model JSON without its
 * weights, the shared vocabulary as lines, then each model's weight rows as float64 (the same
 * doubles JSON.parse gives, so scores are identical) and its known-rows bytes. Loading it is a
 * few milliseconds instead of parsing 2.6 MB of JSON and building the maps (≈140 ms).
 * `sourceSize` records the JSON's byte length so a stale build is detected.
 */
export function compileModel(json: ModelJson, sourceSize: number): Buffer {
  const m = new LexicalModel(json);
  const parts: Array<{ name: 'label' | HeadName; model: SoftmaxModel }> = [{ name: 'label', model: m.label }];
  for (const h of HEADS) if (m.heads[h]) parts.push({ name: h, model: m.heads[h] });
  const names = m.label.vocab.names;
  const strip = (h: HeadJson): HeadJson => ({ ...h, weights: {} });
  const meta: ModelJson = { ...json, label: { ...strip(json.label), ensemble: json.label.ensemble }, heads: Object.fromEntries(HEADS.filter((h) => json.heads[h]).map((h) => [h, strip(json.heads[h]!)])) };
  const vocabBytes = Buffer.from(names.join('\n'), 'utf8');
  const blocks = parts.map(({ name, model }) => ({ name, ...model.arrays() }));
  const header = Buffer.from(JSON.stringify({ sourceSize, rows: names.length, vocabBytes: vocabBytes.length, models: blocks.map((b) => ({ name: b.name, w: b.W.length, has: b.has.length })), meta }), 'utf8');
  const head = Buffer.alloc(COMPILED_MAGIC.length + 4);
  head.write(COMPILED_MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length, COMPILED_MAGIC.length);
  const before = head.length + header.length + vocabBytes.length;
  const pad = Buffer.alloc((8 - (before % 8)) % 8);
  return Buffer.concat([head, header, vocabBytes, pad, ...blocks.map((b) => Buffer.from(b.W.buffer, b.W.byteOffset, b.W.byteLength)), ...blocks.map((b) => Buffer.from(b.has))]);
}

/** Read a compiled model; null when the bytes are not one or it was built from a JSON of another size. */
export function loadCompiledModel(buf: Buffer, sourceSize: number): LexicalModel | null {
  if (buf.length < COMPILED_MAGIC.length + 4 || buf.toString('latin1', 0, COMPILED_MAGIC.length) !== COMPILED_MAGIC) return null;
  const hlen = buf.readUInt32LE(COMPILED_MAGIC.length);
  let at = COMPILED_MAGIC.length + 4;
  const h = JSON.parse(buf.toString('utf8', at, at + hlen)) as { sourceSize: number; rows: number; vocabBytes: number; models: Array<{ name: 'label' | HeadName; w: number; has: number }>; meta: ModelJson };
  if (h.sourceSize !== sourceSize) return null;
  at += hlen;
  const names = h.vocabBytes ? buf.toString('utf8', at, at + h.vocabBytes).split('\n') : [];
  at += h.vocabBytes;
  at += (8 - (at % 8)) % 8;
  // A copy of the float block, so its start is 8-byte aligned whatever the Buffer's offset.
  const floats = h.models.reduce((a, m) => a + m.w, 0);
  const all = new Float64Array(buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + floats * 8));
  at += floats * 8;
  const models: CompiledArrays['models'] = {};
  let fo = 0;
  for (const m of h.models) {
    models[m.name] = { W: all.subarray(fo, fo + m.w), has: new Uint8Array(buf.subarray(at, at + m.has)) };
    fo += m.w;
    at += m.has;
  }
  return new LexicalModel(h.meta, { vocab: Vocabulary.fromNames(names), models });
}
