import { describe, expect, it } from 'vitest';
import { conversations, errors, readAll, readText, tempFile } from '../support/read.js';

const roles = (c: { messages: Array<{ role: string; internal?: boolean }> }) =>
  c.messages.map((m) => (m.internal ? `${m.role}*` : m.role));

describe('JSON layouts (hand-made, same shapes as the real API files)', () => {
  it('Zendesk ticket with comments: requester is the customer, private comments are internal', async () => {
    const t = {
      id: 77, subject: 'Login', requester_id: 5, via: { channel: 'email' }, tags: ['login'], created_at: '2026-01-02T10:00:00Z',
      comments: [
        { author_id: 5, body: 'I cannot log in', html_body: '', plain_body: '', public: true, created_at: '2026-01-02T10:00:00Z' },
        { author_id: 9, plain_body: 'Checked the logs', public: false, created_at: '2026-01-02T10:05:00Z' },
        { author_id: 9, html_body: '<p>Please try <b>again</b></p>', public: true, created_at: '2026-01-02T10:06:00Z' },
      ],
    };
    const { items } = await readText('z.jsonl', JSON.stringify(t) + '\n');
    const [c] = conversations(items);
    expect(c!.id).toBe('77');
    expect(c!.layout).toBe('zendesk-json');
    expect(roles(c!)).toEqual(['customer', 'agent*', 'agent']);
    expect(c!.messages[0]!.body).toBe('I cannot log in');
    expect(c!.messages[2]!.body).toBe('Please try again');
    expect(c!.channel).toBe('email');
  });

  it('Zendesk API wrappers: tickets list, single ticket, search results', async () => {
    const ticket = (id: number) => ({ id, subject: `s${id}`, description: 'text', requester_id: 1, via: { channel: 'web' } });
    const list = await readText('a.json', JSON.stringify({ tickets: [ticket(1), ticket(2)], next_page: null }));
    expect(conversations(list.items).map((c) => c.id)).toEqual(['1', '2']);
    const single = await readText('b.json', JSON.stringify({ ticket: ticket(3) }));
    expect(conversations(single.items).map((c) => c.id)).toEqual(['3']);
    const search = await readText('c.json', JSON.stringify({ results: [{ ...ticket(4), result_type: 'ticket' }, { id: 5, result_type: 'user' }] }));
    expect(conversations(search.items).map((c) => c.id)).toEqual(['4']);
  });

  it('Zendesk comment list without a ticket: one clear error, no invented id', async () => {
    const { items } = await readText('c.json', JSON.stringify({ comments: [{ body: 'a' }, { body: 'b' }] }));
    expect(conversations(items)).toEqual([]);
    expect(errors(items)).toEqual([expect.objectContaining({ id: null, code: 'NO_CONVERSATION_ID' })]);
  });

  it('Intercom 1.x: opening conversation_message is message 1, note parts are internal, empty parts skipped', async () => {
    const conv = {
      type: 'conversation', id: '147', created_at: 1767225600,
      conversation_message: { subject: '', body: '<p>Hi, we noticed you started a trial</p>', author: { type: 'admin', id: '1' } },
      conversation_parts: { conversation_parts: [
        { part_type: 'comment', body: '<p>Thanks!</p>', created_at: 1767229200, author: { type: 'user' } },
        { part_type: 'note', body: '<p>VIP</p>', created_at: 1767229300, author: { type: 'admin' } },
        { part_type: 'assignment', body: '<p>Happy to help</p>', created_at: 1767229400, author: { type: 'admin' } },
        { part_type: 'close', body: null, created_at: 1767229500, author: { type: 'admin' } },
      ] },
    };
    const { items } = await readText('i.json', JSON.stringify({ type: 'notification_event', data: { item: conv } }));
    const [c] = conversations(items);
    expect(c!.id).toBe('147');
    expect(roles(c!)).toEqual(['agent', 'customer', 'agent*', 'agent']);
    expect(c!.created_at).toBe('2026-01-01T00:00:00Z');
  });

  it('Intercom 2.x: the opening message is in source; bot parts are bots', async () => {
    const conv = {
      type: 'conversation', id: '9', source: { delivered_as: 'customer_initiated', body: '<p>helklo</p>', author: { type: 'lead' } },
      conversation_parts: { conversation_parts: [{ part_type: 'channel_and_reply_time_expectation', body: 'We reply in a few minutes', author: { type: 'bot' } }] },
    };
    const { items } = await readText('i.json', JSON.stringify({ type: 'conversation.list', conversations: [conv] }));
    expect(roles(conversations(items)[0]!)).toEqual(['customer', 'bot']);
  });

  it('Freshdesk: v2 ticket text from description_text, conversations grouped by ticket_id and merged when both files are given', async () => {
    const ticket = tempFile('t.json', JSON.stringify({ id: 1, subject: 'Refund', description: '<div>Need a <b>refund</b></div>', description_text: 'Need a refund', cc_emails: [], fr_escalated: false, created_at: '2026-01-01T00:00:00Z' }));
    const convs = tempFile('c.json', JSON.stringify([
      { ticket_id: 1, body_text: 'Internal: check order', incoming: false, private: true, created_at: '2026-01-01T01:00:00Z' },
      { ticket_id: 1, body_text: 'Refund issued', incoming: false, private: false, created_at: '2026-01-01T02:00:00Z' },
      { ticket_id: 1, body_text: 'Thanks!', incoming: true, private: false, created_at: '2026-01-01T03:00:00Z' },
    ]));
    const { items } = await readAll([ticket, convs]);
    const all = conversations(items);
    expect(all).toHaveLength(1);
    expect(all[0]!.subject).toBe('Refund');
    expect(roles(all[0]!)).toEqual(['customer', 'agent*', 'agent', 'customer']);
    const alone = await readAll([convs]);
    expect(roles(conversations(alone.items)[0]!)).toEqual(['agent*', 'agent', 'customer']);
  });

  it('Freshdesk search with duplicate ids: two records and a warning, never merged', async () => {
    const t = (subject: string) => ({ id: 1, subject, description: subject, fr_escalated: false, cc_email: {} });
    const { items, notices } = await readText('s.json', JSON.stringify({ total: 2, results: [t('first'), t('second')] }));
    expect(conversations(items).map((c) => c.subject)).toEqual(['first', 'second']);
    expect(notices.join('\n')).toMatch(/duplicate id "1"/);
  });

  it('Help Scout: threads sorted oldest first, drafts/hidden/lineitems skipped, notes internal', async () => {
    const conv = {
      id: 123, number: 12, subject: 'Help', preview: 'p', mailboxId: 1, createdAt: '2026-01-01T00:00:00Z',
      _embedded: { threads: [
        { type: 'message', body: 'Reply', createdAt: '2026-01-01T03:00:00Z', createdBy: { type: 'user' } },
        { type: 'lineitem', createdAt: '2026-01-01T02:30:00Z' },
        { type: 'message', state: 'draft', body: 'draft', createdAt: '2026-01-01T02:40:00Z', createdBy: { type: 'user' } },
        { type: 'note', body: 'note', createdAt: '2026-01-01T02:00:00Z', createdBy: { type: 'user' } },
        { type: 'customer', body: 'Question', createdAt: '2026-01-01T01:00:00Z', createdBy: { type: 'customer' } },
      ] },
    };
    const { items } = await readText('h.json', JSON.stringify({ _embedded: { conversations: [conv] }, page: {} }));
    const [c] = conversations(items);
    expect(c!.messages.map((m) => m.body)).toEqual(['Question', 'note', 'Reply']);
    expect(roles(c!)).toEqual(['customer', 'agent*', 'agent']);
  });

  it('Help Scout conversation without threads is subject-only, with no invented text', async () => {
    const { items, notices } = await readText('h.json', JSON.stringify({ id: 5, number: 1, subject: 'Help', preview: 'Preview', mailboxId: 1, threads: 2, _embedded: { threads: [] } }));
    const [c] = conversations(items);
    expect(c!.messages).toEqual([]);
    expect(c!.text).toBe('subject-only');
    expect(notices.join('\n')).toMatch(/no message text/);
  });

  it('Front events: inbound is the customer, comments are internal', async () => {
    const ev = {
      type: 'comment', conversation: { id: 'cnv_1', subject: 'Hi', last_message: { id: 'msg_1', is_inbound: true, text: 'Where is my parcel?', created_at: 1767225600 } },
      target: { _meta: { type: 'comment' }, data: { id: 'com_1', body: 'Check with courier', posted_at: 1767229200 } },
    };
    const { items } = await readText('f.json', JSON.stringify(ev));
    const [c] = conversations(items);
    expect(c!.id).toBe('cnv_1');
    expect(roles(c!)).toEqual(['customer', 'agent*']);
  });

  it('Gorgias tickets', async () => {
    const t = { id: 8, subject: 'Return', channel: 'email', created_datetime: '2024-02-14T21:30:50.201204+00:00', tags: [{ name: 'returns' }],
      messages: [
        { from_agent: false, body_text: 'I want to return my shoes', created_datetime: '2024-02-14T21:30:50+00:00', public: true },
        { from_agent: true, body_html: '<p>Sure, here is the label</p>', created_datetime: '2024-02-14T22:00:00+00:00', public: true },
      ] };
    const { items } = await readText('g.json', JSON.stringify({ data: [t], meta: {} }));
    const [c] = conversations(items);
    expect(c!.layout).toBe('gorgias-json');
    expect(roles(c!)).toEqual(['customer', 'agent']);
    expect(c!.tags).toEqual(['returns']);
    expect(c!.created_at).toBe('2024-02-14T21:30:50Z');
  });

  it('canonical JSON passes unknown fields through and reads fixture answers', async () => {
    const { items } = await readText('x.json', JSON.stringify([{ id: 'a', text: 'hi', label: 'service', priority: 'low', custom: 7 }]));
    const item = items[0] as { conversation: { fields: unknown }; expected: unknown };
    expect(item.conversation.fields).toEqual({ custom: 7 });
    expect(item.expected).toEqual({ label: 'service', priority: 'low' });
  });

  it('an unknown JSON shape is a fatal error naming what was expected', async () => {
    const { items } = await readText('x.json', JSON.stringify({ hello: 'world' }));
    expect(String((items[0] as { error: Error }).error.message)).toMatch(/cannot place this JSON/);
  });
});

