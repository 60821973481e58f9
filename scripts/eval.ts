/**
 * `npm run eval`: quality of the shipped classifier on the corpus dev, test and
 * holdout sets and on the held-out parts of the public sets — accuracy, macro-F1,
 * per-label P/R/F1, confusion matrix, per language, the needs-review trade-off,
 * a reliability table — beside the rules alone and natural's BayesClassifier
 * trained on the same data (the baseline to beat).
 *
 *   npm run eval                 all sets
 *   npm run eval -- --sets dev   only the dev split (what to look at while tuning)
 *   npm run eval -- --sets rounds
 *                                leave-one-writing-round-out over the training data: each round of
 *                                the corpus (written by its own sessions) is scored by a model trained
 *                                without it — how the model does on writers it has not seen (~9 min)
 *   npm run eval -- --json       machine-readable
 */
import { createRequire } from 'node:module';
import { Classifier } from '../src/classify/classifier.js';
import { eldSubsetPath, loadDetector } from '../src/classify/language.js';
import { LexicalModel } from '../src/classify/lexical.js';
import { loadClassifier, packageRoot } from '../src/classify/load.js';
import { trainModel } from '../src/classify/training.js';
import type { ClassifiedRecord } from '../src/classify/record.js';
import type { Labelled } from '../src/classify/training.js';
import { LABELS, type Label } from '../src/core/types.js';
import { binaryMetrics, classMetrics, type ClassMetrics, reliability, reviewTradeoff } from '../src/report/metrics.js';
import { PRIORITIES, SENTIMENTS } from '../src/core/types.js';
import { corpusAvailable, defaultTrainingData, loadCorpus, loadPublic, PUBLIC_SETS, publicAvailable, writingRound } from './lib/datasets.js';

const require = createRequire(import.meta.url);

interface SetResult {
  name: string;
  n: number;
  model: ClassMetrics<Label>;
  rules_only: ClassMetrics<Label>;
  /** Absent for the writing rounds (a Bayes baseline per round would cost more than it says). */
  bayes?: ClassMetrics<Label>;
  per_language?: Record<string, ClassMetrics<Label>>;
  hard?: ClassMetrics<Label>;
  review: ReturnType<typeof reviewTradeoff>;
  reliability: ReturnType<typeof reliability>;
  seconds: number;
  triage?: TriageResult;
}

interface FieldScores {
  priority: ClassMetrics<string>;
  sentiment: ClassMetrics<string> & { judged: number };
  churn: ReturnType<typeof binaryMetrics>;
  language: { accuracy: number; n: number };
}
interface TriageResult extends FieldScores {
  per_language: Record<string, FieldScores>;
}

function fieldScores(items: readonly Labelled[], recs: readonly ClassifiedRecord[]): FieldScores {
  const idx = items.map((_, i) => i);
  const withP = idx.filter((i) => items[i]!.expected.priority);
  const withS = idx.filter((i) => items[i]!.expected.sentiment);
  const withC = idx.filter((i) => items[i]!.expected.churn_risk !== undefined);
  const withL = idx.filter((i) => items[i]!.expected.language);
  // A sentiment the tool declines to give (null) counts as wrong here; `judged` says how many it gave.
  const sentiment = classMetrics([...SENTIMENTS, 'null'], withS.map((i) => ({ expected: items[i]!.expected.sentiment!, predicted: recs[i]!.sentiment ?? 'null' })));
  return {
    priority: classMetrics([...PRIORITIES], withP.map((i) => ({ expected: items[i]!.expected.priority!, predicted: recs[i]!.priority ?? 'normal' }))),
    sentiment: { ...sentiment, judged: withS.filter((i) => recs[i]!.sentiment !== null).length },
    churn: binaryMetrics(withC.map((i) => ({ expected: items[i]!.expected.churn_risk!, predicted: recs[i]!.churn_risk === true }))),
    language: { accuracy: withL.length ? Math.round((10000 * withL.filter((i) => recs[i]!.language === items[i]!.expected.language).length) / withL.length) / 10000 : 0, n: withL.length },
  };
}

interface Bayes {
  addDocument(text: string, label: string): void;
  train(): void;
  classify(text: string): string;
}

/** Text a bag-of-words baseline sees: subject and every message body. */
const plainText = (l: Labelled): string => [l.conversation.subject ?? '', ...l.conversation.messages.map((m) => m.body)].join('\n');

function trainBayes(items: readonly Labelled[]): Bayes {
  const { BayesClassifier } = require('natural/lib/natural/classifiers/index.js') as { BayesClassifier: new () => Bayes };
  const b = new BayesClassifier();
  for (const it of items) b.addDocument(plainText(it), it.expected.label);
  b.train();
  return b;
}

type EvalItem = Labelled & { language?: string; hard?: boolean };

