/**
 * Render canonical conversations into the helpdesk layouts of EXPORTS.md, with
 * the quirks real files have (BOM, semicolons, time-zone headers, one row per
 * message, rows out of order, repeated rows per inbox, HTML bodies, epoch dates).
 * Used to build fixtures/samples, the reader tests and the benchmark's input.
 */
import { stringify } from 'csv-stringify/sync';

export interface CanonMessage {
  role: 'customer' | 'agent' | 'bot' | 'system';
  author?: string;
  at?: string;
  body: string;
  internal?: boolean;
}

export interface CanonConversation {
  id: string;
  subject?: string;
  created_at?: string;
  channel?: string;
  tags?: string[];
  messages: CanonMessage[];
  [k: string]: unknown;
}

export type Layout =
  | 'canonical-jsonl'
  | 'canonical-json'
  | 'zendesk-json'
  | 'zendesk-api-json'
  | 'zendesk-csv'
  | 'intercom-json'
  | 'intercom-webhook-jsonl'
  | 'intercom-csv'
  | 'intercom-messages-csv'
  | 'freshdesk-json'
  | 'freshdesk-csv'
  | 'helpscout-json'
  | 'front-json'
  | 'front-csv'
  | 'gorgias-json'
  | 'generic-csv'
  | 'generic-messages-csv';

export interface Rendered {
  /** File name suffix (extension). */
  ext: string;
  content: string | Buffer;
  /** Does the layout carry message text? (false: subject/tags only; 'snippet': partial) */
  text: true | false | 'snippet';
  /** The conversation ids a correct reader reports, in order. */
  ids: string[];
}

const BOM = '\ufeff';
const epoch = (iso: string | undefined): number => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);
const naive = (iso: string | undefined): string => (iso ? iso.replace('T', ' ').replace(/Z$/, '').slice(0, 19) : '');
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const html = (s: string): string => '<div>' + s.split(/\n{2,}/).map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`).join('') + '</div>';
const firstCustomer = (c: CanonConversation): CanonMessage | undefined => c.messages.find((m) => m.role === 'customer');
/** The ticket's description: the first customer message, else the first message (an outbound ticket or a call summary). */
const description = (c: CanonConversation): string => (firstCustomer(c) ?? c.messages.find((m) => !m.internal) ?? c.messages[0])?.body ?? '';
const num = (id: string): number => {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 100000 + (h % 900000);
};

/** Deterministic shuffle (rows out of order), seeded. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const a = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function zendeskTicket(c: CanonConversation): Record<string, unknown> {
  const requester = num(c.id);
  return {
    url: `https://example.zendesk.com/api/v2/tickets/${c.id}.json`,
    id: c.id,
    subject: c.subject ?? '',
    raw_subject: c.subject ?? '',
    description: description(c),
    status: 'open',
    priority: null,
    type: null,
    tags: c.tags ?? [],
    via: { channel: c.channel ?? 'email' },
    requester_id: requester,
    submitter_id: requester,
    assignee_id: 42,
    created_at: c.created_at,
    updated_at: c.created_at,
    comments: c.messages
      .filter((m) => m.role !== 'system')
      .map((m, i) => ({
        id: i + 1,
        type: 'Comment',
        author_id: m.role === 'customer' ? requester : 42,
        body: m.body,
        html_body: i % 2 ? html(m.body) : '',
        plain_body: i % 2 ? m.body : '',
        public: !m.internal,
        created_at: m.at,
      })),
  };
}

function intercomConversation(c: CanonConversation): Record<string, unknown> {
  const [first, ...rest] = c.messages.filter((m) => m.role !== 'system');
  const author = (m: CanonMessage) => ({ type: m.role === 'customer' ? 'user' : m.role === 'bot' ? 'bot' : 'admin', id: m.role === 'customer' ? 'u1' : 'a1', name: m.author ?? null });
  return {
    type: 'conversation',
    id: c.id,
    created_at: epoch(c.created_at),
    updated_at: epoch(c.messages[c.messages.length - 1]?.at),
    conversation_message: first
      ? { type: 'conversation_message', subject: c.subject ?? '', body: html(first.body), author: author(first) }
      : null,
    conversation_parts: {
      type: 'conversation_part.list',
      conversation_parts: rest.map((m, i) => ({
        type: 'conversation_part',
        id: String(i + 1),
        part_type: m.internal ? 'note' : i === 0 && m.role === 'agent' ? 'assignment' : 'comment',
        body: html(m.body),
        created_at: epoch(m.at),
        author: author(m),
      })),
      total_count: rest.length,
    },
    tags: { type: 'tag.list', tags: (c.tags ?? []).map((t) => ({ type: 'tag', name: t })) },
  };
}

