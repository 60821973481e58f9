/**
 * Classify a stream of read items with a pool of worker threads, keeping input
 * order. The main thread reads and groups; batches go to whichever worker is
 * free; results are released in sequence. At most `2 × workers` batches are in
 * flight, so reading waits for classification and memory stays bounded.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LoadOptions } from '../classify/load.js';
import { errorRecord, type OutputRecord } from '../classify/record.js';
import type { BatchItem, BatchResponse, WorkerFailure } from '../classify/worker.js';
import { TriageError } from '../core/errors.js';
import type { RunItem } from '../io/read.js';
import type { PipelineItem } from './pipeline.js';

export const BATCH_SIZE = 128;
/** A batch is also sent once its texts reach this many characters (a worker's heap is capped). */
export const BATCH_CHARS = 2_000_000;

/** Default workers: one per core, at most 8. `1` means in-process (no threads). */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

const WORKER_URL = new URL('../classify/worker.js', import.meta.url);

/** Worker threads need the compiled worker (dist/); from sources (tests) the pool is unavailable. */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

export async function* classifyWithWorkers(items: AsyncIterable<RunItem>, n: number, spec: LoadOptions): AsyncGenerator<PipelineItem> {
  // Each worker holds its own classifier (~100 MB with the language identifier); capping its heap
  // makes V8 collect instead of growing, so memory stays flat however long the input.
  const workers = Array.from({ length: n }, () => new Worker(WORKER_URL, { workerData: spec, resourceLimits: { maxOldGenerationSizeMb: 160 } }));
  const idle: Worker[] = [...workers];
  const done = new Map<number, OutputRecord[]>();
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  for (const w of workers) {
    w.on('message', (msg: BatchResponse | WorkerFailure) => {
      if ('error' in msg) {
        const e = msg.error;
        failure = e.code ? new TriageError(e.code, e.message, e.context ?? {}, e.exitCode) : new TriageError('WORKER', `worker failed: ${e.message}`);
      } else done.set(msg.seq, msg.records);
      idle.push(w);
      notify();
    });
    w.on('error', (err) => {
      failure = err instanceof TriageError ? err : new TriageError('WORKER', `worker failed: ${err.message}`);
      notify();
    });
  }
  const waitForEvent = (): Promise<void> => new Promise((res) => (wake = res));

  let nextSeq = 0;
  let emitSeq = 0;
  let batch: BatchItem[] = [];
  let batchChars = 0;
  const pendingFatals = new Map<number, TriageError[]>();
  const maxInFlight = 2 * n;

  const send = async (): Promise<void> => {
    while (!idle.length && !failure) await waitForEvent();
    if (failure) throw failure;
    idle.shift()!.postMessage({ seq: nextSeq++, items: batch });
    batch = [];
    batchChars = 0;
  };

  function* release(): Generator<PipelineItem> {
    for (;;) {
      const fatals = pendingFatals.get(emitSeq);
      if (fatals) {
        for (const error of fatals) yield { kind: 'fatal', error };
        pendingFatals.delete(emitSeq);
      }
      const recs = done.get(emitSeq);
      if (!recs) return;
      done.delete(emitSeq);
      emitSeq++;
      for (const record of recs) yield { kind: 'record', record };
    }
  }

  try {
    for await (const it of items) {
      if (it.kind === 'fatal') {
        // A fatal input error is reported after the records read before it.
        if (batch.length) await send();
        const list = pendingFatals.get(nextSeq) ?? [];
        list.push(it.error);
        pendingFatals.set(nextSeq, list);
        continue;
      }
      if (it.kind === 'error') batch.push({ e: errorRecord(it.error) });
      else {
        batch.push({ c: it.conversation });
        for (const m of it.conversation.messages) batchChars += m.body.length;
      }
      if (batch.length >= BATCH_SIZE || batchChars >= BATCH_CHARS) {
        await send();
        yield* release();
        while (nextSeq - emitSeq >= maxInFlight && !failure) {
          await waitForEvent();
          yield* release();
        }
        if (failure) throw failure;
      }
    }
    if (batch.length) await send();
    while (emitSeq < nextSeq) {
      if (failure) throw failure;
      yield* release();
      if (emitSeq < nextSeq) await waitForEvent();
    }
    yield* release();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
