/**
 * Classification metrics: accuracy, per-label precision / recall / F1 /
 * support, macro-F1, confusion matrix, reliability (calibration) table, and
 * the review trade-off. Pure functions over (expected, predicted) pairs.
 */

export interface LabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassMetrics<L extends string = string> {
  n: number;
  accuracy: number;
  macro_f1: number;
  per_label: Record<L, LabelMetrics>;
  /** confusion[expected][predicted] */
  confusion: Record<L, Record<L, number>>;
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

/**
 * Metrics for one field. Labels absent from both expected and predicted still
 * appear (with zeros); macro-F1 averages over labels that occur in `expected`
 * or `predicted`, so a label never predicted and never expected does not
 * inflate or deflate it.
 */
export function classMetrics<L extends string>(labels: readonly L[], pairs: ReadonlyArray<{ expected: L; predicted: L }>): ClassMetrics<L> {
  const confusion = Object.fromEntries(labels.map((e) => [e, Object.fromEntries(labels.map((p) => [p, 0]))])) as Record<L, Record<L, number>>;
  let correct = 0;
  for (const { expected, predicted } of pairs) {
    if (!(expected in confusion) || !(predicted in confusion[expected])) continue;
    confusion[expected][predicted]++;
    if (expected === predicted) correct++;
  }
  const per = {} as Record<L, LabelMetrics>;
  const present: L[] = [];
  for (const l of labels) {
    const tp = confusion[l][l];
    const support = labels.reduce((s, p) => s + confusion[l][p], 0);
    const predicted = labels.reduce((s, e) => s + confusion[e][l], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    per[l] = { precision: r4(precision), recall: r4(recall), f1: r4(f1), support };
    if (support || predicted) present.push(l);
  }
  const macro = present.length ? present.reduce((s, l) => s + per[l].f1, 0) / present.length : 0;
  return { n: pairs.length, accuracy: pairs.length ? r4(correct / pairs.length) : 0, macro_f1: r4(macro), per_label: per, confusion };
}

/** Binary F1 for a boolean field (the positive class is `true`). */
export function binaryMetrics(pairs: ReadonlyArray<{ expected: boolean; predicted: boolean }>): LabelMetrics & { accuracy: number; n: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  for (const p of pairs) {
    if (p.expected && p.predicted) tp++;
    else if (!p.expected && p.predicted) fp++;
    else if (p.expected && !p.predicted) fn++;
    if (p.expected === p.predicted) correct++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { n: pairs.length, accuracy: pairs.length ? r4(correct / pairs.length) : 0, precision: r4(precision), recall: r4(recall), f1: r4(f1), support: tp + fn };
}

export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  /** Mean confidence in the bin. */
  confidence: number;
  /** Share right in the bin. */
  accuracy: number;
}

/** Reliability table: how often the label is right at each confidence level, and the expected calibration error. */
export function reliability(rows: ReadonlyArray<{ confidence: number; correct: boolean }>, edges = [0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]): { bins: ReliabilityBin[]; ece: number } {
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  for (let i = 0; i < edges.length - 1; i++) {
    const from = edges[i]!;
    const to = edges[i + 1]!;
    const inBin = rows.filter((r) => r.confidence >= from && r.confidence < to);
    const n = inBin.length;
    const conf = n ? inBin.reduce((s, r) => s + r.confidence, 0) / n : 0;
    const acc = n ? inBin.filter((r) => r.correct).length / n : 0;
    bins.push({ from, to: Math.min(to, 1), n, confidence: r4(conf), accuracy: r4(acc) });
    ece += rows.length ? (n / rows.length) * Math.abs(acc - conf) : 0;
  }
  return { bins, ece: r4(ece) };
}

/** The review trade-off: share flagged for review, and accuracy on the rest. */
export function reviewTradeoff(rows: ReadonlyArray<{ needsReview: boolean; correct: boolean }>): { review_rate: number; accuracy_rest: number; accuracy_all: number } {
  const rest = rows.filter((r) => !r.needsReview);
  return {
    review_rate: rows.length ? r4((rows.length - rest.length) / rows.length) : 0,
    accuracy_rest: rest.length ? r4(rest.filter((r) => r.correct).length / rest.length) : 0,
    accuracy_all: rows.length ? r4(rows.filter((r) => r.correct).length / rows.length) : 0,
  };
}