/** Classify a set with the model, the rules alone and (when given) the Bayes baseline, and score it. */
function evaluate(name: string, items: readonly EvalItem[], clf: Classifier, rulesOnly: Classifier, bayes: Bayes | undefined): SetResult {
  const t0 = performance.now();
  const recs: ClassifiedRecord[] = items.map((it) => clf.classify(it.conversation));
  const seconds = (performance.now() - t0) / 1000;
  const rules = items.map((it) => rulesOnly.classify(it.conversation).label);
  const bayesLabels = bayes && items.map((it) => bayes.classify(plainText(it)) as Label);
  return score(name, items, recs, rules, bayesLabels, seconds);
}

/** The metrics of a set from its records and the baselines' labels. */
function score(name: string, items: readonly EvalItem[], recs: readonly ClassifiedRecord[], rules: readonly Label[], bayes: readonly Label[] | undefined, seconds: number): SetResult {
  const pairs = items.map((it, i) => ({ expected: it.expected.label, predicted: recs[i]!.label }));
  const vs = (labels: readonly Label[]): ClassMetrics<Label> => classMetrics(LABELS, items.map((it, i) => ({ expected: it.expected.label, predicted: labels[i]! })));
  const res: SetResult = {
    name,
    n: items.length,
    model: classMetrics(LABELS, pairs),
    rules_only: vs(rules),
    bayes: bayes ? vs(bayes) : undefined,
    review: reviewTradeoff(recs.map((r, i) => ({ needsReview: r.needs_review, correct: r.label === items[i]!.expected.label }))),
    reliability: reliability(recs.map((r, i) => ({ confidence: r.confidence, correct: r.label === items[i]!.expected.label }))),
    seconds,
  };
  const langs = [...new Set(items.map((i) => i.language).filter((l): l is string => !!l))].sort();
  if (langs.length > 1) {
    res.per_language = Object.fromEntries(langs.map((l) => [l, classMetrics(LABELS, pairs.filter((_, i) => items[i]!.language === l))]));
  }
  if (items.some((i) => i.hard)) res.hard = classMetrics(LABELS, pairs.filter((_, i) => items[i]!.hard));
  if (items.some((i) => i.expected.priority)) {
    res.triage = {
      ...fieldScores(items, recs),
      per_language: Object.fromEntries(langs.map((l) => {
        const sel = items.map((_, i) => i).filter((i) => items[i]!.language === l);
        return [l, fieldScores(sel.map((i) => items[i]!), sel.map((i) => recs[i]!))];
      })),
    };
  }
  return res;
}

const f3 = (x: number): string => x.toFixed(3);

function render(r: SetResult): string {
  const out: string[] = [];
  out.push(`\n== ${r.name} (${r.n} conversations${r.seconds > 0 ? `, ${(r.n / r.seconds).toFixed(0)}/s` : ''})`);
  const bayes = (m: ClassMetrics<Label> | undefined, k: 'macro_f1' | 'accuracy'): string => (m ? `   natural Bayes ${f3(m[k])}` : '');
  out.push(`macro-F1  model ${f3(r.model.macro_f1)}   rules only ${f3(r.rules_only.macro_f1)}${bayes(r.bayes, 'macro_f1')}`);
  out.push(`accuracy  model ${f3(r.model.accuracy)}   rules only ${f3(r.rules_only.accuracy)}${bayes(r.bayes, 'accuracy')}`);
  out.push('label      precision  recall   F1      support');
  for (const l of LABELS) {
    const m = r.model.per_label[l];
    out.push(`${l.padEnd(10)} ${f3(m.precision).padStart(9)} ${f3(m.recall).padStart(7)} ${f3(m.f1).padStart(7)} ${String(m.support).padStart(8)}`);
  }
  out.push(`confusion (rows expected, columns predicted: ${LABELS.join(' / ')})`);
  for (const e of LABELS) out.push(`  ${e.padEnd(8)} ${LABELS.map((p) => String(r.model.confusion[e][p]).padStart(5)).join(' ')}`);
  if (r.per_language) {
    out.push('per language       macro-F1  accuracy   n');
    for (const [l, m] of Object.entries(r.per_language)) out.push(`  ${l.padEnd(16)} ${f3(m.macro_f1).padStart(8)} ${f3(m.accuracy).padStart(9)} ${String(m.n).padStart(4)}`);
  }
  if (r.hard) out.push(`hard cases: macro-F1 ${f3(r.hard.macro_f1)}, accuracy ${f3(r.hard.accuracy)} (n ${r.hard.n})`);
  out.push(`needs review: ${(100 * r.review.review_rate).toFixed(1)}%; accuracy on the rest ${f3(r.review.accuracy_rest)} (all: ${f3(r.review.accuracy_all)})`);
  if (r.triage) {
    const t = r.triage;
    out.push('triage fields          priority  sentiment  churn-F1  language');
    const row = (name: string, f: FieldScores) => `  ${name.padEnd(20)} ${f3(f.priority.accuracy).padStart(8)} ${f3(f.sentiment.accuracy).padStart(10)} ${f3(f.churn.f1).padStart(9)} ${f3(f.language.accuracy).padStart(9)}`;
    out.push(row('all', t));
    for (const [l, f] of Object.entries(t.per_language)) out.push(row(l, f));
    out.push(`  sentiment judged on ${t.sentiment.judged} of ${t.sentiment.n} (null = declined, counted wrong); churn P ${f3(t.churn.precision)} R ${f3(t.churn.recall)}`);
    out.push(`  priority confusion (rows expected ${PRIORITIES.join('/')}):`);
    for (const e of PRIORITIES) out.push(`    ${e.padEnd(7)} ${PRIORITIES.map((p) => String(t.priority.confusion[e]![p]).padStart(4)).join(' ')}`);
    out.push(`  sentiment confusion (rows expected ${SENTIMENTS.join('/')}, columns also null):`);
    for (const e of SENTIMENTS) out.push(`    ${e.padEnd(9)} ${[...SENTIMENTS, 'null'].map((p) => String(t.sentiment.confusion[e]![p]).padStart(4)).join(' ')}`);
  }
  out.push(`reliability (ECE ${f3(r.reliability.ece)}): confidence bin → share right`);
  for (const b of r.reliability.bins) if (b.n) out.push(`  ${b.from.toFixed(1)}–${b.to.toFixed(1)}  n ${String(b.n).padStart(5)}  mean conf ${f3(b.confidence)}  right ${f3(b.accuracy)}`);
  return out.join('\n');
}

