/**
 * Worker thread: builds the classifier once (rules, model, language
 * identifier), then classifies batches of conversations sent by the pool.
 * Read errors travel through the batch untouched so output order holds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Classifier } from './classifier.js';
import { loadClassifier, type LoadOptions } from './load.js';
import type { ErrorRecord, OutputRecord } from './record.js';
import type { Conversation } from '../core/types.js';
import { TriageError } from '../core/errors.js';

export type BatchItem = { c: Conversation } | { e: ErrorRecord };
export interface BatchRequest {
  seq: number;
  items: BatchItem[];
}
export interface BatchResponse {
  seq: number;
  records: OutputRecord[];
}

export interface WorkerFailure {
  seq: number;
  error: { message: string; code?: string; context?: TriageError['context']; exitCode?: TriageError['exitCode'] };
}

function classifyOne(classifier: Classifier, c: Conversation): OutputRecord {
  try {
    return classifier.classify(c);
  } catch (err) {
    return { id: c.id, error: `internal error while classifying: ${err instanceof Error ? err.message : String(err)}`, code: 'INTERNAL', source: c.source };
  }
}

if (parentPort) {
  const port = parentPort;
  const spec = workerData as LoadOptions;
  const ready = loadClassifier(spec);
  // The first batch reports a loading failure; until then it must not count as unhandled.
  ready.catch(() => undefined);
  port.on('message', (req: BatchRequest) => {
    void ready.then(
      (classifier) => {
        const records = req.items.map((it) => ('c' in it ? classifyOne(classifier, it.c) : it.e));
        port.postMessage({ seq: req.seq, records } satisfies BatchResponse);
      },
      (err: unknown) => {
        // Loading failed (a bad rule file, model or --lang): send what the main thread needs to report it.
        const e = err instanceof TriageError ? { message: err.message, code: err.code, context: err.context, exitCode: err.exitCode } : { message: err instanceof Error ? err.message : String(err) };
        port.postMessage({ seq: req.seq, error: e });
      },
    );
  });
}
