/**
 * CSV layouts: helpdesk UI exports recognised from their headers (EXPORTS.md),
 * and a generic layout whose columns are guessed from common names. A layout
 * maps each canonical field to a column; `--map field=column` overrides it.
 */
import { InputError } from '../../core/errors.js';
import type { Message, Role, SourceRef, TextCoverage } from '../../core/types.js';
import { type Adapted, expectedFrom, type Fragment, makeConversation, plain, roleFrom, str, tagsFrom, toIso } from './common.js';

export const CSV_FIELDS = [
  'id', 'conversation_id', 'message_id', 'subject', 'body', 'role', 'author', 'at', 'created_at', 'channel', 'tags',
  'internal', 'parent_id', 'reply_ids', 'label', 'priority', 'sentiment', 'churn_risk', 'language',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** How rows become conversations. */
export type CsvShape = 'per-conversation' | 'per-message' | 'reply-threads';

export interface CsvPlan {
  layout: string;
  shape: CsvShape;
  /** Canonical field → column index. */
  columns: Partial<Record<CsvField, number>>;
  /** The header names, for `inspect` and messages. */
  header: string[];
  text: TextCoverage;
  /** Time zone of naive dates (Intercom puts it in the header). */
  timeZone?: string;
  tagSeparator: RegExp;
  /** `from_agent`-style columns: true means agent, not customer. */
  roleInverted: boolean;
  /** Message ids repeat (Front: one row per inbox): keep the first. */
  dedupeMessages: boolean;
  /** Columns nobody mapped, passed through under `fields` (generic layout only). */
  passThrough: number[];
  /** A sentence for the user when the layout carries no message text. */
  notice?: string;
}

/** Header name in a comparable form: lower case, no BOM, no time-zone suffix, single spaces. */
export function normHeader(h: string): string {
  return h
    .replace(/^\ufeff/, '')
    .replace(/\s*\((?:[A-Za-z_]+(?:\/[A-Za-z_+-]+)+|UTC|GMT[+-]?\d*)\)\s*$/, '')
    .toLowerCase()
    .replace(/[_\-.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const TZ_SUFFIX_RE = /\(((?:[A-Za-z_]+(?:\/[A-Za-z_+-]+)+)|UTC)\)\s*$/;

// Candidate column names per canonical field, most specific first.
const GUESS: Record<CsvField, string[]> = {
  conversation_id: [
    'conversation id', 'ticket id', 'thread id', 'case id', 'dialogue id', 'dialog id', 'chat id', 'session id',
    'conversation', 'ticket', 'conversation api id',
  ],
  id: ['id', 'ticket id', 'ticket number', 'number', 'case number', 'key', 'uuid', 'conversation id'],
  message_id: ['message id', 'tweet id', 'comment id', 'message uuid', 'post id'],
  subject: ['subject', 'title', 'summary', 'topic', 'raw subject'],
  body: [
    'body', 'text', 'message', 'message body', 'content', 'description', 'comment', 'body text', 'plain body',
    'message text', 'stripped text', 'utterance', 'query', 'request', 'question', 'customer message', 'transcript',
    'extract', 'description text', 'comment body',
  ],
  role: [
    'role', 'author type', 'author role', 'sender type', 'participant role', 'direction', 'sender role', 'speaker',
    'message author type', 'from agent', 'inbound', 'incoming', 'is inbound', 'user type', 'actor', 'party',
  ],
  author: ['author', 'author name', 'sender', 'sender name', 'from', 'message author name', 'name', 'author id', 'user'],
  at: [
    'at', 'message created at', 'message date', 'created datetime', 'created at', 'createdat', 'timestamp', 'sent at',
    'posted at', 'date', 'time', 'created time', 'created',
  ],
  created_at: ['created at', 'conversation started at', 'created time', 'created datetime', 'createdat', 'date', 'created'],
  channel: ['channel', 'via', 'source', 'medium', 'conversation source'],
  tags: ['tags', 'tag', 'labels', 'conversation tags', 'conversation tag', 'topics'],
  internal: ['internal', 'private', 'is internal', 'is private', 'public'],
  parent_id: ['in response to tweet id', 'in response to', 'parent id', 'reply to', 'in reply to', 'parent message id'],
  reply_ids: ['response tweet id', 'reply ids', 'response ids'],
  label: ['label', 'expected label', 'gold label'],
  priority: ['priority'],
  sentiment: ['sentiment'],
  churn_risk: ['churn risk', 'churn'],
  language: ['language', 'lang', 'locale'],
};

function find(h: Map<string, number>, names: readonly string[]): number | undefined {
  for (const n of names) {
    const i = h.get(n);
    if (i !== undefined) return i;
  }
  return undefined;
}

interface VendorCsv {
  layout: string;
  detect: (h: Map<string, number>, raw: string[]) => boolean;
  shape: CsvShape;
  cols: Partial<Record<CsvField, string[]>>;
  text: (h: Map<string, number>) => TextCoverage;
  tagSeparator?: RegExp;
  dedupeMessages?: boolean;
  notice?: (h: Map<string, number>) => string | undefined;
}

const has = (h: Map<string, number>, ...names: string[]): boolean => names.every((n) => h.has(n));
const hasAny = (h: Map<string, number>, ...names: string[]): boolean => names.some((n) => h.has(n));

const VENDORS: VendorCsv[] = [
  {
    layout: 'front-csv',
    detect: (h) => has(h, 'message id', 'conversation id') && hasAny(h, 'direction', 'extract', 'conversation api id'),
    shape: 'per-message',
    cols: {
      conversation_id: ['conversation id'],
      message_id: ['message id'],
      body: ['extract', 'body', 'text'],
      role: ['direction'],
      author: ['author', 'contact name'],
      at: ['message date'],
      subject: ['subject'],
      tags: ['tags'],
      channel: ['inbox'],
    },
    text: (h) => (h.has('body') || h.has('text') ? 'full' : 'snippet'),
    dedupeMessages: true,
    notice: (h) =>
      h.has('body') || h.has('text')
        ? undefined
        : 'Front analytics exports carry only an "Extract" (a snippet) of each message: classified on partial text, with lower confidence',
  },
  {
    layout: 'intercom-messages-csv',
    detect: (h) => has(h, 'message body', 'conversation id') || has(h, 'message body', 'message author type'),
    shape: 'per-message',
    cols: {
      conversation_id: ['conversation id'],
      message_id: ['message id'],
      body: ['message body'],
      role: ['message author type'],
      author: ['message author name', 'message author email'],
      at: ['message created at'],
      tags: ['conversation tags'],
      internal: ['message type'],
    },
    text: () => 'full',
  },
  {
    layout: 'intercom-csv',
    detect: (h, raw) => h.has('conversation id') && raw.some((c) => TZ_SUFFIX_RE.test(c)) && !h.has('message body'),
    shape: 'per-conversation',
    cols: {
      id: ['conversation id'],
      subject: ['title', 'conversation title'],
      created_at: ['conversation started at', 'created at'],
      channel: ['channel', 'conversation source'],
      tags: ['conversation tag', 'conversation tags', 'topics', 'ai topic', 'ai subtopic'],
    },
    text: () => 'subject-only',
    notice: () =>
      'Intercom conversation reports carry no message text: classified on title and tags only, with lower confidence',
  },
  {
    layout: 'zendesk-csv',
    detect: (h) =>
      has(h, 'id', 'subject') &&
      hasAny(h, 'requester', 'requester id', 'requester email') &&
      hasAny(h, 'via', 'summation column', 'ticket type', 'group', 'assignee'),
    shape: 'per-conversation',
    cols: {
      id: ['id'],
      subject: ['subject'],
      body: ['description'],
      created_at: ['created at'],
      channel: ['via'],
      tags: ['tags'],
    },
    text: (h) => (h.has('description') ? 'full' : 'subject-only'),
    tagSeparator: /\s+/,
    notice: (h) =>
      h.has('description')
        ? undefined
        : 'Zendesk ticket CSV exports carry no description or comments: classified on subject and tags only, with lower confidence (the JSON export has the text)',
  },
  {
    layout: 'freshdesk-csv',
    detect: (h) =>
      hasAny(h, 'ticket id') &&
      h.has('subject') &&
      hasAny(h, 'status', 'priority') &&
      hasAny(h, 'source', 'agent', 'group', 'requester name', 'full name', 'type'),
    shape: 'per-conversation',
    cols: {
      id: ['ticket id'],
      subject: ['subject'],
      body: ['description'],
      created_at: ['created time', 'created date', 'created at'],
      channel: ['source'],
      tags: ['tags'],
      author: ['full name', 'requester name', 'email'],
      language: ['language'],
    },
    text: (h) => (h.has('description') ? 'full' : 'subject-only'),
    notice: (h) =>
      h.has('description')
        ? undefined
        : 'this Freshdesk export has no "Description" column: classified on subject and tags only, with lower confidence',
  },
];

export interface PlanOptions {
  map?: Record<string, string>;
}

/** Decide how to read a CSV from its header (and `--map`). Throws when it cannot. */
export function planCsv(rawHeader: string[], file: string, opts: PlanOptions = {}): CsvPlan {
  const h = new Map<string, number>();
  rawHeader.forEach((c, i) => {
    const n = normHeader(c);
    if (!h.has(n)) h.set(n, i);
  });
  const tz = rawHeader.map((c) => TZ_SUFFIX_RE.exec(c)?.[1]).find((z) => z !== undefined);
  const vendor = VENDORS.find((v) => v.detect(h, rawHeader));
  const columns: Partial<Record<CsvField, number>> = {};
  let shape: CsvShape;
  let text: TextCoverage = 'full';
  let layout: string;
  let notice: string | undefined;
  if (vendor) {
    layout = vendor.layout;
    shape = vendor.shape;
    for (const [field, names] of Object.entries(vendor.cols) as Array<[CsvField, string[]]>) {
      const i = find(h, names);
      if (i !== undefined) columns[field] = i;
    }
    text = vendor.text(h);
    notice = vendor.notice?.(h);
    // Fixture columns are read in any layout.
    for (const f of ['label', 'priority', 'sentiment', 'churn_risk', 'language'] as const) {
      if (columns[f] === undefined) {
        const i = find(h, GUESS[f]);
        if (i !== undefined) columns[f] = i;
      }
    }
  } else {
    layout = 'generic-csv';
    const used = new Set<number>();
    const take = (field: CsvField): void => {
      const i = GUESS[field].map((n) => h.get(n)).find((x) => x !== undefined && !used.has(x));
      if (i !== undefined) {
        columns[field] = i;
        used.add(i);
      }
    };
    take('parent_id');
    take('reply_ids');
    take('message_id');
    take('conversation_id');
    if (columns.conversation_id === undefined && columns.parent_id === undefined) take('id');
    for (const f of ['body', 'subject', 'role', 'author', 'at', 'channel', 'tags', 'internal', 'label', 'priority', 'sentiment', 'churn_risk', 'language'] as const)
      take(f);
    // A ticket-style id ("ticket_id", "case id") is a conversation per row unless the file has
    // message-level columns; a "conversation_id"/"thread_id" column means rows are messages.
    const convHeader = columns.conversation_id !== undefined ? normHeader(rawHeader[columns.conversation_id]!) : '';
    const ticketStyle = /^(?:ticket|ticket id|ticket number|case id|case number)$/.test(convHeader);
    if (ticketStyle && columns.message_id === undefined && columns.role === undefined && columns.id === undefined) {
      columns.id = columns.conversation_id!;
      delete columns.conversation_id;
    }
    if (columns.at !== undefined && columns.created_at === undefined && columns.conversation_id === undefined) {
      columns.created_at = columns.at;
    }
    if (columns.conversation_id !== undefined) shape = 'per-message';
    else if (columns.parent_id !== undefined && columns.message_id !== undefined) shape = 'reply-threads';
    else shape = 'per-conversation';
    if (columns.body === undefined) text = columns.subject !== undefined ? 'subject-only' : 'none';
  }
  // --map overrides any guess.
  for (const [field, col] of Object.entries(opts.map ?? {})) {
    if (!(CSV_FIELDS as readonly string[]).includes(field)) {
      throw new InputError('BAD_MAP', `--map: unknown field "${field}" (one of ${CSV_FIELDS.join(', ')})`, { file });
    }
    let i = rawHeader.indexOf(col);
    if (i < 0) i = h.get(normHeader(col)) ?? -1;
    if (i < 0) throw new InputError('BAD_MAP', `--map ${field}=${col}: no column "${col}" (columns: ${rawHeader.join(', ')})`, { file });
    columns[field as CsvField] = i;
    if (field === 'body') text = 'full';
    if (field === 'conversation_id') shape = 'per-message';
  }
  if (shape === 'per-conversation' && columns.id === undefined) {
    throw new InputError(
      'NO_ID_COLUMN',
      `cannot place this CSV: no conversation id column (looked for ${GUESS.id.slice(0, 4).join(', ')}, conversation_id…; columns: ${rawHeader.slice(0, 12).join(', ')}${rawHeader.length > 12 ? ', …' : ''}); name one with --map id=COLUMN`,
      { file },
    );
  }
  if (columns.body === undefined && columns.subject === undefined && text !== 'none') text = 'none';
  if (text === 'none' && columns.tags === undefined) {
    throw new InputError(
      'NO_TEXT_COLUMN',
      `cannot place this CSV: no message text or subject column (columns: ${rawHeader.slice(0, 12).join(', ')}${rawHeader.length > 12 ? ', …' : ''}); name one with --map body=COLUMN`,
      { file },
    );
  }
  const mappedCols = new Set(Object.values(columns));
  const passThrough = layout === 'generic-csv' ? rawHeader.map((_, i) => i).filter((i) => !mappedCols.has(i)) : [];
  const roleCol = columns.role !== undefined ? normHeader(rawHeader[columns.role]!) : '';
  const plan: CsvPlan = {
    layout,
    shape,
    columns,
    header: rawHeader,
    text,
    tagSeparator: vendor?.tagSeparator ?? /[,;|]/,
    roleInverted: roleCol === 'from agent',
    dedupeMessages: vendor?.dedupeMessages ?? false,
    passThrough,
  };
  if (tz) plan.timeZone = tz;
  if (notice) plan.notice = notice;
  return plan;
}

const cell = (fields: readonly string[], i: number | undefined): string | undefined =>
  i === undefined ? undefined : str(fields[i]);

function rowRole(plan: CsvPlan, fields: readonly string[]): Role | undefined {
  const v = cell(fields, plan.columns.role);
  if (v === undefined) return undefined;
  const r = roleFrom(v);
  if (plan.roleInverted && r) return r === 'customer' ? 'agent' : r === 'agent' ? 'customer' : r;
  return r;
}

function rowInternal(plan: CsvPlan, fields: readonly string[]): boolean {
  const i = plan.columns.internal;
  if (i === undefined) return false;
  const v = (fields[i] ?? '').trim().toLowerCase();
  const header = normHeader(plan.header[i]!);
  if (header === 'public') return v === 'false' || v === '0' || v === 'no';
  if (header === 'message type') return v === 'note';
  return v === 'true' || v === '1' || v === 'yes' || v === 'note';
}

function rowBody(plan: CsvPlan, fields: readonly string[]): string {
  return plain(cell(fields, plan.columns.body)) ?? '';
}

function rowFields(plan: CsvPlan, fields: readonly string[]): Record<string, unknown> | undefined {
  if (!plan.passThrough.length) return undefined;
  const entries = plan.passThrough.filter((i) => fields[i] !== undefined && fields[i] !== '').map((i) => [plan.header[i]!, fields[i]] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function fixtureAnswers(plan: CsvPlan, fields: readonly string[]) {
  const c = plan.columns;
  if (c.label === undefined) return undefined;
  return expectedFrom({
    label: cell(fields, c.label),
    priority: cell(fields, c.priority),
    sentiment: cell(fields, c.sentiment),
    churn_risk: cell(fields, c.churn_risk),
    language: cell(fields, c.language),
  });
}

/** One row of a per-conversation CSV → a conversation (or an error record). */
export function adaptConversationRow(plan: CsvPlan, fields: readonly string[], source: SourceRef): Adapted {
  const id = cell(fields, plan.columns.id);
  if (id === undefined) return { kind: 'error', error: { id: null, code: 'MISSING_ID', error: 'row has an empty id', source } };
  const body = rowBody(plan, fields);
  const subject = cell(fields, plan.columns.subject);
  const tags = tagsFrom(cell(fields, plan.columns.tags), plan.tagSeparator);
  // A row of an export that carries text must have some; a ticket export without a text
  // column (Zendesk, Intercom reports) still lists a ticket even when its subject is empty.
  if (!body && !subject && !tags && plan.columns.body !== undefined) {
    return { kind: 'error', error: { id, code: 'NO_TEXT', error: 'row has neither text nor subject nor tags', source } };
  }
  const created = toIso(cell(fields, plan.columns.created_at), plan.timeZone);
  const messages: Message[] = [];
  if (body) {
    const m: Message = { role: rowRole(plan, fields) ?? 'customer', body };
    if (created) m.at = created;
    const author = cell(fields, plan.columns.author);
    if (author) m.author = author;
    messages.push(m);
  }
  const extra: Parameters<typeof makeConversation>[4] = {};
  if (subject) extra.subject = subject;
  if (created) extra.created_at = created;
  const channel = cell(fields, plan.columns.channel);
  if (channel) extra.channel = channel;
  if (tags) extra.tags = tags;
  const passed = rowFields(plan, fields);
  if (passed) extra.fields = passed;
  const coverage: TextCoverage = body ? (plan.text === 'snippet' ? 'snippet' : 'full') : subject ? 'subject-only' : 'none';
  const conversation = makeConversation(id, messages, plan.layout, source, extra, coverage);
  const expected = fixtureAnswers(plan, fields);
  return expected ? { kind: 'conversation', conversation, expected } : { kind: 'conversation', conversation };
}

/** One row of a per-message CSV → a fragment of its conversation. */
export function adaptMessageRow(plan: CsvPlan, fields: readonly string[], source: SourceRef): Adapted {
  const key = cell(fields, plan.columns.conversation_id);
  if (key === undefined) {
    return { kind: 'error', error: { id: null, code: 'MISSING_ID', error: 'row has an empty conversation id', source } };
  }
  const body = rowBody(plan, fields);
  const at = toIso(cell(fields, plan.columns.at), plan.timeZone);
  const base: NonNullable<Fragment['base']> = {};
  const subject = cell(fields, plan.columns.subject);
  if (subject) base.subject = subject;
  const tags = tagsFrom(cell(fields, plan.columns.tags), plan.tagSeparator);
  if (tags) base.tags = tags;
  const channel = cell(fields, plan.columns.channel);
  if (channel) base.channel = channel;
  const created = toIso(cell(fields, plan.columns.created_at), plan.timeZone) ?? at;
  if (created) base.created_at = created;
  const passed = rowFields(plan, fields);
  if (passed) base.fields = passed;
  if (plan.text === 'snippet') base.text = 'snippet';
  const fragment: Fragment = { key, layout: plan.layout, source, base };
  const role = rowRole(plan, fields);
  const author = cell(fields, plan.columns.author);
  // Without a role column the grouper decides from the author (first author = customer).
  const m: Message = { role: role ?? 'customer', body };
  if (at) m.at = at;
  if (author) m.author = author;
  if (rowInternal(plan, fields)) m.internal = true;
  fragment.message = m;
  if (role === undefined) fragment.guessRole = true;
  const mid = cell(fields, plan.columns.message_id);
  if (mid && plan.dedupeMessages) fragment.messageId = mid;
  const expected = fixtureAnswers(plan, fields);
  if (expected) fragment.expected = expected;
  return { kind: 'fragment', fragment };
}
