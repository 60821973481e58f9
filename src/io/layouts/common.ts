import { decodeEntities, htmlToText, looksLikeHtml } from '../../core/html.js';
import type { Conversation, Expected, Message, ReadError, Role, SourceRef, TextCoverage } from '../../core/types.js';
import { isLabel, isPriority, isSentiment } from '../../core/types.js';

/**
 * A message that belongs to a conversation identified by `key`: one row of a
 * per-message CSV, or one Freshdesk conversation object. The grouper joins them.
 */
export interface Fragment {
  key: string;
  layout: string;
  source: SourceRef;
  /** Conversation-level fields carried by this row (subject, tags, …). */
  base?: Partial<Pick<Conversation, 'subject' | 'created_at' | 'channel' | 'tags' | 'fields' | 'text'>>;
  /** A ticket object that opens the conversation (its description is message 1). */
  isTicket?: boolean;
  message?: Message;
  /** De-duplicates messages that exports repeat (Front: one row per inbox). */
  messageId?: string;
  /** No role column: the grouper decides (the conversation's first author is the customer). */
  guessRole?: boolean;
  expected?: Expected;
}

export type Adapted =
  | { kind: 'conversation'; conversation: Conversation; expected?: Expected }
  | { kind: 'fragment'; fragment: Fragment }
  | { kind: 'error'; error: ReadError };

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-empty string form of a scalar, else undefined (empty strings count as missing). */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  return undefined;
}

/** The first field that holds text, in order of preference. */
export function firstText(...vals: unknown[]): string | undefined {
  for (const v of vals) {
    const s = str(v);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** Text of an HTML-or-plain body, as plain text (empty → undefined). Entities in plain text are decoded too. */
export function plain(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const t = looksLikeHtml(s) ? htmlToText(s) : decodeEntities(s);
  return t.trim() === '' ? undefined : t;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const isoOf = (d: Date): string =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;

/** Offset in ms of a time zone at a UTC instant, from Intl (no tz database of our own). */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - utcMs;
}

const NAIVE_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;

/**
 * Any date an export uses, as ISO-8601 UTC (`2026-03-02T09:14:00Z`): ISO strings,
 * epoch seconds or milliseconds, Twitter's `Wed Oct 11 06:55:44 +0000 2017`, and
 * naive `YYYY-MM-DD HH:mm:ss` in `timeZone` (default UTC). Undefined when unparseable.
 */
export function toIso(v: unknown, timeZone?: string): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    const ms = v > 1e12 ? v : v * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : isoOf(d);
  }
  const s = str(v)?.trim();
  if (!s) return undefined;
  if (/^\d{9,13}(?:\.\d+)?$/.test(s)) return toIso(Number(s));
  const naive = NAIVE_RE.exec(s);
  if (naive) {
    const [, y, mo, d, h, mi, se] = naive;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se ?? 0));
    if (!timeZone || /^utc$/i.test(timeZone)) return isoOf(new Date(utc));
    try {
      // Two passes settle the offset across a DST change.
      let t = utc - zoneOffsetMs(utc, timeZone);
      t = utc - zoneOffsetMs(t, timeZone);
      return isoOf(new Date(t));
    } catch {
      return isoOf(new Date(utc));
    }
  }
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : isoOf(new Date(ms));
}

/** Epoch ms of an ISO date for sorting; NaN when absent. */
export const timeOf = (iso: string | undefined): number => (iso ? Date.parse(iso) : NaN);

const CUSTOMER_WORDS = new Set([
  'customer', 'user', 'lead', 'contact', 'requester', 'end-user', 'end_user', 'enduser', 'client', 'visitor',
  'inbound', 'incoming', 'guest', 'member', 'buyer', 'shopper', 'caller', 'patient', 'student', 'passenger',
]);
const AGENT_WORDS = new Set([
  'agent', 'admin', 'staff', 'teammate', 'operator', 'support', 'employee', 'representative', 'rep', 'outbound',
  'outgoing', 'company', 'brand', 'team', 'assignee', 'expert', 'advisor', 'csm', 'manager', 'note', 'internal',
]);
const BOT_WORDS = new Set(['bot', 'fin', 'automation', 'ai', 'assistant', 'chatbot', 'virtual_agent', 'workflow']);
const SYSTEM_WORDS = new Set(['system', 'event', 'log', 'status']);

