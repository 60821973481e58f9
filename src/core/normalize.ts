import { isAutoReply, splitBody, type Part } from './clean.js';
import { decodeEntities, htmlToText, looksLikeHtml, tidyWhitespace } from './html.js';
import type { Conversation, Role } from './types.js';

/** How much each role's own words count toward a label (TAXONOMY rule 6). */
export const ROLE_WEIGHT: Readonly<Record<Role, number>> = {
  customer: 1,
  agent: 0.6,
  bot: 0,
  system: 0,
};
/** Forwarded chains are the customer's evidence, but second-hand. */
export const FORWARDED_WEIGHT = 0.5;

export interface NormMessage {
  index: number;
  role: Role;
  author?: string;
  at?: string;
  internal: boolean;
  autoReply: boolean;
  /** The body as shown to a person (HTML converted to text). */
  display: string;
  /** The body split into own words, quotes, signatures, footers, forwards. */
  parts: Part[];
  /** What the author wrote now: the text classifiers read. */
  text: string;
  /** Forwarded content, read at reduced weight. */
  forwarded: string;
  /** Weight of this message's words; 0 = not classified. */
  weight: number;
}

export type Initiator = 'customer' | 'company' | 'unknown';

export interface NormConversation {
  id: string;
  subject: string;
  tags: string[];
  channel: string;
  messages: NormMessage[];
  /** Who wrote the first message that counts (TAXONOMY rule 5). */
  initiator: Initiator;
}

/** Plain text of a body: HTML converted when it looks like HTML, entities decoded, whitespace tidied. */
export function bodyToText(body: string): string {
  const text = looksLikeHtml(body) ? htmlToText(body) : tidyWhitespace(decodeEntities(body));
  return text.normalize('NFC');
}

/** Normalise a conversation for classification. Pure. */
export function normalizeConversation(conv: Conversation): NormConversation {
  const messages: NormMessage[] = conv.messages.map((m, index) => {
    const display = bodyToText(m.body);
    const parts = splitBody(display);
    const text = parts
      .filter((p) => p.kind === 'text')
      .map((p) => p.text)
      .join('\n');
    const forwarded = parts
      .filter((p) => p.kind === 'forwarded')
      .map((p) => p.text)
      .join('\n');
    const internal = m.internal === true;
    const autoReply = isAutoReply(text || display, index === 0 ? conv.subject : undefined);
    const weight = internal || autoReply ? 0 : ROLE_WEIGHT[m.role];
    const nm: NormMessage = { index, role: m.role, internal, autoReply, display, parts, text, forwarded, weight };
    if (m.author !== undefined) nm.author = m.author;
    if (m.at !== undefined) nm.at = m.at;
    return nm;
  });
  return {
    id: conv.id,
    subject: conv.subject ? bodyToText(conv.subject) : '',
    tags: conv.tags ?? [],
    channel: conv.channel ?? '',
    messages,
    initiator: initiatorOf(messages),
  };
}

/**
 * The first customer-visible message by a person decides who started it. Bots are
 * skipped: chat widgets greet every visitor first, which says nothing about intent.
 */
export function initiatorOf(messages: readonly NormMessage[]): Initiator {
  for (const m of messages) {
    if (m.internal || m.role === 'system' || m.role === 'bot') continue;
    if (m.autoReply && m.role !== 'customer') continue;
    if (m.text.trim() === '' && m.forwarded.trim() === '') continue;
    return m.role === 'customer' ? 'customer' : 'company';
  }
  return 'unknown';
}
