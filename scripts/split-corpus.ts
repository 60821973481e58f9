/**
 * `npm run corpus:split -- <staging-dir>`: split the hand-written corpus into
 * fixtures/corpus/{train,dev,test}/<lang>.jsonl, once, by a recorded seed.
 *
 * Stratified by language × label: within each group, records are sorted by id,
 * shuffled with a PRNG seeded from SEED and the group, and cut 70 / 15 / 15.
 * `assignSplits` is pure, so a test re-derives the split from the committed
 * files and checks that every record sits where the seed puts it.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng, shuffleInPlace } from '../src/classify/softmax.js';
import { ROOT } from './lib/datasets.js';

export const SEED = 20261123;
export const SHARES = { train: 0.7, dev: 0.15 } as const;

export interface CorpusRecord {
  id: string;
  language: string;
  label: string;
  [k: string]: unknown;
}

const groupSeed = (group: string): number => {
  let h = SEED >>> 0;
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

/** id → split, deterministic from the records' ids, languages and labels. */
export function assignSplits(records: readonly CorpusRecord[]): Map<string, 'train' | 'dev' | 'test'> {
  const groups = new Map<string, string[]>();
  for (const r of records) {
    const key = `${r.language}/${r.label}`;
    const list = groups.get(key) ?? [];
    list.push(r.id);
    groups.set(key, list);
  }
  const out = new Map<string, 'train' | 'dev' | 'test'>();
  for (const [key, ids] of [...groups.entries()].sort()) {
    const order = shuffleInPlace([...ids].sort(), prng(groupSeed(key)));
    const nTrain = Math.round(order.length * SHARES.train);
    const nDev = Math.round(order.length * SHARES.dev);
    order.forEach((id, i) => out.set(id, i < nTrain ? 'train' : i < nTrain + nDev ? 'dev' : 'test'));
  }
  return out;
}

function readJsonl(file: string): CorpusRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRecord);
}

/** Every record of a directory tree of .jsonl files. */
export function readTree(dir: string): CorpusRecord[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? readTree(join(dir, e.name)) : e.name.endsWith('.jsonl') ? readJsonl(join(dir, e.name)) : []));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const staging = process.argv[2];
  if (!staging) throw new Error('usage: split-corpus <staging-dir with <lang>/*.jsonl>');
  const records = readTree(staging);
  const ids = new Set<string>();
  for (const r of records) {
    if (ids.has(r.id)) throw new Error(`duplicate id ${r.id}`);
    ids.add(r.id);
  }
  const splits = assignSplits(records);
  const out = join(ROOT, 'fixtures', 'corpus');
  for (const split of ['train', 'dev', 'test'] as const) {
    mkdirSync(join(out, split), { recursive: true });
    const langs = [...new Set(records.map((r) => r.language))].sort();
    for (const lang of langs) {
      const rows = records.filter((r) => r.language === lang && splits.get(r.id) === split).sort((a, b) => a.id.localeCompare(b.id));
      writeFileSync(join(out, split, `${lang}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    }
  }
  const count = (s: string) => [...splits.values()].filter((v) => v === s).length;
  process.stderr.write(`split ${records.length}: train ${count('train')}, dev ${count('dev')}, test ${count('test')}\n`);
}