function helpscoutConversation(c: CanonConversation): Record<string, unknown> {
  const threads = c.messages
    .filter((m) => m.role !== 'system')
    .map((m, i) => ({
      id: i + 1,
      type: m.internal ? 'note' : m.role === 'customer' ? 'customer' : 'message',
      state: 'published',
      body: i % 2 ? html(m.body) : m.body,
      createdBy: { type: m.role === 'customer' ? 'customer' : 'user', first: m.author ?? '' },
      createdAt: m.at,
    }))
    .reverse(); // newest first, as the API returns them
  return {
    id: num(c.id),
    number: c.id,
    subject: c.subject ?? '',
    preview: (c.messages[c.messages.length - 1]?.body ?? '').slice(0, 80),
    mailboxId: 1,
    type: c.channel === 'chat' ? 'chat' : 'email',
    threads: threads.length,
    createdAt: c.created_at,
    tags: (c.tags ?? []).map((t, i) => ({ id: i, tag: t })),
    _embedded: { threads },
  };
}

function gorgiasTicket(c: CanonConversation): Record<string, unknown> {
  return {
    id: c.id,
    subject: c.subject ?? '',
    status: 'open',
    channel: c.channel ?? 'email',
    via: 'email',
    spam: false,
    customer: { email: 'customer@example.com', name: null },
    tags: (c.tags ?? []).map((t) => ({ name: t })),
    created_datetime: c.created_at?.replace('Z', '.000000+00:00'),
    messages: c.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({
        channel: c.channel ?? 'email',
        public: !m.internal,
        from_agent: m.role !== 'customer',
        created_datetime: m.at?.replace('Z', '+00:00'),
        sender: { email: 'x@example.com', name: m.author ?? null },
        body_text: m.body,
        body_html: html(m.body),
        stripped_text: m.body,
      })),
  };
}

function frontEvents(c: CanonConversation): Array<Record<string, unknown>> {
  return c.messages
    .filter((m) => m.role !== 'system')
    .map((m, i) => {
      const conversation = { id: `cnv_${c.id}`, subject: c.subject ?? '', tags: (c.tags ?? []).map((t) => ({ name: t })), created_at: epoch(c.created_at) };
      if (m.internal) {
        return { id: `evt_${c.id}_${i}`, type: 'comment', conversation, target: { _meta: { type: 'comment' }, data: { id: `com_${i}`, body: m.body, posted_at: epoch(m.at) } } };
      }
      return {
        id: `evt_${c.id}_${i}`,
        type: m.role === 'customer' ? 'inbound' : 'out_reply',
        conversation,
        target: { _meta: { type: 'message' }, data: { id: `msg_${c.id}_${i}`, is_inbound: m.role === 'customer', author: null, body: html(m.body), text: m.body, created_at: epoch(m.at) + 0.5 } },
      };
    });
}

const csv = (rows: unknown[][], delimiter = ','): string => stringify(rows, { delimiter, record_delimiter: 'windows' });

/** Render conversations into one layout. */
export function render(layout: Layout, convs: readonly CanonConversation[], seed = 1): Rendered {
  const r = renderBody(layout, convs, seed);
  return { ...r, ids: r.ids ?? convs.map((c) => renderedId(layout, c)) };
}

