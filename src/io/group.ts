/**
 * Joins per-message fragments into conversations, in order of each
 * conversation's first appearance, with bounded memory.
 *
 * Rows need not be sorted. A conversation stays open while its rows keep coming;
 * once `window` further rows have been read without one of its rows, it is
 * considered complete and, when every conversation before it is complete too,
 * emitted. Sorted files therefore stream in constant memory; interleaved files
 * hold at most the conversations touched within the window. A row that arrives
 * after its conversation was emitted starts a second record with the same id
 * (and a warning), never a silent merge or a drop.
 */
import type { Conversation, Expected, Message, TextCoverage } from '../core/types.js';
import { type Fragment, makeConversation, sortByTime } from './layouts/common.js';

export interface Grouped {
  conversation: Conversation;
  expected?: Expected;
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
}

export const DEFAULT_GROUP_WINDOW = 50_000;

export class Grouper {
  private readonly open = new Map<string, Group>();
  /** Groups in order of first appearance, some possibly complete. */
  private readonly order: Group[] = [];
  private readonly emitted = new Set<string>();
  private counter = 0;
  /** Ids that were split because their rows were too far apart. */
  readonly splitIds: string[] = [];

  constructor(private readonly window = DEFAULT_GROUP_WINDOW) {}

  /** Add a fragment; returns the conversations that are now complete, in order. */
  add(f: Fragment): Grouped[] {
    this.counter++;
    const key = `${f.layout}\u0000${f.key}`;
    let g = this.open.get(key);
    // A second ticket object with the same id is a different record (duplicate id), not more messages.
    if (g && f.isTicket && g.hasTicket) g = undefined;
    if (!g) {
      if (this.emitted.has(key)) this.splitIds.push(f.key);
      g = {
        key,
        first: f,
        base: {},
        messages: [],
        messageIds: new Set(),
        lastSeen: this.counter,
        hasTicket: false,
        guessRoles: [],
      };
      this.open.set(key, g);
      this.order.push(g);
    }
    g.lastSeen = this.counter;
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
    while (this.order.length) {
      const g = this.order[0]!;
      if (!all && this.counter - g.lastSeen < this.window) break;
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
    return g.expected ? { conversation, expected: g.expected } : { conversation };
  }
}
