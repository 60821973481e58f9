/**
 * Read → classify, as one stream of output records in input order. With more
 * than one worker, conversations are classified in worker threads (parallel.ts);
 * with one, in this thread. Fatal input errors (a whole file unreadable) come
 * through as `fatal` items so the command can report them and go on.
 */
import { statSync } from 'node:fs';
import type { Classifier } from '../classify/classifier.js';
import { loadClassifier, type LoadOptions } from '../classify/load.js';
import { type ErrorRecord, errorRecord, type OutputRecord } from '../classify/record.js';
import { type TriageError, UsageError } from '../core/errors.js';
import type { Conversation, Expected } from '../core/types.js';
import { type ReadOptions, readInputs } from '../io/read.js';
import { classifyWithWorkers, defaultWorkers, workersAvailable } from './parallel.js';

export type PipelineItem =
  | { kind: 'record'; record: OutputRecord; conversation?: Conversation; expected?: Expected }
  | { kind: 'fatal'; error: TriageError };

/** A classifier failure on one conversation becomes that conversation's error record. */
export function internalErrorRecord(conv: Conversation, err: unknown): ErrorRecord {
  return {
    id: conv.id,
    error: `internal error while classifying: ${err instanceof Error ? err.message : String(err)}`,
    code: 'INTERNAL',
    source: conv.source,
  };
}

export interface PipelineOptions {
  /** Keep the conversation beside its record (explain, the TUI, check); classifies in this thread. */
  keepConversation?: boolean;
  /** Worker threads; 1 = this thread. */
  workers?: number;
}

/** Below this much input, worker threads cost more (start-up, a classifier per thread) than they save. */
export const WORKERS_MIN_BYTES = 32 * 1024 * 1024;

function inputBytes(paths: readonly string[]): number {
  let total = 0;
  for (const p of paths) {
    if (p === '-') continue; // a pipe's length is unknown: one thread unless --workers says otherwise
    try {
      total += statSync(p).size;
    } catch {
      // reported when read
    }
  }
  return total;
}

/** `--workers N` normalised: a positive integer; by default one per core for large inputs, else 1. */
export function parseWorkers(v: string | undefined, paths: readonly string[] = []): number {
  if (v === undefined) return inputBytes(paths) >= WORKERS_MIN_BYTES ? defaultWorkers() : 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--workers must be a whole number from 1 to 64');
  return n;
}

/** Classify in this thread with a ready classifier. */
export async function* classifyItems(
  paths: readonly string[],
  readOpts: ReadOptions,
  classifier: Classifier,
  opts: PipelineOptions = {},
): AsyncGenerator<PipelineItem> {
  for await (const item of readInputs(paths, readOpts)) {
    if (item.kind === 'fatal') {
      yield item;
      continue;
    }
    if (item.kind === 'error') {
      yield { kind: 'record', record: errorRecord(item.error) };
      continue;
    }
    let record: OutputRecord;
    try {
      record = classifier.classify(item.conversation);
    } catch (err) {
      record = internalErrorRecord(item.conversation, err);
    }
    const out: PipelineItem = { kind: 'record', record };
    if (opts.keepConversation) out.conversation = item.conversation;
    if (item.expected) out.expected = item.expected;
    yield out;
  }
}

/** Read and classify, in worker threads when asked and possible. */
export async function* classifyInputs(
  paths: readonly string[],
  readOpts: ReadOptions,
  spec: LoadOptions,
  opts: PipelineOptions = {},
): AsyncGenerator<PipelineItem> {
  const workers = opts.workers ?? 1;
  if (workers > 1 && !opts.keepConversation && workersAvailable()) {
    yield* classifyWithWorkers(readInputs(paths, readOpts), workers, spec);
    return;
  }
  yield* classifyItems(paths, readOpts, await loadClassifier(spec), opts);
}
