/**
 * JSON shapes from helpdesk APIs, webhooks and exports (EXPORTS.md), mapped onto
 * the canonical conversation. Each adapter recognises its shape by keys, never
 * by file name. `adaptJson` returns null for a value it cannot place.
 */
import type { Message, Role, SourceRef } from '../../core/types.js';
import { isRole } from '../../core/types.js';
import {
  type Adapted,
  expectedFrom,
  type Fragment,
  firstText,
  isObj,
  makeConversation,
  plain,
  readError,
  roleFrom,
  sortByTime,
  str,
  tagsFrom,
  toIso,
} from './common.js';

type Obj = Record<string, unknown>;

export interface JsonAdaptResult {
  layout: string;
  items: Adapted[];
}

/** Keys of the canonical shape; anything else is passed through under `fields`. */
const CANONICAL_KEYS = new Set([
  'id', 'subject', 'created_at', 'channel', 'tags', 'messages', 'text', 'label', 'priority', 'sentiment', 'churn_risk',
  'language',
]);

function msg(role: Role, body: string, at?: string, author?: string, internal?: boolean): Message {
  const m: Message = { role, body };
  if (at) m.at = at;
  if (author) m.author = author;
  if (internal) m.internal = true;
  return m;
}

const personName = (p: unknown): string | undefined => {
  if (!isObj(p)) return undefined;
  const full = [str(p.first_name) ?? str(p.first) ?? str(p.firstName), str(p.last_name) ?? str(p.last) ?? str(p.lastName)]
    .filter(Boolean)
    .join(' ');
  return str(p.name) ?? (full || undefined) ?? str(p.username) ?? str(p.email);
};

// ---------- canonical ----------

function isCanonical(o: Obj): boolean {
  return 'id' in o && (Array.isArray(o.messages) || typeof o.text === 'string') && !('comments' in o) && !('conversation_parts' in o);
}

function adaptCanonical(o: Obj, source: SourceRef): Adapted {
  const id = str(o.id);
  if (id === undefined) return readError(null, 'MISSING_ID', 'conversation has no "id"', source);
  const messages: Message[] = [];
  if (Array.isArray(o.messages)) {
    for (const [i, m] of o.messages.entries()) {
      if (!isObj(m)) return readError(id, 'BAD_MESSAGE', `message ${i + 1} is not an object`, source);
      const body = typeof m.body === 'string' ? m.body : typeof m.text === 'string' ? m.text : '';
      const role: Role = isRole(m.role) ? m.role : (roleFrom(m.role) ?? 'customer');
      messages.push(msg(role, body, toIso(m.at ?? m.created_at) ?? str(m.at), str(m.author), m.internal === true));
    }
  } else if (typeof o.text === 'string') {
    messages.push(msg('customer', o.text));
  }
  const subject = typeof o.subject === 'string' ? o.subject : undefined;
  if (!messages.some((m) => m.body.trim() !== '') && !subject?.trim()) {
    return readError(id, 'NO_TEXT', 'conversation has neither message text nor a subject', source);
  }
  // fromEntries defines keys as data: an input field named "__proto__" stays a field.
  const fields: Obj = Object.fromEntries(Object.entries(o).filter(([k]) => !CANONICAL_KEYS.has(k)));
  const extra: Parameters<typeof makeConversation>[4] = { fields };
  if (subject !== undefined) extra.subject = subject;
  const created = str(o.created_at);
  if (created) extra.created_at = toIso(created) ?? created;
  const channel = str(o.channel);
  if (channel) extra.channel = channel;
  const tags = tagsFrom(o.tags);
  if (tags) extra.tags = tags;
  const conversation = makeConversation(id, messages, 'canonical', source, extra);
  const expected = expectedFrom(o);
  return expected ? { kind: 'conversation', conversation, expected } : { kind: 'conversation', conversation };
}

// ---------- Zendesk ----------

