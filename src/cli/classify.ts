/** `triage classify`: one record per conversation, in input order. */
import { classifierOptions, type RawClassifierOptions } from './classifier-options.js';
import { isErrorRecord } from '../classify/record.js';
import { describeError, EXIT, type ExitCode, UsageError } from '../core/errors.js';
import { type OutputFormat, openSink, RecordFormatter } from '../io/write.js';
import { guardOutput, inputPaths, type RawInputOptions, readOptions } from './input-options.js';
import { type CliIO, warn } from './io.js';
import { classifyInputs, parseWorkers } from './pipeline.js';

export interface ClassifyOptions extends RawInputOptions, RawClassifierOptions {
  workers?: string;
  format: string;
  output?: string;
  csvFormulas?: boolean;
}

export async function runClassify(files: string[], opts: ClassifyOptions, io: CliIO): Promise<ExitCode> {
  if (!['jsonl', 'json', 'csv'].includes(opts.format)) throw new UsageError('--format must be jsonl, json or csv');
  const paths = inputPaths(files, io);
  guardOutput(opts.output, paths, io);
  const readOpts = readOptions(opts, io);
  const fmt = new RecordFormatter(opts.format as OutputFormat, opts.csvFormulas !== true);
  const sink = openSink(opts.output, io.stdout);
  let exit: ExitCode = EXIT.OK;
  let records = 0;
  let errors = 0;
  try {
    await sink.write(fmt.header());
    for await (const item of classifyInputs(paths, readOpts, classifierOptions(opts), { workers: parseWorkers(opts.workers, paths) })) {
      if (sink.closed) break;
      if (item.kind === 'fatal') {
        warn(io, describeError(item.error));
        exit = EXIT.FATAL;
        continue;
      }
      if (isErrorRecord(item.record)) errors++;
      else records++;
      await sink.write(fmt.record(item.record));
    }
    await sink.write(fmt.footer());
    await sink.end();
  } catch (err) {
    await sink.abort();
    throw err;
  }
  if (opts.verbose) warn(io, `${records + errors} conversations: ${records} classified, ${errors} error records`);
  if (exit === EXIT.OK && errors > 0) exit = EXIT.FINDINGS;
  return exit;
}
