/**
 * The reader: files (or stdin) in, canonical conversations and error records
 * out, in input order, streaming. Format and layout are recognised per file;
 * a file that cannot be read or placed at all yields one `fatal` item (exit 2)
 * and the run goes on with the next file.
 */
import { open } from 'node:fs/promises';
import { InputError, TriageError, describeError } from '../core/errors.js';
import type { Conversation, Expected, Message, ReadItem, SourceRef } from '../core/types.js';
import { csvItems } from './csv.js';
import { CONTIGUOUS_WINDOW, DEFAULT_GROUP_WINDOW, dropMiddle, type Grouped, Grouper, HEAD_MESSAGES, MAX_MESSAGES } from './group.js';
import { jsonItems, jsonlItems } from './json.js';
import { type Adapted, MAX_DEPTH, plain, roleFrom, str, toIso, tooDeep } from './layouts/common.js';
import { adaptConversationRow, adaptMessageRow, type CsvPlan, planCsv } from './layouts/csv.js';
import { adaptJson } from './layouts/json.js';
import { type InputFormat, openSource, type SourceOptions } from './source.js';
import { ThreadBuilder, type ThreadRow } from './threads.js';

export interface ReadOptions extends SourceOptions {
  delimiter?: string;
  quote?: string;
  escape?: string;
  comment?: string;
  /** Canonical field → column (or JSON key) overrides. */
  map?: Record<string, string>;
  /** Rows a per-message conversation may stay open without a new row (see group.ts). */
  groupWindow?: number;
  /** One-line notices for stderr (layout without text, duplicate ids, …). */
  onNotice?: (message: string) => void;
  /** Called once per file with the layout recognised (for `--verbose` and `inspect`). */
  onLayout?: (info: LayoutInfo) => void;
}

export interface LayoutInfo {
  file: string;
  format: InputFormat;
  encoding: string;
  layout: string;
  delimiter?: string;
  /** Canonical field → the file's column or key. */
  mapping?: Record<string, string>;
  shape?: string;
}

export type RunItem = ReadItem | { kind: 'fatal'; error: TriageError };

/** Notices of one kind per file (duplicate ids, split conversations, swallowed rows); the rest are counted. */
const MAX_NOTICES = 10;

/**
 * Each message's text is read up to this many characters (about 15,000 words; the subject up to
 * MAX_SUBJECT_CHARS). A longer body is a pasted log or a mail loop: its tail tells the classifier
 * nothing new, and analysing a 30 MB body took 1.5 GB in one thread and killed a worker thread at
 * its heap limit, losing the rest of the run.
 */
export const MAX_MESSAGE_CHARS = 100_000;
export const MAX_SUBJECT_CHARS = 2_000;
/** All of a conversation's messages together: beyond it each message is read up to an equal share. */
export const MAX_CONVERSATION_CHARS = 1_000_000;

const CUT_TEXT = `a text longer than ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters (a subject, ${MAX_SUBJECT_CHARS.toLocaleString('en')}; all messages, ${MAX_CONVERSATION_CHARS.toLocaleString('en')}) was read up to that length`;
const LONG_THREAD = `more than ${MAX_MESSAGES.toLocaleString('en')} messages: read the first ${HEAD_MESSAGES} and the latest ${(MAX_MESSAGES - HEAD_MESSAGES).toLocaleString('en')}`;

/** Cut a text to `max` characters, at a space near the end when there is one, never inside a surrogate pair. */
export function cutText(text: string, max: number): string {
  let end = max;
  const space = text.lastIndexOf(' ', max);
  if (space > 0 && space > max - 200) end = space;
  else if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
  // A copy, not a slice of the long string (a V8 slice keeps all of it alive).
  return Buffer.from(text.slice(0, end), 'utf16le').toString('utf16le');
}

/**
 * Bound a conversation in place: its messages (`omitted` were already left out while grouping) and
 * its texts. Says whether messages were left out (`long`) and whether texts were cut (`cut`).
 */
function bound(c: Conversation, omitted = 0): { long: boolean; cut: boolean } {
  const long = omitted + dropMiddle(c.messages) > 0;
  return { long, cut: boundTexts(c) > 0 };
}

/** Bound a conversation's texts in place; returns how many were cut. */
function boundTexts(c: Conversation): number {
  let cut = 0;
  let total = 0;
  for (const m of c.messages) total += Math.min(m.body.length, MAX_MESSAGE_CHARS);
  const max = total > MAX_CONVERSATION_CHARS ? Math.max(1, Math.floor(MAX_CONVERSATION_CHARS / c.messages.length)) : MAX_MESSAGE_CHARS;
  for (const m of c.messages) {
    if (m.body.length > max) {
      m.body = cutText(m.body, max);
      cut++;
    }
  }
  if (c.subject !== undefined && c.subject.length > MAX_SUBJECT_CHARS) {
    c.subject = cutText(c.subject, MAX_SUBJECT_CHARS);
    cut++;
  }
  return cut;
}