/** A role from the words exports use; undefined when unknown. */
export function roleFrom(v: unknown): Role | undefined {
  if (typeof v === 'boolean') return v ? 'customer' : 'agent';
  const s = str(v)?.trim().toLowerCase();
  if (!s) return undefined;
  if (s === 'true' || s === 'yes' || s === '1') return 'customer';
  if (s === 'false' || s === 'no' || s === '0') return 'agent';
  if (CUSTOMER_WORDS.has(s)) return 'customer';
  if (AGENT_WORDS.has(s)) return 'agent';
  if (BOT_WORDS.has(s)) return 'bot';
  if (SYSTEM_WORDS.has(s)) return 'system';
  if (/customer|client|user|contact|requester/.test(s)) return 'customer';
  if (/agent|admin|staff|support|operator/.test(s)) return 'agent';
  if (/bot/.test(s)) return 'bot';
  return undefined;
}

/** Tags as an array of strings from arrays of strings/objects or a delimited string. */
export function tagsFrom(v: unknown, sep: RegExp = /[,;|]/): string[] | undefined {
  if (Array.isArray(v)) {
    const out = v
      .map((t) => (isObj(t) ? str(t.name) ?? str(t.tag) ?? str(t.id) : str(t)))
      .filter((t): t is string => t !== undefined);
    return out.length ? out : undefined;
  }
  if (isObj(v) && Array.isArray(v.tags)) return tagsFrom(v.tags, sep);
  const s = str(v);
  if (!s) return undefined;
  const out = s.split(sep).map((t) => t.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

/** Expected answers of a labelled fixture, when the record carries them. */
export function expectedFrom(obj: Record<string, unknown>): Expected | undefined {
  const label = str(obj.label)?.trim().toLowerCase();
  if (!isLabel(label)) return undefined;
  const e: Expected = { label };
  const pr = str(obj.priority)?.trim().toLowerCase();
  if (isPriority(pr)) e.priority = pr;
  const se = str(obj.sentiment)?.trim().toLowerCase();
  if (isSentiment(se)) e.sentiment = se;
  const ch = obj.churn_risk;
  if (typeof ch === 'boolean') e.churn_risk = ch;
  else if (typeof ch === 'string' && /^(true|false|1|0|yes|no)$/i.test(ch.trim())) e.churn_risk = /^(true|1|yes)$/i.test(ch.trim());
  const lang = str(obj.language)?.trim().toLowerCase();
  if (lang) e.language = lang;
  return e;
}

export function makeConversation(
  id: string,
  messages: Message[],
  layout: string,
  source: SourceRef,
  extra: Partial<Pick<Conversation, 'subject' | 'created_at' | 'channel' | 'tags' | 'fields'>> = {},
  text?: TextCoverage,
): Conversation {
  const conv: Conversation = { id, messages, text: text ?? coverageOf(messages, extra.subject), source, layout };
  if (extra.subject !== undefined) conv.subject = extra.subject;
  if (extra.created_at !== undefined) conv.created_at = extra.created_at;
  if (extra.channel !== undefined) conv.channel = extra.channel;
  if (extra.tags !== undefined && extra.tags.length) conv.tags = extra.tags;
  if (extra.fields !== undefined && Object.keys(extra.fields).length) conv.fields = extra.fields;
  return conv;
}

function coverageOf(messages: Message[], subject: string | undefined): TextCoverage {
  if (messages.some((m) => m.body.trim() !== '')) return 'full';
  return subject ? 'subject-only' : 'none';
}

export function readError(id: string | null, code: string, error: string, source: SourceRef): Adapted {
  return { kind: 'error', error: { id, code, error, source } };
}

/** Sort messages by time where every message has one; stable otherwise. */
export function sortByTime(messages: Message[]): Message[] {
  if (messages.length < 2 || messages.some((m) => Number.isNaN(timeOf(m.at)))) return messages;
  return messages
    .map((m, i) => ({ m, i, t: timeOf(m.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.m);
}

/** Deepest nesting the tool accepts in a record (JSON.stringify and structured clone recurse). */
export const MAX_DEPTH = 64;

/** True when `v` nests deeper than `limit` (iterative: a hostile file cannot overflow the stack here). */
export function tooDeep(v: unknown, limit = MAX_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (d >= limit) return true;
    for (const child of Array.isArray(x) ? x : Object.values(x)) if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
  }
  return false;
}
