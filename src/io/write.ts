/**
 * Record writers: JSONL, JSON array or CSV, to stdout or to a file written
 * atomically (temp file in the same directory, renamed at the end). A closed
 * pipe (`| head -1`) ends the run quietly.
 */
import { createWriteStream, statSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { TriageError } from '../core/errors.js';
import { type OutputRecord, isErrorRecord } from '../classify/record.js';

export type OutputFormat = 'jsonl' | 'json' | 'csv';

export interface Sink {
  write(chunk: string): Promise<void>;
  /** True once the reader went away (EPIPE): stop producing. */
  readonly closed: boolean;
  end(): Promise<void>;
  /** Remove a partial output file after a failure. */
  abort(): Promise<void>;
}

/** A failed write as a user reads it: the file they named (not our temp file) and why, in plain words. */
function writeFailure(err: unknown, file: string | undefined): TriageError {
  if (err instanceof TriageError) return err;
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'ENOENT' ? 'its folder does not exist' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message;
  return file ? new TriageError('WRITE_FAILED', `cannot write the file: ${why}`, { file }) : new TriageError('WRITE_FAILED', `cannot write output: ${why}`);
}

class StreamSink implements Sink {
  closed = false;
  private failure: Error | null = null;
  constructor(
    private readonly stream: Writable,
    private readonly owned: boolean,
    /** The file the user named, for messages; none for stdout. */
    private readonly file?: string,
  ) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') this.closed = true;
      else this.failure = err;
    });
  }
  async write(chunk: string): Promise<void> {
    if (this.failure) throw writeFailure(this.failure, this.file);
    if (this.closed || this.stream.destroyed) {
      this.closed = true;
      return;
    }
    if (!this.stream.write(chunk)) {
      await new Promise<void>((res) => {
        const done = (): void => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          this.stream.off('close', done);
          res();
        };
        this.stream.once('drain', done);
        this.stream.once('error', done);
        this.stream.once('close', done);
      });
    }
  }
  async end(): Promise<void> {
    if (this.failure) throw writeFailure(this.failure, this.file);
    if (!this.owned || this.closed) return;
    await new Promise<void>((res, rej) => {
      this.stream.end((err?: Error | null) => (err ? rej(writeFailure(err, this.file)) : res()));
    });
  }
  async abort(): Promise<void> {
    if (this.owned) this.stream.destroy();
  }
}

/** A file sink that only appears under its name when complete. */
class AtomicFileSink implements Sink {
  private readonly inner: StreamSink;
  private readonly tmp: string;
  constructor(private readonly path: string) {
    const abs = resolve(path);
    this.tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.tmp`);
    this.inner = new StreamSink(createWriteStream(this.tmp, { flags: 'wx' }), true, path);
  }
  get closed(): boolean {
    return this.inner.closed;
  }
  write(chunk: string): Promise<void> {
    return this.inner.write(chunk);
  }
  async end(): Promise<void> {
    await this.inner.end();
    await rename(this.tmp, this.path).catch((err: unknown) => {
      throw writeFailure(err, this.path);
    });
  }
  async abort(): Promise<void> {
    await this.inner.abort();
    await unlink(this.tmp).catch(() => undefined);
  }
}

/** True when `path` exists and is not a regular file (a device such as /dev/null, a FIFO, a socket). */
function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}

export function openSink(output: string | undefined, stdout: Writable): Sink {
  if (!output || output === '-') return new StreamSink(stdout, false);
  // Atomic replacement is for regular files: renaming over /dev/null or a FIFO would replace the
  // device itself with a file. Those are written to as they are.
  if (isSpecialFile(output)) return new StreamSink(createWriteStream(output, { flags: 'a' }), true, output);
  return new AtomicFileSink(output);
}

/** Write `text` to a file atomically (reports, baselines, models); special files are written as they are. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const sink = openSink(path, process.stdout);
  try {
    await sink.write(text);
    await sink.end();
  } catch (err) {
    await sink.abort();
    throw err;
  }
}

export const CSV_COLUMNS = [
  'id', 'label', 'confidence', 'score_support', 'score_service', 'score_success', 'priority', 'sentiment', 'churn_risk',
  'language', 'needs_review', 'reasons', 'subject', 'text', 'source_file', 'source_line', 'error',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * OWASP's advice against CSV formula injection: a cell that a spreadsheet would
 * read as a formula gets a leading apostrophe.
 */
export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function compactReasons(r: OutputRecord): string {
  if (isErrorRecord(r)) return '';
  return r.reasons
    .map((x) => {
      if (x.source === 'rule') return `${x.id}: "${x.text}"`;
      if (x.source === 'tiebreak') return `${x.id}`;
      if (x.source === 'lexical') return `term "${x.term}"`;
      if (x.source === 'structure') return x.id;
      return `coverage: ${x.text}`;
    })
    .slice(0, 6)
    .join('; ');
}

export function csvRow(r: OutputRecord, escapeFormulas: boolean): string[] {
  const cells: Array<string | number | boolean | null | undefined> = isErrorRecord(r)
    ? [r.id ?? '', '', '', '', '', '', '', '', '', '', '', '', '', '', r.source.file, r.source.line, r.error]
    : [
        r.id, r.label, r.confidence, r.scores.support, r.scores.service, r.scores.success, r.priority, r.sentiment,
        r.churn_risk, r.language, r.needs_review, compactReasons(r), r.subject ?? '', r.text, r.source.file, r.source.line, '',
      ];
  return cells.map((c) => {
    const s = c === null || c === undefined ? '' : String(c);
    return escapeFormulas ? neutralizeFormula(s) : s;
  });
}

/** Serialises records in one format; `header`/`footer` frame the stream. */
export class RecordFormatter {
  private count = 0;
  constructor(
    private readonly format: OutputFormat,
    private readonly escapeFormulas = true,
  ) {}
  header(): string {
    if (this.format === 'csv') return stringify([[...CSV_COLUMNS]]);
    if (this.format === 'json') return '[';
    return '';
  }
  record(r: OutputRecord): string {
    const n = this.count++;
    if (this.format === 'jsonl') return JSON.stringify(r) + '\n';
    if (this.format === 'json') return (n ? ',\n' : '\n') + JSON.stringify(r);
    return stringify([csvRow(r, this.escapeFormulas)]);
  }
  footer(): string {
    if (this.format === 'json') return this.count ? '\n]\n' : ']\n';
    return '';
  }
}
