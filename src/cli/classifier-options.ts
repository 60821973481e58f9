/** Options every classifying command shares: rules, model, language. */
import type { Command } from 'commander';
import type { LoadOptions } from '../classify/load.js';

export interface RawClassifierOptions {
  rules?: string[];
  model?: string | false;
  lang?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function addClassifierOptions(cmd: Command): Command {
  return cmd
    .option('--rules <file>', 'add a rule file or directory (repeatable)', collect, [])
    .option('--model <file>', 'use this lexical model (made by `triage train`) instead of the shipped one')
    .option('--no-model', 'rules only: no lexical model')
    .option('--lang <code>', 'force the language of every conversation: en, ro, ru, fa, is, und');
}

export function addWorkersOption(cmd: Command): Command {
  return cmd.option('--workers <n>', 'classify in n worker threads (default: one per core when the input files total over 32 MB, else 1)');
}

export function classifierOptions(raw: RawClassifierOptions): LoadOptions {
  const o: LoadOptions = { rules: raw.rules ?? [] };
  // commander: --no-model sets model=false; --model FILE sets the path; neither leaves it true.
  if (raw.model === false) o.model = false;
  else if (typeof raw.model === 'string') o.model = raw.model;
  if (raw.lang !== undefined) o.lang = raw.lang;
  return o;
}