/** Cheap check for Freshdesk conversation arrays among the inputs, so tickets wait to be merged with them. */
async function hasFreshdeskConversations(paths: readonly string[]): Promise<boolean> {
  for (const p of paths) {
    if (p === '-') continue;
    try {
      const fh = await open(p, 'r');
      try {
        const buf = Buffer.alloc(16 * 1024);
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        const head = buf.subarray(0, bytesRead).toString('utf8');
        if (/"ticket_id"\s*:/.test(head) && /"incoming"\s*:/.test(head)) return true;
      } finally {
        await fh.close();
      }
    } catch {
      // Unreadable files are reported when they are read.
    }
  }
  return false;
}

/** 53-bit hash of an id: duplicate detection in bounded memory per id. */
function idHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/**
 * A set of 53-bit hashes in one Float64Array (open addressing, linear probing, at most half full):
 * 16 bytes per id, where a Set of numbers boxes each hash (≈40 bytes) — on a 2-million-row export,
 * 35 MB instead of 90.
 */
export class HashSet53 {
  private table = new Float64Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Add h; true when it was new. */
  add(h: number): boolean {
    const key = h === 0 ? 1 : h; // 0 marks an empty slot
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    const i = this.slot(key);
    if (this.table[i] === key) return false;
    this.table[i] = key;
    this.count++;
    return true;
  }

  has(h: number): boolean {
    const key = h === 0 ? 1 : h;
    return this.table[this.slot(key)] === key;
  }

  /** Add every hash of another set. */
  addAll(other: HashSet53): void {
    for (const key of other.table) if (key !== 0) this.add(key);
  }

  /** Where key is, or the empty slot where it goes (linear probing from its hash). */
  private slot(key: number): number {
    const mask = this.table.length - 1;
    let i = key % this.table.length;
    while (this.table[i] !== 0 && this.table[i] !== key) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    for (const key of old) if (key !== 0) this.table[this.slot(key)] = key;
  }
}

/**
 * Ids seen by a run, each stored once: the current file's in its own set, the earlier files' in
 * `earlier` (the first file's set itself, later files merged in when they end). A run of one file
 * keeps one set.
 */
interface RunIds {
  earlier?: HashSet53;
}

class DuplicateWatch {
  private readonly seen = new HashSet53();
  private warned = 0;
  private extra = 0;
  constructor(
    private readonly file: string,
    private readonly notice: ((m: string) => void) | undefined,
    private readonly run: RunIds,
  ) {}
  check(id: string): void {
    const h = idHash(id);
    let where: string;
    if (!this.seen.add(h)) where = 'duplicate id';
    else if (this.run.earlier?.has(h)) where = 'id also read from an earlier file:';
    else return;
    if (this.warned < MAX_NOTICES) {
      this.warned++;
      this.notice?.(`${this.file}: ${where} "${id}": both records kept, not merged`);
    } else this.extra++;
  }
  done(): void {
    if (this.extra) this.notice?.(`${this.file}: ${this.extra} more duplicate ids (records kept, not merged)`);
    if (this.run.earlier) this.run.earlier.addAll(this.seen);
    else this.run.earlier = this.seen;
  }
}

/** Read every input in turn. */
export async function* readInputs(paths: readonly string[], opts: ReadOptions = {}): AsyncGenerator<RunItem> {
  const mergeFreshdesk = paths.length > 1 && (await hasFreshdeskConversations(paths));
  const runGrouper = new Grouper(Number.MAX_SAFE_INTEGER);
  const runIds: RunIds = {};
  for (const path of paths) {
    try {
      yield* readOne(path, opts, mergeFreshdesk ? runGrouper : undefined, runIds);
    } catch (err) {
      if (err instanceof TriageError) yield { kind: 'fatal', error: err };
      else yield { kind: 'fatal', error: new InputError('READ_FAILED', describeError(err), { file: path }) };
    }
  }
  for (const g of runGrouper.finish()) {
    const { long, cut } = bound(g.conversation, g.omitted);
    if (cut) opts.onNotice?.(`conversation "${g.conversation.id}": ${CUT_TEXT}`);
    if (long) opts.onNotice?.(`conversation "${g.conversation.id}": ${LONG_THREAD}`);
    yield groupedItem(g);
  }
}

