/**
 * Joins per-message fragments into conversations, in order of each
 * conversation's first appearance, with bounded memory.
 *
 * Rows need not be sorted. A conversation stays open while its rows keep coming;
 * once `window` further rows have been read without one of its rows, it is
 * considered complete and, when every conversation before it is complete too,
 * emitted. Interleaved files hold at most the conversations touched within the
 * window. A row that arrives after its conversation was emitted starts a second
 * record with the same id (and a warning), never a silent merge or a drop.
 *
 * With the default window, a file whose rows have so far come one conversation
 * at a time (sorted by conversation, the usual export) uses a short window
 * (CONTIGUOUS_WINDOW): holding 50,000 rows of text was most of the memory of a
 * per-message run. "So far" needs evidence: SORTED_EVIDENCE rows that
 * continued the conversation of the row before, and not one row that joined
 * an older open conversation (a file sorted by time shows that early). The
 * first such row — or one for a conversation already emitted — switches the
 * file to the full window for good.
 */
import type { Conversation, Expected, Message, TextCoverage } from '../core/types.js';
import { type Fragment, makeConversation, sortByTime } from './layouts/common.js';

export interface Grouped {
  conversation: Conversation;
  expected?: Expected;
  /** Messages left out of a conversation longer than MAX_MESSAGES. */
  omitted?: number;
}

/**
 * A conversation keeps at most this many messages: its first HEAD_MESSAGES and its latest ones
 * (how it started decides the label; how it goes now decides priority, sentiment and churn). A
 * "conversation" of 300,000 rows is a mis-keyed export; holding it whole would exhaust memory.
 */
export const MAX_MESSAGES = 1_000;
export const HEAD_MESSAGES = 200;

/** Drop messages from the middle of an over-long list, in place; returns how many. */
export function dropMiddle<T>(list: T[], parallel?: unknown[]): number {
  const extra = list.length - MAX_MESSAGES;
  if (extra <= 0) return 0;
  list.splice(HEAD_MESSAGES, extra);
  parallel?.splice(HEAD_MESSAGES, extra);
  return extra;
}

interface Group {
  key: string;
  first: Fragment;
  base: NonNullable<Fragment['base']>;
  messages: Message[];
  messageIds: Set<string>;
  lastSeen: number;
  hasTicket: boolean;
  guessRoles: boolean[];
  expected?: Expected;
  omitted: number;
}

export const DEFAULT_GROUP_WINDOW = 50_000;
/** The window while every row so far continued the latest conversation or started a new one. */
export const CONTIGUOUS_WINDOW = 1_000;
/** Rows that must continue the previous row's conversation before a file counts as sorted by conversation. */
export const SORTED_EVIDENCE = 100;

export class Grouper {
  private readonly open = new Map<string, Group>();
  /** Groups in order of first appearance, some possibly complete. */
  private readonly order: Group[] = [];
  private readonly emitted = new Set<string>();
  private counter = 0;
  /** Conversations split because their rows were too far apart, with the window in force then. */
  readonly splits: Array<{ id: string; window: number }> = [];

  /** The previous row's group. */
  private latest: Group | undefined;
  /** Some row joined a conversation other than the latest: the full window applies for good. */
  private interleaved = false;
  /** Rows that joined the previous row's conversation. */
  private continued = 0;

  /** `adaptive`: a short window while the file reads as sorted by conversation (the default window); false: `window` always (one the user chose). */
  constructor(
    private readonly window = DEFAULT_GROUP_WINDOW,
    private readonly adaptive = false,
  ) {}

  /** The window in force: rows a conversation may stay open without a new row. */
  get currentWindow(): number {
    const sorted = this.adaptive && !this.interleaved && this.continued >= SORTED_EVIDENCE;
    return sorted ? Math.min(this.window, CONTIGUOUS_WINDOW) : this.window;
  }

