/** `triage inspect FILE…`: what the reader made of each file — layout, mapping, counts, first conversation. */
import { describeError, EXIT, type ExitCode } from '../core/errors.js';
import { visible, truncate } from '../core/safe-text.js';
import type { Conversation } from '../core/types.js';
import { JSON_MAPPINGS } from '../io/layouts/json.js';
import { type LayoutInfo, readInputs } from '../io/read.js';
import { type RawInputOptions, readOptions } from './input-options.js';
import type { CliIO } from './io.js';

export interface InspectOptions extends RawInputOptions {
  json?: boolean;
}

export interface FileReport {
  file: string;
  ok: boolean;
  error?: string;
  format?: string;
  encoding?: string;
  layout?: string;
  delimiter?: string;
  shape?: string;
  mapping?: Record<string, string>;
  conversations: number;
  error_records: number;
  messages: Record<string, number>;
  internal_notes: number;
  messages_without_text: number;
  text_coverage: Record<string, number>;
  notices: string[];
  first?: Conversation;
  first_error?: string;
}

async function inspectFile(file: string, opts: InspectOptions, io: CliIO): Promise<FileReport> {
  const r: FileReport = { file, ok: true, conversations: 0, error_records: 0, messages: {}, internal_notes: 0, messages_without_text: 0, text_coverage: {}, notices: [] };
  const ro = readOptions({ ...opts, verbose: false }, io);
  ro.onNotice = (m) => r.notices.push(m);
  ro.onLayout = (info: LayoutInfo) => {
    r.format = info.format;
    r.encoding = info.encoding;
    r.layout = info.layout;
    if (info.delimiter !== undefined) r.delimiter = info.delimiter;
    if (info.shape) r.shape = info.shape;
    r.mapping = info.mapping ?? JSON_MAPPINGS[info.layout.replace('-webhook', '-json')] ?? {};
  };
  for await (const it of readInputs([file], ro)) {
    if (it.kind === 'fatal') {
      r.ok = false;
      r.error = describeError(it.error);
    } else if (it.kind === 'error') {
      r.error_records++;
      r.first_error ??= `line ${it.error.source.line}: ${it.error.error}`;
    }
    else {
      const c = it.conversation;
      r.conversations++;
      r.first ??= c;
      r.text_coverage[c.text] = (r.text_coverage[c.text] ?? 0) + 1;
      for (const m of c.messages) {
        r.messages[m.role] = (r.messages[m.role] ?? 0) + 1;
        if (m.internal) r.internal_notes++;
        if (!m.body.trim()) r.messages_without_text++;
      }
    }
  }
  return r;
}

function render(r: FileReport): string {
  const out = [`${visible(r.file, true)}`];
  if (!r.ok) {
    out.push(`  cannot read: ${visible(r.error ?? '', true)}`);
    return out.join('\n');
  }
  out.push(`  format   ${r.format} (${r.encoding}${r.delimiter !== undefined ? `, delimiter ${JSON.stringify(r.delimiter)}` : ''})`);
  out.push(`  layout   ${r.layout}${r.shape ? ` (${r.shape})` : ''}`);
  out.push('  mapping');
  for (const [k, v] of Object.entries(r.mapping ?? {})) out.push(`    ${k.padEnd(16)} ← ${visible(v, true)}`);
  out.push(`  conversations ${r.conversations}, error records ${r.error_records}`);
  out.push(`  messages ${Object.entries(r.messages).map(([k, v]) => `${k} ${v}`).join(', ') || '0'}; internal notes ${r.internal_notes}; without text ${r.messages_without_text}`);
  out.push(`  text ${Object.entries(r.text_coverage).map(([k, v]) => `${k} ${v}`).join(', ') || '—'}`);
  if (r.first_error) out.push(`  first error: ${visible(r.first_error, true)}`);
  for (const n of r.notices) out.push(`  note: ${visible(n, true)}`);
  if (r.first) {
    const c = r.first;
    out.push(`  first conversation: id ${visible(c.id, true)}${c.subject ? `, subject "${truncate(visible(c.subject, true), 50)}"` : ''}${c.created_at ? `, ${c.created_at}` : ''}`);
    for (const m of c.messages.slice(0, 6)) {
      out.push(`    ${m.role}${m.internal ? ' (internal)' : ''}${m.at ? ` ${m.at}` : ''}: ${truncate(visible(m.body, true), 70)}`);
    }
    if (c.messages.length > 6) out.push(`    … ${c.messages.length - 6} more messages`);
  }
  return out.join('\n');
}

export async function runInspect(files: string[], opts: InspectOptions, io: CliIO): Promise<ExitCode> {
  const reports: FileReport[] = [];
  for (const f of files) reports.push(await inspectFile(f, opts, io));
  io.stdout.write(opts.json ? JSON.stringify(reports, null, 2) + '\n' : reports.map(render).join('\n\n') + '\n');
  return reports.some((r) => !r.ok) ? EXIT.FATAL : reports.some((r) => r.error_records > 0) ? EXIT.FINDINGS : EXIT.OK;
}