function groupedItem(g: Grouped): ReadItem {
  return g.expected
    ? { kind: 'conversation', conversation: g.conversation, expected: g.expected }
    : { kind: 'conversation', conversation: g.conversation };
}

function adaptedItem(a: Exclude<Adapted, { kind: 'fragment' }>): ReadItem {
  if (a.kind === 'error') return { kind: 'error', error: a.error };
  const item: ReadItem = { kind: 'conversation', conversation: a.conversation };
  if (a.expected) item.expected = a.expected as Expected;
  return item;
}

async function* readOne(path: string, opts: ReadOptions, runGrouper: Grouper | undefined, runIds: RunIds): AsyncGenerator<ReadItem> {
  const src = await openSource(path, opts);
  const file = src.name;
  const dupes = new DuplicateWatch(file, opts.onNotice, runIds);
  let withoutText = 0;
  let total = 0;
  const cutIds: string[] = [];
  const longIds: string[] = [];
  let planNotice = false;
  const grouper = new Grouper(opts.groupWindow ?? DEFAULT_GROUP_WINDOW, opts.groupWindow === undefined);

  const emit = function* (item: ReadItem, omitted = 0): Generator<ReadItem> {
    if (item.kind === 'conversation') {
      total++;
      const { long, cut } = bound(item.conversation, omitted);
      if (long) longIds.push(item.conversation.id);
      if (cut) cutIds.push(item.conversation.id);
      if (item.conversation.text !== 'full') withoutText++;
      dupes.check(item.conversation.id);
    }
    yield item;
  };
  const place = function* (a: Adapted): Generator<ReadItem> {
    if (a.kind === 'fragment') {
      const target = runGrouper && a.fragment.layout === 'freshdesk-json' ? runGrouper : grouper;
      for (const g of target.add(a.fragment)) yield* emit(groupedItem(g), g.omitted);
    } else {
      yield* emit(adaptedItem(a));
    }
  };

  if (src.format === 'csv') {
    let plan: CsvPlan | undefined;
    let threads: ThreadBuilder | undefined;
    const csvOpts: Parameters<typeof csvItems>[1] = {};
    const delimiter = opts.delimiter ?? src.delimiterHint;
    if (delimiter !== undefined) csvOpts.delimiter = delimiter;
    if (opts.quote !== undefined) csvOpts.quote = opts.quote;
    if (opts.escape !== undefined) csvOpts.escape = opts.escape;
    if (opts.comment !== undefined) csvOpts.comment = opts.comment;
    let suspects = 0;
    if (opts.onNotice) {
      const notice = opts.onNotice;
      csvOpts.onSuspect = (_line, message) => {
        if (++suspects <= MAX_NOTICES) notice(`${file}: ${message}`);
      };
    }
    for await (const it of csvItems(src.chunks, csvOpts)) {
      if (it.kind === 'header') {
        plan = planCsv(it.columns, file, opts.map ? { map: opts.map } : {});
        if (plan.shape === 'reply-threads') threads = new ThreadBuilder(plan.layout === 'generic-csv' ? 'reply-threads-csv' : plan.layout);
        const mapping: Record<string, string> = {};
        for (const [k, i] of Object.entries(plan.columns)) mapping[k] = plan.header[i]!;
        opts.onLayout?.({ file, format: 'csv', encoding: src.encoding, layout: threads ? 'reply-threads-csv' : plan.layout, delimiter: it.delimiter, mapping, shape: plan.shape });
        if (plan.notice) {
          opts.onNotice?.(`${file}: ${plan.notice}`);
          planNotice = true;
        }
        continue;
      }
      const source: SourceRef = { file, line: it.line };
      if (it.kind === 'error') {
        yield { kind: 'error', error: { id: null, code: 'BAD_ROW', error: it.error, source } };
        continue;
      }
      if (!plan) continue;
      if (threads) {
        const row = threadRow(plan, it.fields, source);
        if ('error' in row) yield { kind: 'error', error: { id: null, code: 'MISSING_ID', error: row.error, source } };
        else threads.add(row);
        continue;
      }
      yield* place(plan.shape === 'per-message' ? adaptMessageRow(plan, it.fields, source) : adaptConversationRow(plan, it.fields, source));
    }
    if (!plan) throw new InputError('EMPTY', 'empty file: no header row', { file });
    if (suspects > MAX_NOTICES) opts.onNotice?.(`${file}: ${suspects - MAX_NOTICES} more rows may hold rows of their own (a quote left open?)`);
    if (threads) for (const g of threads.finish()) yield* emit(groupedItem(g), g.omitted);
  } else {
    let first = true;
    const items = src.format === 'jsonl' ? jsonlItems(src.chunks) : jsonItems(src.chunks);
    for await (const it of items) {
      const source: SourceRef = { file, line: it.line };
      if (it.error !== undefined) {
        if (first && src.format === 'json' && it.line <= 1 && total === 0) {
          // Nothing JSON-like at the start: say so instead of one error per byte.
          throw new InputError('BAD_JSON', `${it.error} (is this really ${src.format.toUpperCase()}? use --input-format to choose)`, { file });
        }
        yield { kind: 'error', error: { id: null, code: 'BAD_JSON', error: it.error, source } };
        first = false;
        continue;
      }
      if (tooDeep(it.value)) {
        yield { kind: 'error', error: { id: idOf(it.value), code: 'TOO_DEEP', error: `JSON nested deeper than ${MAX_DEPTH} levels`, source } };
        first = false;
        continue;
      }
      const value = opts.map ? remapJson(it.value, opts.map) : it.value;
      const adapted = adaptJson(value, source);
      if (!adapted) {
        if (first) {
          throw new InputError(
            'UNKNOWN_LAYOUT',
            'cannot place this JSON: expected conversations with "id" and "messages" or "text" (FORMATS.md), or a Zendesk, Intercom, Freshdesk, Help Scout, Front or Gorgias export (EXPORTS.md); see `triage inspect`',
            { file, line: it.line },
          );
        }
        yield { kind: 'error', error: { id: idOf(value), code: 'UNPLACEABLE', error: 'not a conversation this tool knows (see FORMATS.md)', source } };
        continue;
      }
      if (first) opts.onLayout?.({ file, format: src.format, encoding: src.encoding, layout: adapted.layout });
      first = false;
      for (const a of adapted.items) yield* place(a);
    }
    if (first && total === 0) throw new InputError('EMPTY', 'empty file: no JSON values', { file });
  }
  for (const g of grouper.finish()) yield* emit(groupedItem(g), g.omitted);
  for (const { id, window } of grouper.splits.slice(0, MAX_NOTICES)) {
    const sorted = window === CONTIGUOUS_WINDOW && opts.groupWindow === undefined ? ', in a file sorted by conversation until then' : '';
    opts.onNotice?.(`${file}: rows of conversation "${id}" are more than ${window} rows apart${sorted}: read as two records (sort the file or raise --group-window)`);
  }
  dupes.done();
  const some = (ids: string[]): string => ids.slice(0, 3).map((id) => `"${id}"`).join(', ') + (ids.length > 3 ? ', …' : '');
  if (cutIds.length) opts.onNotice?.(`${file}: ${cutIds.length} conversation${cutIds.length === 1 ? '' : 's'} (${some(cutIds)}): ${CUT_TEXT}`);
  if (longIds.length) opts.onNotice?.(`${file}: ${longIds.length} conversation${longIds.length === 1 ? '' : 's'} (${some(longIds)}): ${LONG_THREAD}`);
  if (withoutText && !planNotice) {
    opts.onNotice?.(`${file}: ${withoutText} of ${total} conversation${total === 1 ? '' : 's'} carry no message text (subject or tags only): classified with lower confidence`);
  }
}