  /** Add a fragment; returns the conversations that are now complete, in order. */
  add(f: Fragment): Grouped[] {
    this.counter++;
    const key = `${f.layout}\u0000${f.key}`;
    let g = this.open.get(key);
    // A second ticket object with the same id is a different record (duplicate id), not more messages.
    if (g && f.isTicket && g.hasTicket) g = undefined;
    if (g && g !== this.latest) this.interleaved = true;
    else if (g) this.continued++;
    if (!g) {
      if (this.emitted.has(key)) {
        this.splits.push({ id: f.key, window: this.currentWindow });
        this.interleaved = true;
      }
      g = {
        key,
        first: f,
        base: {},
        messages: [],
        messageIds: new Set(),
        lastSeen: this.counter,
        hasTicket: false,
        guessRoles: [],
        omitted: 0,
      };
      this.open.set(key, g);
      this.order.push(g);
    }
    g.lastSeen = this.counter;
    this.latest = g;
    if (f.isTicket) {
      g.hasTicket = true;
      g.first = f;
    }
    if (f.base) for (const [k, v] of Object.entries(f.base)) if ((g.base as Record<string, unknown>)[k] === undefined) (g.base as Record<string, unknown>)[k] = v;
    if (f.expected && !g.expected) g.expected = f.expected;
    if (f.message) {
      const dup = f.messageId !== undefined && g.messageIds.has(f.messageId);
      if (!dup) {
        if (f.messageId !== undefined) g.messageIds.add(f.messageId);
        // The ticket's description is the opening message.
        if (f.isTicket) {
          g.messages.unshift(f.message);
          g.guessRoles.unshift(false);
        } else {
          g.messages.push(f.message);
          g.guessRoles.push(f.guessRole === true);
        }
        g.omitted += dropMiddle(g.messages, g.guessRoles);
      }
    }
    return this.drain(false);
  }

  /** End of input: everything still open is complete. */
  finish(): Grouped[] {
    return this.drain(true);
  }

  private drain(all: boolean): Grouped[] {
    const out: Grouped[] = [];
    const window = this.currentWindow;
    while (this.order.length) {
      const g = this.order[0]!;
      if (!all && this.counter - g.lastSeen < window) break;
      this.order.shift();
      if (this.open.get(g.key) === g) this.open.delete(g.key);
      this.emitted.add(g.key);
      // Remember only recent keys: memory stays bounded; older repeats are caught as duplicate ids by the reader.
      if (this.emitted.size > this.window) this.emitted.delete(this.emitted.values().next().value!);
      out.push(this.build(g));
    }
    return out;
  }

  private build(g: Group): Grouped {
    // Without a role column, the author who wrote first is the customer; other authors are agents.
    if (g.guessRoles.some(Boolean)) {
      const firstAuthor = g.messages.find((m) => m.author)?.author;
      g.messages.forEach((m, i) => {
        if (g.guessRoles[i]) m.role = !m.author || m.author === firstAuthor ? 'customer' : 'agent';
      });
    }
    const messages = sortByTime(g.messages);
    const extra: Parameters<typeof makeConversation>[4] = {};
    const b = g.base;
    if (b.subject !== undefined) extra.subject = b.subject;
    if (b.created_at !== undefined) extra.created_at = b.created_at;
    else if (messages[0]?.at) extra.created_at = messages[0].at;
    if (b.channel !== undefined) extra.channel = b.channel;
    if (b.tags !== undefined) extra.tags = b.tags;
    if (b.fields !== undefined) extra.fields = b.fields;
    const hasText = messages.some((m) => m.body.trim() !== '');
    const text: TextCoverage = hasText ? (b.text === 'snippet' ? 'snippet' : 'full') : b.subject ? 'subject-only' : 'none';
    const conversation = makeConversation(g.first.key, messages, g.first.layout, g.first.source, extra, text);
    const out: Grouped = g.expected ? { conversation, expected: g.expected } : { conversation };
    if (g.omitted) out.omitted = g.omitted;
    return out;
  }
}