function renderBody(layout: Layout, convs: readonly CanonConversation[], seed: number): Omit<Rendered, 'ids'> & { ids?: string[] } {
  switch (layout) {
    case 'canonical-jsonl':
      return { ext: 'jsonl', content: convs.map((c) => JSON.stringify(c)).join('\n') + '\n', text: true };
    case 'canonical-json':
      return { ext: 'json', content: JSON.stringify(convs, null, 2), text: true };
    case 'zendesk-json':
      // The full JSON export: one compact ticket per line.
      return { ext: 'json', content: convs.map((c) => JSON.stringify(zendeskTicket(c))).join('\n') + '\n', text: true };
    case 'zendesk-api-json':
      return { ext: 'json', content: JSON.stringify({ tickets: convs.map(zendeskTicket), next_page: null, previous_page: null, count: convs.length }, null, 2), text: true };
    case 'zendesk-csv': {
      const header = ['Summation column', 'Id', 'Requester', 'Requester id', 'Requester external id', 'Requester email', 'Requester domain', 'Submitter', 'Assignee', 'Group', 'Subject', 'Tags', 'Status', 'Priority', 'Via', 'Ticket type', 'Created at', 'Updated at', 'Organization', 'Satisfaction Score', 'Reopens', 'Replies', 'First reply time in minutes', 'Product [list]', 'Escalated [flag]'];
      const rows = convs.map((c) => ['', c.id, firstCustomer(c)?.author ?? 'Customer', num(c.id), '', 'customer@example.com', 'example.com', '', 'Agent', 'Support', c.subject ?? '', (c.tags ?? []).join(' '), 'Open', 'Normal', c.channel === 'chat' ? 'Chat' : 'Mail', 'Question', naive(c.created_at), naive(c.created_at), '', 'Unoffered', 0, c.messages.length - 1, 12, '', 'false']);
      return { ext: 'csv', content: BOM + csv([header, ...rows]), text: false };
    }
    case 'intercom-json':
      return { ext: 'json', content: JSON.stringify({ type: 'conversation.list', conversations: convs.map(intercomConversation), pages: { type: 'pages', page: 1, total_pages: 1 } }, null, 2), text: true };
    case 'intercom-webhook-jsonl':
      return { ext: 'jsonl', content: convs.map((c) => JSON.stringify({ type: 'notification_event', topic: 'conversation.user.created', data: { type: 'notification_event_data', item: intercomConversation(c) } })).join('\n') + '\n', text: true };
    case 'intercom-csv': {
      const header = ['Conversation ID', 'Conversation started at (Europe/Bucharest)', 'Updated at (Europe/Bucharest)', 'Channel', 'Started by', 'Current conversation state', 'Conversation tag', 'Title', 'Teammate currently assigned', 'First response time (seconds)', 'User email', 'Conversation rating'];
      const rows = convs.map((c) => [c.id, naive(c.created_at), naive(c.created_at), c.channel ?? 'Chat', c.messages[0]?.role === 'customer' ? 'User' : 'Teammate', 'closed', (c.tags ?? []).join(', '), c.subject ?? '', 'Ana', 60, 'user@example.com', '']);
      return { ext: 'csv', content: csv([header, ...rows]), text: false };
    }
    case 'intercom-messages-csv': {
      const header = ['message_id', 'message_body', 'message_type', 'message_created_at', 'message_author_type', 'message_author_id', 'message_author_name', 'message_author_email', 'conversation_tags', 'conversation_id', 'conversation_state'];
      const rows = convs.flatMap((c) =>
        c.messages.filter((m) => m.role !== 'system').map((m, i) => [`${c.id}-${i}`, html(m.body), m.internal ? 'note' : 'comment', naive(m.at), m.role === 'customer' ? 'user' : m.role === 'bot' ? 'bot' : 'admin', 'x', m.author ?? '', '', (c.tags ?? []).join(','), c.id, 'closed']),
      );
      return { ext: 'csv', content: csv([header, ...rows]), text: true };
    }
    case 'freshdesk-json':
      return {
        ext: 'json',
        content: JSON.stringify(
          convs.map((c) => ({ id: c.id, subject: c.subject ?? '', description: html(description(c)), description_text: description(c), status: 2, priority: 1, source: 1, fr_escalated: false, spam: false, cc_emails: [], tags: c.tags ?? [], created_at: c.created_at })),
          null,
          2,
        ),
        text: true,
      };
    case 'freshdesk-csv': {
      // A European Excel export: semicolons.
      const header = ['Ticket ID', 'Subject', 'Description', 'Status', 'Priority', 'Source', 'Type', 'Agent', 'Group', 'Created time', 'Resolved time', 'First response time (in hrs)', 'Tags', 'Full name', 'Email', 'Language'];
      const rows = convs.map((c) => [c.id, c.subject ?? '', html(description(c)), 'Open', 'Low', c.channel === 'chat' ? 'Chat' : 'Email', 'Question', 'Ana', 'Support', naive(c.created_at), '', '00:15:00', (c.tags ?? []).join(','), firstCustomer(c)?.author ?? '', 'c@example.com', '']);
      return { ext: 'csv', content: csv([header, ...rows], ';'), text: true };
    }
    case 'helpscout-json':
      return { ext: 'json', content: JSON.stringify({ _embedded: { conversations: convs.map(helpscoutConversation) }, page: { size: 50, totalElements: convs.length, totalPages: 1, number: 1 } }, null, 2), text: true };
    case 'front-json':
      return { ext: 'jsonl', content: convs.flatMap(frontEvents).map((e) => JSON.stringify(e)).join('\n') + '\n', text: true };
    case 'front-csv': {
      const header = ['Message ID', 'Conversation ID', 'Conversation API ID', 'Segment', 'Direction', 'Status', 'Inbox', 'Message date', 'Author', 'Contact name', 'Contact handle', 'To', 'Cc', 'Extract', 'Tags', 'Subject', 'New Conversation'];
      const rows = convs.flatMap((c) =>
        c.messages
          .filter((m) => m.role !== 'system' && !m.internal)
          .flatMap((m, i) => {
            const row = [`${c.id}${i}`, c.id, `cnv_${c.id}`, '', m.role === 'customer' ? 'Inbound' : 'Outbound', 'archived', 'Support', naive(m.at), m.role === 'customer' ? '' : (m.author ?? ''), 'Customer', 'c@example.com', '', '', m.body.replace(/\s+/g, ' ').slice(0, 120), (c.tags ?? []).join(','), c.subject ?? '', i === 0 ? 'true' : 'false'];
            // One row per inbox: the same message appears twice when the conversation sits in two inboxes.
            return i === 0 ? [row, [...row.slice(0, 6), 'Sales', ...row.slice(7)]] : [row];
          }),
      );
      return { ext: 'csv', content: csv([header, ...rows]), text: 'snippet' };
    }
    case 'gorgias-json':
      return { ext: 'json', content: JSON.stringify({ data: convs.map(gorgiasTicket), meta: { next_cursor: null } }, null, 2), text: true };
    case 'generic-csv': {
      const header = ['ticket_id', 'subject', 'body', 'created_at', 'channel', 'tags'];
      const rows = convs.map((c) => [c.id, c.subject ?? '', description(c), c.created_at ?? '', c.channel ?? '', (c.tags ?? []).join(';')]);
      return { ext: 'csv', content: csv([header, ...rows]), text: true };
    }
    case 'generic-messages-csv': {
      // One row per message, rows not sorted: grouped by conversation_id.
      const header = ['conversation_id', 'message_id', 'role', 'author', 'created_at', 'text', 'subject', 'internal'];
      const rows = shuffled(
        convs.flatMap((c) => c.messages.map((m, i) => [c.id, `${c.id}.${i}`, m.role, m.author ?? '', m.at ?? '', m.body, i === 0 ? (c.subject ?? '') : '', m.internal ? 'true' : 'false'])),
        seed,
      );
      // Conversations come out in order of their first row.
      const ids = [...new Set(rows.map((r) => r[0] as string))];
      return { ext: 'tsv', content: stringify([header, ...rows], { delimiter: '\t' }), text: true, ids };
    }
  }
}

export const ALL_LAYOUTS: readonly Layout[] = [
  'canonical-jsonl', 'canonical-json', 'zendesk-json', 'zendesk-api-json', 'zendesk-csv', 'intercom-json', 'intercom-webhook-jsonl',
  'intercom-csv', 'intercom-messages-csv', 'freshdesk-json', 'freshdesk-csv', 'helpscout-json', 'front-json', 'front-csv',
  'gorgias-json', 'generic-csv', 'generic-messages-csv',
];

/** The conversation id a reader should report for a rendered conversation. */
export function renderedId(layout: Layout, c: CanonConversation): string {
  if (layout === 'helpscout-json') return String(num(c.id));
  if (layout === 'front-json') return `cnv_${c.id}`;
  return c.id;
}
