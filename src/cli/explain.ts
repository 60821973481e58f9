/** `triage explain FILE --id ID`: why one conversation got its label. */
import { loadClassifier } from '../classify/load.js';
import { normalizeConversation } from '../core/normalize.js';
import { describeError, EXIT, type ExitCode, InputError, UsageError } from '../core/errors.js';
import { readInputs } from '../io/read.js';
import { type Explanation, explanationOf, PLAIN, renderExplanation, type Style } from '../report/explain.js';
import { classifierOptions, type RawClassifierOptions } from './classifier-options.js';
import { inputPaths, type RawInputOptions, readOptions } from './input-options.js';
import { type CliIO, warn } from './io.js';

export interface ExplainOptions extends RawInputOptions, RawClassifierOptions {
  id?: string;
  json?: boolean;
}

async function colourStyle(io: CliIO): Promise<Style> {
  if (!io.stdout.isTTY || io.env.NO_COLOR) return PLAIN;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { bold: (s) => c.bold(s), dim: (s) => c.dim(s), mark: (s) => c.inverse(s), label: (s) => c.cyan(s) };
}

export async function runExplain(files: string[], opts: ExplainOptions, io: CliIO): Promise<ExitCode> {
  if (opts.id === undefined) throw new UsageError('--id is required: the id of the conversation to explain');
  const paths = inputPaths(files, io);
  const classifier = await loadClassifier(classifierOptions(opts));
  const found: Explanation[] = [];
  let exit: ExitCode = EXIT.OK;
  for await (const it of readInputs(paths, readOptions(opts, io))) {
    if (it.kind === 'fatal') {
      warn(io, describeError(it.error));
      exit = EXIT.FATAL;
    } else if (it.kind === 'conversation' && it.conversation.id === opts.id) {
      const record = classifier.classify(it.conversation);
      found.push(explanationOf(record, normalizeConversation(it.conversation)));
    }
  }
  if (!found.length) {
    if (exit === EXIT.FATAL) return exit;
    throw new InputError('NOT_FOUND', `no conversation with id "${opts.id}" in ${paths.join(', ')}`);
  }
  if (found.length > 1) warn(io, `${found.length} conversations have id "${opts.id}": explaining each`);
  if (opts.json) io.stdout.write(JSON.stringify(found.length === 1 ? found[0] : found, null, 2) + '\n');
  else {
    const style = await colourStyle(io);
    io.stdout.write(found.map((e) => renderExplanation(e, style)).join('\n'));
  }
  return exit;
}
