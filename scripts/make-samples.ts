/**
 * `npm run samples`: regenerate fixtures/samples/ from the corpus train split —
 * small exports (36 conversations, five languages) in every helpdesk layout of
 * EXPORTS.md, with the quirks real files have, plus a 300-conversation mixed
 * export for the TUI demo. Deterministic: same corpus → same bytes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CanonConversation, type Layout, render } from './lib/render-layouts.js';
import { ROOT } from './lib/datasets.js';
import { readTree } from './split-corpus.js';

const OUT = join(ROOT, 'fixtures', 'samples');

const FILES: Array<[Layout, string]> = [
  ['zendesk-json', 'zendesk-tickets.json'],
  ['zendesk-api-json', 'zendesk-api-tickets.json'],
  ['zendesk-csv', 'zendesk-tickets.csv'],
  ['intercom-json', 'intercom-conversations.json'],
  ['intercom-webhook-jsonl', 'intercom-webhooks.jsonl'],
  ['intercom-csv', 'intercom-conversations.csv'],
  ['intercom-messages-csv', 'intercom-messages.csv'],
  ['freshdesk-json', 'freshdesk-tickets.json'],
  ['freshdesk-csv', 'freshdesk-tickets.csv'],
  ['helpscout-json', 'helpscout-conversations.json'],
  ['front-json', 'front-events.jsonl'],
  ['front-csv', 'front-messages.csv'],
  ['gorgias-json', 'gorgias-tickets.json'],
  ['generic-csv', 'generic-tickets.csv'],
  ['generic-messages-csv', 'generic-messages.tsv'],
  ['canonical-jsonl', 'conversations.jsonl'],
];

/** Drop the fixture answers: a sample export looks like what a helpdesk gives. */
function asExport(r: Record<string, unknown>): CanonConversation {
  const { label: _l, priority: _p, sentiment: _s, churn_risk: _c, meta: _m, language: _g, ...rest } = r;
  return rest as unknown as CanonConversation;
}

/** Every k-th record, so all languages and labels appear. */
function spread<T>(xs: readonly T[], n: number): T[] {
  const step = xs.length / n;
  return Array.from({ length: Math.min(n, xs.length) }, (_, i) => xs[Math.floor(i * step)]!);
}

/** Every sample file's name and bytes, from the corpus train split. */
export function buildSamples(): Map<string, string | Buffer> {
  const train = readTree(join(ROOT, 'fixtures', 'corpus', 'train')).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (!train.length) throw new Error('fixtures/corpus/train is empty');
  const out = new Map<string, string | Buffer>();
  const small = spread(train, 36).map((r) => asExport(r as Record<string, unknown>));
  for (const [layout, name] of FILES) out.set(name, render(layout, small, 11).content);
  const mixed = spread(train, 300).map((r) => asExport(r as Record<string, unknown>));
  out.set('mixed-300.jsonl', render('canonical-jsonl', mixed).content);
  return out;
}

export const SAMPLES_DIR = OUT;

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = buildSamples();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(OUT, name), content);
  process.stderr.write(`wrote ${files.size} sample exports to ${OUT}\n`);
}