/** Leave one writing round out: train without it (the rest of the default training data), score it. */
async function evaluateRounds(rulesOnly: Classifier): Promise<SetResult[]> {
  const { items, sources } = defaultTrainingData();
  const corpusIds = new Set([...loadCorpus('train'), ...loadCorpus('extra')].map((it) => it.conversation.id));
  const roundOf = (it: Labelled): string | undefined => (corpusIds.has(it.conversation.id) ? writingRound(it.conversation.id) : undefined);
  const rounds = [...new Set(items.map(roundOf).filter((r): r is string => !!r))].sort();
  const detector = await loadDetector(eldSubsetPath(packageRoot()));
  const results: SetResult[] = [];
  // Every round's records and rule-only labels, pooled for the summary over all rounds.
  const all: EvalItem[] = [];
  const recs: ClassifiedRecord[] = [];
  const rules: Label[] = [];
  for (const round of rounds) {
    process.stderr.write(`eval: training without ${round}…\n`);
    const model = new LexicalModel(trainModel(items.filter((it) => roundOf(it) !== round), rulesOnly, sources));
    const clf = new Classifier(rulesOnly.rules, { model, detector });
    const held: EvalItem[] = items.filter((it) => roundOf(it) === round);
    const t0 = performance.now();
    const heldRecs = held.map((it) => clf.classify(it.conversation));
    const seconds = (performance.now() - t0) / 1000;
    const heldRules = held.map((it) => rulesOnly.classify(it.conversation).label);
    results.push(score(`writing round ${round}, scored by a model trained without it`, held, heldRecs, heldRules, undefined, seconds));
    all.push(...held);
    recs.push(...heldRecs);
    rules.push(...heldRules);
  }
  results.push(score('all writing rounds, each scored by a model trained without it', all, recs, rules, undefined, 0));
  return results;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const setsArg = args[args.indexOf('--sets') + 1];
  const wanted = args.includes('--sets') && setsArg ? setsArg.split(',') : ['dev', 'test', 'holdout', 'public'];
  const clf = await loadClassifier();
  const rulesOnly = await loadClassifier({ model: false });
  const bayes = trainBayes(defaultTrainingData().items);
  const results: SetResult[] = [];
  if (!corpusAvailable()) process.stderr.write('eval: fixtures/corpus is absent: corpus sets skipped\n');
  for (const split of ['dev', 'test', 'holdout'] as const) {
    const items = wanted.includes(split) && corpusAvailable() ? loadCorpus(split) : [];
    if (items.length) results.push(evaluate(`corpus ${split}`, items, clf, rulesOnly, bayes));
  }
  if (wanted.includes('public')) {
    if (!publicAvailable()) process.stderr.write('eval: ../shared/data/public is absent: public sets skipped\n');
    else for (const set of PUBLIC_SETS) results.push(evaluate(`public ${set} (held-out 20%)`, loadPublic(set, 'heldout'), clf, rulesOnly, bayes));
  }
  if (wanted.includes('rounds') && corpusAvailable()) results.push(...(await evaluateRounds(rulesOnly)));
  if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else process.stdout.write(results.map(render).join('\n') + '\n');
}

await main();