function idOf(v: unknown): string | null {
  return typeof v === 'object' && v !== null && 'id' in v ? (str((v as { id: unknown }).id) ?? null) : null;
}

/** `--map` on JSON: copy the named keys onto canonical names (`--map body=content`). */
function remapJson(v: unknown, map: Record<string, string>): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const o = { ...(v as Record<string, unknown>) };
  for (const [field, key] of Object.entries(map)) {
    if (key in o) o[field === 'body' ? 'text' : field] = o[key];
  }
  return o;
}

function threadRow(plan: CsvPlan, fields: readonly string[], source: SourceRef): ThreadRow | { error: string } {
  const c = plan.columns;
  const id = str(fields[c.message_id!]);
  if (!id) return { error: 'row has an empty message id' };
  const parent = c.parent_id !== undefined ? str(fields[c.parent_id]) : undefined;
  const replies = c.reply_ids !== undefined ? (str(fields[c.reply_ids]) ?? '').split(/[,\s;]+/).filter(Boolean) : [];
  const role = c.role !== undefined ? roleFrom(fields[c.role]) : undefined;
  const at = c.at !== undefined ? toIso(fields[c.at]) : undefined;
  const body = c.body !== undefined ? (plain(fields[c.body]) ?? '') : '';
  const message: Message = { role: role ?? 'customer', body };
  if (at) message.at = at;
  const author = c.author !== undefined ? str(fields[c.author]) : undefined;
  if (author) message.author = author;
  const row: ThreadRow = { id, replies, message, source };
  if (parent) row.parent = parent;
  return row;
}
