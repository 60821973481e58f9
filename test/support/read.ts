import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadItem } from '../../src/core/types.js';
import { type ReadOptions, readInputs, type RunItem } from '../../src/io/read.js';

const dir = mkdtempSync(join(tmpdir(), 'triage-test-'));
let n = 0;

/** Write content to a temp file with the given name; returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const sub = join(dir, String(n++));
  mkdirSync(sub, { recursive: true });
  const p = join(sub, name);
  writeFileSync(p, content);
  return p;
}

export async function readAll(paths: string[], opts: ReadOptions = {}): Promise<{ items: RunItem[]; notices: string[] }> {
  const notices: string[] = [];
  const items: RunItem[] = [];
  for await (const it of readInputs(paths, { ...opts, onNotice: (m) => notices.push(m) })) items.push(it);
  return { items, notices };
}

export const conversations = (items: RunItem[]) =>
  items.filter((i): i is Extract<ReadItem, { kind: 'conversation' }> => i.kind === 'conversation').map((i) => i.conversation);
export const errors = (items: RunItem[]) =>
  items.filter((i): i is Extract<ReadItem, { kind: 'error' }> => i.kind === 'error').map((i) => i.error);
export const fatals = (items: RunItem[]) => items.filter((i) => i.kind === 'fatal');

/** Read one text (or buffer) as a file with that name. */
export async function readText(name: string, content: string | Buffer, opts: ReadOptions = {}) {
  return readAll([tempFile(name, content)], opts);
}
