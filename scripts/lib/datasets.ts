/**
 * The labelled data the project trains and measures on: the corpus splits under
 * fixtures/corpus/{train,dev,test} (stop 14's seeded split), the later
 * additions fixtures/corpus/extra (training only; see fixtures/README.md) and
 * fixtures/corpus/holdout (sealed: measured once, never tuned on), and the public sets in ../shared/data/public
 * split once by a hash of their ids into a training part (80%) and a held-out
 * part (20%) that no training ever sees.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Labelled } from '../../src/classify/training.js';
import type { Conversation, Expected, Label } from '../../src/core/types.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHARED_DATA = resolve(ROOT, '../shared/data');
export const PUBLIC_SETS = ['banking77-train', 'bitext'] as const;
export type PublicSet = (typeof PUBLIC_SETS)[number];
export type Split = 'train' | 'dev' | 'test' | 'extra' | 'holdout';
export const SPLITS: readonly Split[] = ['train', 'dev', 'test', 'extra', 'holdout'];

export interface CorpusItem extends Labelled {
  language: string;
  hard: boolean;
  file: string;
}

/** FNV-1a: a stable hash for the public split. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** 80% of each public set trains; 20% is held out for measurement only. */
export const publicPart = (id: string): 'train' | 'heldout' => (fnv(id) % 5 === 0 ? 'heldout' : 'train');

export function publicAvailable(): boolean {
  return existsSync(join(SHARED_DATA, 'public', 'banking77-train.jsonl'));
}

export function loadPublic(set: PublicSet, part: 'train' | 'heldout'): Labelled[] {
  const file = join(SHARED_DATA, 'public', `${set}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string; label: Label })
    .filter((r) => publicPart(r.id) === part)
    .map((r, i) => ({
      conversation: {
        id: r.id,
        messages: [{ role: 'customer', body: r.text }],
        text: 'full',
        source: { file: `${set}.jsonl`, line: i + 1 },
        layout: 'canonical',
      } satisfies Conversation,
      expected: { label: r.label, language: 'en' },
    }));
}

export const corpusDir = (split: Split): string => join(ROOT, 'fixtures', 'corpus', split);

export function corpusAvailable(): boolean {
  return existsSync(corpusDir('train'));
}

interface RawFixture {
  id: string;
  language: string;
  label: Label;
  priority?: Expected['priority'];
  sentiment?: Expected['sentiment'];
  churn_risk?: boolean;
  subject?: string;
  created_at?: string;
  channel?: string;
  tags?: string[];
  messages: Conversation['messages'];
  meta?: { hard?: string[] };
}

export function loadCorpus(split: Split): CorpusItem[] {
  const dir = corpusDir(split);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .map((l, i) => [l, i + 1] as const)
        .filter(([l]) => l.trim())
        .map(([l, line]) => {
          const r = JSON.parse(l) as RawFixture;
          const conversation: Conversation = {
            id: r.id,
            messages: r.messages,
            text: 'full',
            source: { file: `fixtures/corpus/${split}/${f}`, line },
            layout: 'canonical',
          };
          if (r.subject !== undefined) conversation.subject = r.subject;
          if (r.created_at !== undefined) conversation.created_at = r.created_at;
          if (r.channel !== undefined) conversation.channel = r.channel;
          if (r.tags !== undefined) conversation.tags = r.tags;
          const expected: Expected = { label: r.label, language: r.language };
          if (r.priority) expected.priority = r.priority;
          if (r.sentiment) expected.sentiment = r.sentiment;
          if (r.churn_risk !== undefined) expected.churn_risk = r.churn_risk;
          return { conversation, expected, language: r.language, hard: (r.meta?.hard ?? []).length > 0, file: f };
        }),
    );
}

/** Public one-liners count for less than whole threads when training. */
export const PUBLIC_WEIGHT = 0.3;

/** The training data of the shipped model: corpus train split and extra + public training parts. */
export function defaultTrainingData(): { items: Labelled[]; sources: string[] } {
  const items: Labelled[] = [...loadCorpus('train'), ...loadCorpus('extra')];
  const sources = ['fixtures/corpus/train', 'fixtures/corpus/extra'];
  if (publicAvailable()) {
    for (const set of PUBLIC_SETS) {
      items.push(...loadPublic(set, 'train').map((x) => ({ ...x, weight: PUBLIC_WEIGHT })));
      sources.push(`../shared/data/public/${set}.jsonl (train part)`);
    }
  }
  return { items, sources };
}

/**
 * The writing round of a corpus id: the first corpus (ids below 1000), then each later round by its
 * thousands (1001…1090 and 2001…2060 were written by the same sessions, so they are one round).
 */
export function writingRound(id: string): string {
  const n = Number(id.slice(id.lastIndexOf('-') + 1));
  if (!(n >= 1000)) return 'xx-0001…0210';
  if (n < 3000) return 'xx-1001…2060';
  const k = Math.floor(n / 1000);
  return `xx-${k}001…${k}060`;
}