function isZendeskTicket(o: Obj): boolean {
  if (!('id' in o)) return false;
  const url = str(o.url) ?? '';
  if (/zendesk\.com\/api\//.test(url)) return true;
  return (
    ('description' in o || 'comments' in o || 'raw_subject' in o) &&
    ('requester_id' in o || 'requester' in o || 'submitter_id' in o || 'via' in o)
  );
}

function zendeskCommentText(c: Obj): string | undefined {
  // plain_body or body are text; html_body only when both are missing. Empty strings count as missing.
  return firstText(c.plain_body, c.body) ?? plain(c.html_body);
}

function adaptZendeskTicket(t: Obj, source: SourceRef): Adapted {
  const id = str(t.id)!;
  const requester = isObj(t.requester) ? t.requester : undefined;
  const requesterId = str(t.requester_id) ?? str(requester?.id);
  const messages: Message[] = [];
  if (Array.isArray(t.comments) && t.comments.length) {
    for (const c of t.comments) {
      if (!isObj(c)) continue;
      const body = zendeskCommentText(c) ?? '';
      const author = isObj(c.author) ? c.author : undefined;
      const authorId = str(c.author_id) ?? str(author?.id);
      const role: Role = requesterId !== undefined && authorId === requesterId ? 'customer' : 'agent';
      messages.push(msg(role, body, toIso(c.created_at), personName(author), c.public === false));
    }
  } else {
    const description = firstText(t.description);
    if (description) messages.push(msg('customer', description, toIso(t.created_at), personName(requester)));
  }
  const via = isObj(t.via) ? str(t.via.channel) : undefined;
  const extra: Parameters<typeof makeConversation>[4] = {};
  const subject = firstText(t.subject, t.raw_subject);
  if (subject) extra.subject = subject;
  const created = toIso(t.created_at);
  if (created) extra.created_at = created;
  if (via) extra.channel = via;
  const tags = tagsFrom(t.tags);
  if (tags) extra.tags = tags;
  return { kind: 'conversation', conversation: makeConversation(id, sortByTime(messages), 'zendesk-json', source, extra) };
}

// ---------- Intercom ----------

function isIntercomConversation(o: Obj): boolean {
  return (
    o.type === 'conversation' ||
    'conversation_message' in o ||
    'conversation_parts' in o ||
    (isObj(o.source) && 'delivered_as' in o.source)
  );
}

function intercomRole(author: unknown): Role {
  const type = isObj(author) ? str(author.type) : undefined;
  if (type === 'admin' || type === 'team') return 'agent';
  if (type === 'bot') return 'bot';
  return 'customer'; // user, lead, contact
}

function adaptIntercom(c: Obj, source: SourceRef): Adapted {
  const id = str(c.id);
  if (!id) return readError(null, 'MISSING_ID', 'Intercom conversation without "id"', source);
  const opening = isObj(c.conversation_message) ? c.conversation_message : isObj(c.source) ? c.source : undefined;
  const messages: Message[] = [];
  const created = toIso(c.created_at);
  if (opening) {
    const body = plain(opening.body);
    if (body) messages.push(msg(intercomRole(opening.author), body, created, personName(opening.author)));
  }
  const partsHolder = c.conversation_parts;
  const parts = isObj(partsHolder) && Array.isArray(partsHolder.conversation_parts) ? partsHolder.conversation_parts : Array.isArray(partsHolder) ? partsHolder : [];
  for (const p of parts) {
    if (!isObj(p)) continue;
    const body = plain(p.body);
    if (!body) continue; // close/open/assignment parts without text
    const internal = p.part_type === 'note' || p.part_type === 'note_and_reopen';
    messages.push(msg(intercomRole(p.author), body, toIso(p.created_at), personName(p.author), internal));
  }
  const extra: Parameters<typeof makeConversation>[4] = {};
  const subject = plain(opening?.subject) ?? str(c.title);
  if (subject) extra.subject = subject;
  if (created) extra.created_at = created;
  const channel = isObj(c.source) ? str(c.source.type) : undefined;
  if (channel && channel !== 'conversation') extra.channel = channel;
  const tags = tagsFrom(c.tags);
  if (tags) extra.tags = tags;
  return { kind: 'conversation', conversation: makeConversation(id, messages, 'intercom-json', source, extra) };
}

// ---------- Freshdesk ----------

function isFreshdeskTicket(o: Obj): boolean {
  return (
    'id' in o &&
    ('description_text' in o || 'fr_escalated' in o || 'cc_emails' in o || 'fr_due_by' in o || 'frDueBy' in o || 'requester_status_name' in o)
  );
}

function isFreshdeskConversation(o: Obj): boolean {
  return 'ticket_id' in o && ('incoming' in o || 'body_text' in o) && ('private' in o || 'incoming' in o);
}

function adaptFreshdeskTicket(t: Obj, source: SourceRef): Adapted {
  const id = str(t.id)!;
  // v2: description is HTML, description_text plain. v1: description plain, description_html HTML.
  const body = firstText(t.description_text) ?? plain(t.description) ?? plain(t.description_html);
  const created = toIso(t.created_at);
  const messages = body ? [msg('customer', body, created, str(t.requester_name))] : [];
  const base: NonNullable<Fragment['base']> = {};
  const subject = str(t.subject);
  if (subject) base.subject = subject;
  if (created) base.created_at = created;
  const channel = str(t.source_name);
  if (channel) base.channel = channel.toLowerCase();
  const tags = tagsFrom(t.tags);
  if (tags) base.tags = tags;
  // A ticket opens the conversation; conversation objects in another file of the run join it.
  const fragment: Fragment = { key: id, layout: 'freshdesk-json', source, base, isTicket: true };
  if (messages[0]) fragment.message = messages[0];
  return { kind: 'fragment', fragment };
}

function adaptFreshdeskConversation(c: Obj, source: SourceRef): Adapted {
  const key = str(c.ticket_id)!;
  const body = firstText(c.body_text) ?? plain(c.body) ?? '';
  const role: Role = c.incoming === true ? 'customer' : 'agent';
  const author = str(c.from_email);
  return {
    kind: 'fragment',
    fragment: {
      key,
      layout: 'freshdesk-json',
      source,
      message: msg(role, body, toIso(c.created_at), author, c.private === true),
      ...(str(c.id) ? { messageId: str(c.id)! } : {}),
    },
  };
}

// ---------- Help Scout ----------

function isHelpScoutConversation(o: Obj): boolean {
  return 'id' in o && ('mailboxId' in o || 'mailbox' in o || 'primaryCustomer' in o || ('number' in o && 'preview' in o));
}

function helpScoutThreads(c: Obj): unknown[] {
  if (isObj(c._embedded) && Array.isArray(c._embedded.threads)) return c._embedded.threads;
  if (Array.isArray(c.threads)) return c.threads;
  return [];
}

function helpScoutMessages(threads: unknown[]): Message[] {
  const out: Message[] = [];
  for (const th of threads) {
    if (!isObj(th)) continue;
    const type = str(th.type);
    const state = str(th.state);
    if (state === 'draft' || state === 'hidden' || type === 'lineitem') continue;
    const body = plain(th.body);
    if (!body) continue;
    const by = isObj(th.createdBy) ? th.createdBy : undefined;
    const byType = str(by?.type);
    let role: Role;
    if (type === 'customer') role = 'customer';
    else if (type === 'message' || type === 'note' || type === 'forwardparent' || type === 'forwardchild') role = 'agent';
    else role = byType === 'customer' ? 'customer' : 'agent';
    out.push(msg(role, body, toIso(th.createdAt), personName(by), type === 'note'));
  }
  return sortByTime(out);
}

function adaptHelpScout(c: Obj, source: SourceRef): Adapted {
  const id = str(c.id)!;
  const messages = helpScoutMessages(helpScoutThreads(c));
  const extra: Parameters<typeof makeConversation>[4] = {};
  const subject = str(c.subject);
  if (subject) extra.subject = subject;
  const created = toIso(c.createdAt);
  if (created) extra.created_at = created;
  const channel = str(c.type);
  if (channel) extra.channel = channel;
  const tags = tagsFrom(c.tags);
  if (tags) extra.tags = tags;
  const preview = str(c.preview);
  if (preview && messages.length === 0) extra.fields = { preview };
  return { kind: 'conversation', conversation: makeConversation(id, messages, 'helpscout-json', source, extra) };
}

// ---------- Front ----------

function isFrontEvent(o: Obj): boolean {
  return isObj(o.conversation) && isObj(o.target) && 'type' in o;
}
function isFrontMessage(o: Obj): boolean {
  return 'is_inbound' in o && ('body' in o || 'text' in o || 'blurb' in o);
}

function frontMessage(m: Obj): Message | undefined {
  const body = firstText(m.text) ?? plain(m.body) ?? firstText(m.blurb);
  if (!body) return undefined;
  return msg(m.is_inbound === true ? 'customer' : 'agent', body, toIso(m.created_at), personName(m.author));
}

/**
 * A Front event carries one message (or an internal comment) of a conversation,
 * plus the conversation's last message: fragments, joined per conversation id
 * (events of one conversation are parts of it, not duplicates) and de-duplicated
 * by message id.
 */
function adaptFrontEvent(e: Obj, source: SourceRef): Adapted[] {
  const conv = e.conversation as Obj;
  const id = str(conv.id);
  if (!id) return [readError(null, 'MISSING_ID', 'Front event without conversation id', source)];
  const base: NonNullable<Fragment['base']> = {};
  const subject = str(conv.subject);
  if (subject) base.subject = subject;
  const created = toIso(conv.created_at);
  if (created) base.created_at = created;
  const tags = tagsFrom(conv.tags);
  if (tags) base.tags = tags;
  const out: Adapted[] = [];
  const push = (message: Message | undefined, messageId: string | undefined): void => {
    const fragment: Fragment = { key: id, layout: 'front-json', source, base };
    if (message) fragment.message = message;
    if (messageId) fragment.messageId = messageId;
    out.push({ kind: 'fragment', fragment });
  };
  const target = e.target as Obj;
  const meta = isObj(target._meta) ? str(target._meta.type) : undefined;
  const data = isObj(target.data) ? target.data : undefined;
  if (data && meta === 'comment') {
    const body = plain(data.body);
    push(body ? msg('agent', body, toIso(data.posted_at), personName(data.author), true) : undefined, str(data.id));
  } else if (data) {
    push(frontMessage(data), str(data.id));
  }
  if (isObj(conv.last_message)) push(frontMessage(conv.last_message), str(conv.last_message.id));
  return out;
}

function adaptFrontMessage(m: Obj, source: SourceRef): Adapted {
  const links = isObj(m._links) && isObj(m._links.related) ? m._links.related : undefined;
  const convUrl = str(links?.conversation);
  const id = convUrl?.match(/cnv_[a-z0-9]+/i)?.[0];
  if (!id) return readError(str(m.id) ?? null, 'NO_CONVERSATION_ID', 'Front message without its conversation id (no _links.related.conversation)', source);
  const fm = frontMessage(m);
  return { kind: 'fragment', fragment: { key: id, layout: 'front-json', source, ...(fm ? { message: fm } : {}), ...(str(m.id) ? { messageId: str(m.id)! } : {}) } };
}

// ---------- Gorgias ----------

function isGorgiasTicket(o: Obj): boolean {
  return (
    'id' in o &&
    Array.isArray(o.messages) &&
    ('created_datetime' in o || o.messages.some((m) => isObj(m) && ('from_agent' in m || 'body_text' in m || 'stripped_text' in m)))
  );
}

function adaptGorgias(t: Obj, source: SourceRef): Adapted {
  const id = str(t.id)!;
  const messages: Message[] = [];
  for (const m of t.messages as unknown[]) {
    if (!isObj(m)) continue;
    const body = firstText(m.stripped_text, m.body_text) ?? plain(m.body_html);
    if (!body) continue;
    const role: Role = m.from_agent === true ? 'agent' : 'customer';
    messages.push(msg(role, body, toIso(m.created_datetime), personName(m.sender), m.public === false));
  }
  const extra: Parameters<typeof makeConversation>[4] = {};
  const subject = str(t.subject);
  if (subject) extra.subject = subject;
  const created = toIso(t.created_datetime);
  if (created) extra.created_at = created;
  const channel = str(t.channel);
  if (channel) extra.channel = channel;
  const tags = tagsFrom(t.tags);
  if (tags) extra.tags = tags;
  return { kind: 'conversation', conversation: makeConversation(id, sortByTime(messages), 'gorgias-json', source, extra) };
}

// ---------- dispatch ----------

type Single = { layout: string; test: (o: Obj) => boolean; adapt: (o: Obj, s: SourceRef) => Adapted | Adapted[] };

// Order matters: the most specific shapes first; canonical last.
const SINGLES: Single[] = [
  { layout: 'front-json', test: isFrontEvent, adapt: adaptFrontEvent },
  { layout: 'intercom-json', test: isIntercomConversation, adapt: adaptIntercom },
  { layout: 'freshdesk-json', test: isFreshdeskConversation, adapt: adaptFreshdeskConversation },
  { layout: 'freshdesk-json', test: isFreshdeskTicket, adapt: adaptFreshdeskTicket },
  { layout: 'helpscout-json', test: isHelpScoutConversation, adapt: adaptHelpScout },
  { layout: 'gorgias-json', test: isGorgiasTicket, adapt: adaptGorgias },
  { layout: 'zendesk-json', test: isZendeskTicket, adapt: adaptZendeskTicket },
  { layout: 'front-json', test: isFrontMessage, adapt: adaptFrontMessage },
  { layout: 'canonical', test: isCanonical, adapt: adaptCanonical },
];

function adaptSingle(o: Obj, source: SourceRef): JsonAdaptResult | null {
  for (const s of SINGLES) {
    if (!s.test(o)) continue;
    const a = s.adapt(o, source);
    return { layout: s.layout, items: Array.isArray(a) ? a : [a] };
  }
  return null;
}

function adaptList(layoutHint: string, list: unknown[], source: SourceRef): JsonAdaptResult {
  const items: Adapted[] = [];
  let layout = layoutHint;
  for (const el of list) {
    if (!isObj(el)) {
      items.push(readError(null, 'UNPLACEABLE', 'list element is not an object', source));
      continue;
    }
    const r = adaptSingle(el, source);
    if (!r) {
      items.push(readError(str(el.id) ?? null, 'UNPLACEABLE', 'list element is not a conversation this tool knows', source));
      continue;
    }
    layout = r.layout;
    items.push(...r.items);
  }
  return { layout, items };
}

/**
 * Place one parsed JSON value: a conversation or ticket, an API wrapper holding
 * several, or a webhook event. Returns null when the shape is unknown.
 */
export function adaptJson(value: unknown, source: SourceRef): JsonAdaptResult | null {
  if (Array.isArray(value)) return adaptList('json-list', value, source);
  if (!isObj(value)) return null;
  const o = value;
  // Webhooks: Intercom notification events carry the conversation in data.item.
  if (o.type === 'notification_event' && isObj(o.data) && isObj(o.data.item)) {
    const r = adaptSingle(o.data.item, source);
    if (!r) return null;
    const layout = r.layout.replace('-json', '-webhook');
    // The records say where they came from, as `inspect` does.
    for (const it of r.items) if (it.kind === 'conversation') it.conversation.layout = layout;
    return { ...r, layout };
  }
  // API wrappers.
  if (Array.isArray(o.tickets)) return adaptList('zendesk-json', o.tickets, source);
  if (isObj(o.ticket) && !Array.isArray(o.comments)) return adaptList('zendesk-json', [o.ticket], source);
  if (isObj(o.ticket) && Array.isArray(o.comments)) return adaptList('zendesk-json', [{ ...o.ticket, comments: o.comments }], source);
  if (Array.isArray(o.comments) && !('id' in o)) {
    return {
      layout: 'zendesk-json',
      items: [
        readError(
          null,
          'NO_CONVERSATION_ID',
          `a Zendesk comment list (${o.comments.length} comments) without its ticket: the file does not say which ticket these belong to; save the ticket with its comments instead`,
          source,
        ),
      ],
    };
  }
  if (Array.isArray(o.results)) {
    const tickets = o.results.filter((r) => !isObj(r) || r.result_type === undefined || r.result_type === 'ticket');
    const r = adaptList('search-json', tickets, source);
    return r;
  }
  if (Array.isArray(o.conversations)) return adaptList('intercom-json', o.conversations, source);
  if (isObj(o._embedded) && !('id' in o)) {
    if (Array.isArray(o._embedded.conversations)) return adaptList('helpscout-json', o._embedded.conversations, source);
    if (Array.isArray(o._embedded.threads)) {
      const n = o._embedded.threads.length;
      return {
        layout: 'helpscout-json',
        items: [
          readError(
            null,
            'NO_CONVERSATION_ID',
            `a Help Scout thread list (${n} thread${n === 1 ? '' : 's'}) without its conversation: the file does not say which conversation these belong to; save the conversation with ?embed=threads instead`,
            source,
          ),
        ],
      };
    }
  }
  if (isObj(o.item) && !('id' in o)) return adaptSingle(o.item, source);
  if (Array.isArray(o.data) && !('id' in o)) return adaptList('gorgias-json', o.data, source);
  if (Array.isArray(o._results) && !('id' in o)) return adaptList('front-json', o._results, source);
  return adaptSingle(o, source);
}

/** How each JSON layout fills the canonical fields (for `triage inspect`). */
export const JSON_MAPPINGS: Record<string, Record<string, string>> = {
  canonical: { id: 'id', subject: 'subject', created_at: 'created_at', channel: 'channel', tags: 'tags', messages: 'messages[] (role, author, at, body, internal) or text' },
  'zendesk-json': {
    id: 'id', subject: 'subject | raw_subject', created_at: 'created_at', channel: 'via.channel', tags: 'tags',
    messages: 'comments[]: plain_body, else body, else html_body; without comments: description', role: 'author_id = requester_id → customer, else agent', internal: 'public: false',
  },
  'intercom-json': {
    id: 'id', subject: 'conversation_message.subject | source.subject | title', created_at: 'created_at (epoch)', tags: 'tags.tags[].name',
    messages: 'conversation_message | source, then conversation_parts[] with a body', role: 'author.type: user/lead → customer, admin → agent, bot → bot', internal: "part_type 'note'",
  },
  'freshdesk-json': {
    id: 'id (conversations: ticket_id)', subject: 'subject', created_at: 'created_at', channel: 'source_name', tags: 'tags',
    messages: 'description_text | description | description_html, then conversation objects (body_text | body)', role: 'incoming: true → customer', internal: 'private: true',
  },
  'helpscout-json': {
    id: 'id', subject: 'subject', created_at: 'createdAt', channel: 'type', tags: 'tags[].tag',
    messages: '_embedded.threads[] oldest first (drafts, hidden, lineitems skipped)', role: "type 'customer' or createdBy.type", internal: "type 'note'",
  },
  'front-json': {
    id: 'conversation.id', subject: 'conversation.subject', created_at: 'conversation.created_at', tags: 'conversation.tags',
    messages: 'target.data (text | body | blurb) and conversation.last_message', role: 'is_inbound → customer', internal: 'comments (com_…)',
  },
  'gorgias-json': {
    id: 'id', subject: 'subject', created_at: 'created_datetime', channel: 'channel', tags: 'tags[].name',
    messages: 'messages[]: stripped_text | body_text | body_html', role: 'from_agent → agent', internal: 'public: false',
  },
};
