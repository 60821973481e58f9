/**
 * Read → classify, as one stream of output records in input order. Commands
 * consume it; fatal input errors (a whole file unreadable) come through as
 * `fatal` items so the command can report them and go on.
 */
import type { Classifier } from '../classify/classifier.js';
import { type ErrorRecord, errorRecord, type OutputRecord } from '../classify/record.js';
import type { TriageError } from '../core/errors.js';
import type { Conversation, Expected } from '../core/types.js';
import { type ReadOptions, readInputs } from '../io/read.js';

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
  /** Keep the conversation beside its record (explain, the TUI, check). */
  keepConversation?: boolean;
}

export async function* classifyInputs(
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
