/**
 * `npx tsx scripts/rule-misses.ts --lang ro [--field churn] [--limit 40]`: on the corpus
 * TRAIN split only, where the rules alone disagree with the fixture answers —
 * label, priority, sentiment, churn risk — with the customer's words and the
 * rules that fired, plus per-signal precision/recall on train. For people
 * writing rule patterns: find the phenomena the rules miss; never look at dev
 * or test this way.
 */
import { loadClassifier } from '../src/classify/load.js';
import { normalizeConversation } from '../src/core/normalize.js';
import { loadCorpus } from './lib/datasets.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const lang = arg('lang');
const field = arg('field');
const limit = Number(arg('limit') ?? 40);

const clf = await loadClassifier({ model: false });
const items = loadCorpus('train').filter((i) => !lang || i.language === lang);
const stats: Record<string, { tp: number; fp: number; fn: number }> = {};
const bump = (k: string, pred: boolean, gold: boolean): void => {
  const s = (stats[k] ??= { tp: 0, fp: 0, fn: 0 });
  if (pred && gold) s.tp++;
  else if (pred) s.fp++;
  else if (gold) s.fn++;
};
const misses: string[] = [];
for (const it of items) {
  const r = clf.classify(it.conversation);
  const e = it.expected;
  const nc = normalizeConversation(it.conversation);
  for (const p of ['urgent', 'high', 'low'] as const) bump(`priority=${p}`, r.priority === p, e.priority === p);
  for (const s of ['negative', 'positive'] as const) bump(`sentiment=${s}`, r.sentiment === s, e.sentiment === s);
  bump('churn', r.churn_risk === true, e.churn_risk === true);
  bump(`label=${e.label}`, r.label === e.label, true);
  const wrong: string[] = [];
  if ((!field || field === 'label') && r.label !== e.label) wrong.push(`label ${e.label}→${r.label}`);
  if ((!field || field === 'priority') && r.priority !== e.priority) wrong.push(`priority ${e.priority}→${r.priority}`);
  if ((!field || field === 'sentiment') && r.sentiment !== e.sentiment) wrong.push(`sentiment ${e.sentiment}→${r.sentiment}`);
  if ((!field || field === 'churn') && r.churn_risk !== e.churn_risk) wrong.push(`churn ${e.churn_risk}→${r.churn_risk}`);
  if (!wrong.length) continue;
  const customer = nc.messages.filter((m) => m.role === 'customer' && m.weight > 0).map((m) => m.text.replace(/\s+/g, ' ')).join(' ‖ ');
  const fired = [
    ...r.reasons.filter((x) => x.source === 'rule').map((x) => (x.source === 'rule' ? `${x.id}:"${x.text}"` : '')),
    ...Object.values(r.field_reasons ?? {}).flatMap((list) => (list ?? []).filter((x) => x.text).map((x) => `${x.id}:"${x.text}"`)),
  ];
  misses.push(`${it.conversation.id}  ${wrong.join(', ')}\n  customer: ${customer.slice(0, 700)}\n  fired: ${fired.join(' ') || '—'}`);
}
process.stdout.write(`${misses.length} of ${items.length} train conversations with a disagreement (rules only; showing ${Math.min(limit, misses.length)})\n\n`);
process.stdout.write(misses.slice(0, limit).join('\n\n') + '\n\n');
process.stdout.write('train, rules only:    precision  recall   (tp/fp/fn)\n');
for (const [k, s] of Object.entries(stats).sort()) {
  if (k.startsWith('label=')) continue;
  const p = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 0;
  const r = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 0;
  process.stdout.write(`  ${k.padEnd(20)} ${p.toFixed(2).padStart(9)} ${r.toFixed(2).padStart(7)}   (${s.tp}/${s.fp}/${s.fn})\n`);
}
