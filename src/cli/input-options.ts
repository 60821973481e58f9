/** Options shared by every command that reads conversations, normalised once here. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { ReadOptions } from '../io/read.js';
import { CSV_FIELDS } from '../io/layouts/csv.js';
import { type CliIO, warn } from './io.js';

export interface RawInputOptions {
  inputFormat?: string;
  encoding?: string;
  delimiter?: string;
  quote?: string;
  escape?: string;
  comment?: string;
  map?: string[];
  groupWindow?: string;
  verbose?: boolean;
}

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--input-format <format>', 'json, jsonl, csv or tsv (default: from extension and content)')
    .option('--encoding <name>', 'text encoding when there is no BOM: latin1, windows-1251, utf-16le, … (default utf-8)')
    .option('--delimiter <char>', 'CSV delimiter (default: sniffed among , ; tab |)')
    .option('--quote <char>', 'CSV quote character (default ")')
    .option('--escape <char>', 'CSV escape character (default ")')
    .option('--comment <char>', 'CSV comment character: lines starting with it are skipped')
    .option('--map <field=column...>', `map a canonical field to a column or key (fields: ${CSV_FIELDS.join(', ')})`)
    .option('--group-window <rows>', 'per-message files: rows a conversation may stay open without a new row (default 50000; 1000 while rows come one conversation at a time)')
    .option('-v, --verbose', 'report the detected layout and counts on stderr');
}

const FORMATS = ['json', 'jsonl', 'csv', 'tsv', 'auto'];

const decodeChar = (name: string, v: string | undefined): string | undefined => {
  if (v === undefined) return undefined;
  const s = v === '\\t' || v.toLowerCase() === 'tab' ? '\t' : v;
  if ([...s].length !== 1) throw new UsageError(`--${name} must be one character (got "${v}")`);
  return s;
};

/** Validate and normalise reader options; usage errors name the flag. */
export function readOptions(raw: RawInputOptions, io: CliIO): ReadOptions {
  const opts: ReadOptions = { stdin: io.stdin };
  if (raw.inputFormat !== undefined) {
    if (!FORMATS.includes(raw.inputFormat)) throw new UsageError(`--input-format must be one of ${FORMATS.join(', ')}`);
    opts.inputFormat = raw.inputFormat as ReadOptions['inputFormat'] & string;
  }
  if (raw.encoding !== undefined) {
    try {
      new TextDecoder(raw.encoding);
    } catch {
      throw new UsageError(`--encoding: unknown encoding "${raw.encoding}"`);
    }
    opts.encoding = raw.encoding;
  }
  const d = decodeChar('delimiter', raw.delimiter);
  if (d !== undefined) opts.delimiter = d;
  const q = decodeChar('quote', raw.quote);
  if (q !== undefined) opts.quote = q;
  const e = decodeChar('escape', raw.escape);
  if (e !== undefined) opts.escape = e;
  const c = decodeChar('comment', raw.comment);
  if (c !== undefined) opts.comment = c;
  if (raw.map?.length) {
    const map: Record<string, string> = {};
    for (const m of raw.map) {
      const eq = m.indexOf('=');
      if (eq <= 0) throw new UsageError(`--map expects field=column (got "${m}")`);
      const field = m.slice(0, eq).trim();
      if (!(CSV_FIELDS as readonly string[]).includes(field)) throw new UsageError(`--map: unknown field "${field}" (one of ${CSV_FIELDS.join(', ')})`);
      map[field] = m.slice(eq + 1);
    }
    opts.map = map;
  }
  if (raw.groupWindow !== undefined) {
    const n = Number(raw.groupWindow);
    if (!Number.isInteger(n) || n < 1) throw new UsageError('--group-window must be a positive integer');
    opts.groupWindow = n;
  }
  opts.onNotice = (m) => warn(io, m);
  if (raw.verbose) {
    opts.onLayout = (info) => {
      const extra = info.delimiter !== undefined ? `, delimiter ${JSON.stringify(info.delimiter)}` : '';
      const shape = info.shape ? `, ${info.shape}` : '';
      warn(io, `${info.file}: ${info.format} (${info.encoding}${extra}), layout ${info.layout}${shape}`);
      if (info.mapping) warn(io, `${info.file}: columns ${Object.entries(info.mapping).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
    };
  }
  return opts;
}

/** Input paths: the files given, or stdin when none and stdin is not a terminal. */
export function inputPaths(files: string[], io: CliIO): string[] {
  if (files.length) return files;
  if (io.stdin.isTTY) throw new UsageError('no input: give files, or pipe conversations to stdin (use - for stdin)');
  return ['-'];
}

/** The tool never writes to its input files. */
export function guardOutput(output: string | undefined, inputs: readonly string[], io: CliIO): void {
  if (!output || output === '-') return;
  const out = resolve(io.cwd, output);
  if (inputs.some((f) => f !== '-' && resolve(io.cwd, f) === out)) {
    throw new UsageError(`--output ${output} is also an input file; the tool never overwrites its input`);
  }
}