describe('CSV layouts', () => {
  it('Zendesk ticket CSV: subject-only with one notice per file', async () => {
    const csv = '"Summation column","Id","Requester","Requester id","Subject","Tags","Via","Created at"\n"","101","Ana","5","Cannot log in","login urgent","Mail","2026-01-02 10:00"\n"","102","Bob","6","Refund please","billing","Web form","2026-01-03 10:00"\n';
    const { items, notices } = await readText('zd.csv', csv);
    const convs = conversations(items);
    expect(convs.map((c) => [c.id, c.text, c.layout])).toEqual([['101', 'subject-only', 'zendesk-csv'], ['102', 'subject-only', 'zendesk-csv']]);
    expect(convs[0]!.tags).toEqual(['login', 'urgent']);
    expect(notices.filter((n) => /no description/.test(n))).toHaveLength(1);
  });

  it('Intercom conversation report: time-zone headers, no text', async () => {
    const csv = 'Conversation ID,Conversation started at (Europe/Berlin),Channel,Title,Conversation tag\n55,2026-01-05 10:00:00,Chat,Invoice question,billing\n';
    const { items } = await readText('ic.csv', csv);
    const [c] = conversations(items);
    expect(c!.layout).toBe('intercom-csv');
    expect(c!.created_at).toBe('2026-01-05T09:00:00Z');
    expect(c!.subject).toBe('Invoice question');
  });

  it('Intercom per-message CSV: grouped by conversation id, unsorted rows, notes internal', async () => {
    const csv = [
      'message_id,message_body,message_type,message_created_at,message_author_type,conversation_id',
      'm1,Hello,comment,2026-01-01 10:00:00,user,c1',
      'm3,Other conversation,comment,2026-01-01 10:01:00,user,c2',
      'm2,Internal,note,2026-01-01 10:02:00,admin,c1',
      'm4,Reply,comment,2026-01-01 10:03:00,admin,c1',
    ].join('\n');
    const { items } = await readText('im.csv', csv);
    const convs = conversations(items);
    expect(convs.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(roles(convs[0]!)).toEqual(['customer', 'agent*', 'agent']);
  });

  it('Freshdesk ticket CSV with and without Description', async () => {
    const withText = '"Ticket ID","Subject","Description","Status","Priority","Source","Created time","Tags"\n"9","Order late","<p>My order is late</p>","Open","Low","Email","2026-01-02 10:00:00","orders"\n';
    const a = await readText('fd.csv', withText);
    expect(conversations(a.items)[0]).toMatchObject({ id: '9', layout: 'freshdesk-csv', text: 'full' });
    expect(conversations(a.items)[0]!.messages[0]!.body).toBe('My order is late');
    const noText = '"Ticket ID","Subject","Status","Priority","Source"\n"9","Order late","Open","Low","Email"\n';
    const b = await readText('fd.csv', noText);
    expect(conversations(b.items)[0]!.text).toBe('subject-only');
    expect(b.notices.join('\n')).toMatch(/Description/);
  });

  it('Front analytics CSV: repeated message ids per inbox are de-duplicated; text is a snippet', async () => {
    const csv = [
      '"Message ID","Conversation ID","Conversation API ID","Direction","Inbox","Message date","Author","Extract","Subject"',
      '"1","100","cnv_a","Inbound","Support","2026-01-01 10:00:00","","My invoice is wrong","Invoice"',
      '"1","100","cnv_a","Inbound","Billing","2026-01-01 10:00:00","","My invoice is wrong","Invoice"',
      '"2","100","cnv_a","Outbound","Support","2026-01-01 11:00:00","Ana","We fixed it","Invoice"',
    ].join('\n');
    const { items } = await readText('front.csv', csv);
    const [c] = conversations(items);
    expect(c!.messages).toHaveLength(2);
    expect(c!.text).toBe('snippet');
    expect(roles(c!)).toEqual(['customer', 'agent']);
  });

  it('generic CSV with semicolons: columns guessed, unmapped columns passed through', async () => {
    const { items } = await readText('g.csv', 'ticket_number;title;message;country\n7;Help;Unde e comanda mea?;RO\n');
    const [c] = conversations(items);
    expect(c).toMatchObject({ id: '7', subject: 'Help', layout: 'generic-csv', fields: { country: 'RO' } });
  });

  it('generic per-message CSV without a role column: the first author is the customer', async () => {
    const csv = 'conversation_id,author,text,created_at\nA,ana@x.ro,Hi,2026-01-01T10:00:00Z\nA,Support Bot Team,Hello,2026-01-01T10:01:00Z\nA,ana@x.ro,Thanks,2026-01-01T10:02:00Z\n';
    const { items } = await readText('m.csv', csv);
    expect(roles(conversations(items)[0]!)).toEqual(['customer', 'agent', 'customer']);
  });

  it('--map overrides a guess; a wrong --map names the columns', async () => {
    const csv = 'key,words\nk1,parcel never arrived\n';
    const ok = await readText('m.csv', csv, { map: { id: 'key', body: 'words' } });
    expect(conversations(ok.items)[0]!.messages[0]!.body).toBe('parcel never arrived');
    const bad = await readText('m.csv', csv, { map: { body: 'nope' } });
    expect(String((bad.items[0] as { error: Error }).error.message)).toMatch(/no column "nope"/);
  });

  it('a CSV without any id column cannot be placed', async () => {
    const { items } = await readText('m.csv', 'words\nhello\n');
    expect(String((items[0] as { error: Error }).error.message)).toMatch(/no conversation id column/);
  });

  it('reply-linked rows are rebuilt into threads rooted at the first message', async () => {
    const csv = [
      'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id',
      '3,brand,False,Wed Oct 11 07:00:00 +0000 2017,@u reply,"4,5",2',
      '2,u1,True,Wed Oct 11 06:55:44 +0000 2017,@brand help,3,',
      '9,u2,True,Wed Oct 11 06:00:00 +0000 2017,@brand other,,',
      '4,u1,True,Wed Oct 11 07:05:00 +0000 2017,@brand thanks,,3',
      '5,u1,True,Wed Oct 11 07:06:00 +0000 2017,@brand also,,3',
    ].join('\n');
    const { items } = await readText('tw.csv', csv);
    const convs = conversations(items);
    expect(convs.map((c) => [c.id, c.messages.length])).toEqual([['2', 4], ['9', 1]]);
    expect(roles(convs[0]!)).toEqual(['customer', 'agent', 'customer', 'customer']);
  });
});
