import { describe, expect, it } from 'vitest';
import { CONTIGUOUS_WINDOW, DEFAULT_GROUP_WINDOW, dropMiddle, type Grouped, Grouper, HEAD_MESSAGES, MAX_MESSAGES, SORTED_EVIDENCE } from '../../src/io/group.js';
import { cutText, MAX_CONVERSATION_CHARS, MAX_SUBJECT_CHARS } from '../../src/io/read.js';
import type { Fragment } from '../../src/io/layouts/common.js';
import { conversations, readText } from '../support/read.js';

let line = 0;
const row = (key: string, body = `text ${line}`): Fragment => ({
  key,
  layout: 'generic-csv',
  source: { file: 'f.csv', line: ++line },
  message: { role: 'customer', body },
});

/** Feed keys in order; returns the ids emitted and, after each row, how many rows were held open. */
function feed(g: Grouper, keys: readonly string[]): { ids: string[]; sizes: Array<Array<number>>; heldMax: number } {
  const out: Grouped[] = [];
  let held = 0;
  let heldMax = 0;
  for (const k of keys) {
    held++;
    const done = g.add(row(k));
    for (const d of done) held -= d.conversation.messages.length;
    heldMax = Math.max(heldMax, held);
    out.push(...done);
  }
  out.push(...g.finish());
  return { ids: out.map((o) => o.conversation.id), sizes: out.map((o) => [o.conversation.messages.length]), heldMax };
}

/** A file sorted by conversation: n conversations of `per` rows each. */
const sortedKeys = (n: number, per: number): string[] => Array.from({ length: n * per }, (_, i) => `c${Math.floor(i / per)}`);

describe('Grouper: per-message rows into conversations', () => {
  it('a file sorted by conversation is held in a short window once it shows it is sorted', () => {
    const keys = sortedKeys(2_000, 3);
    const r = feed(new Grouper(DEFAULT_GROUP_WINDOW, true), keys);
    expect(r.ids).toEqual(Array.from({ length: 2_000 }, (_, i) => `c${i}`));
    expect(r.sizes.every(([n]) => n === 3)).toBe(true);
    // Until SORTED_EVIDENCE rows continued their conversation the full window applies; after, about CONTIGUOUS_WINDOW rows.
    expect(r.heldMax).toBeLessThanOrEqual(Math.max(1.5 * SORTED_EVIDENCE, CONTIGUOUS_WINDOW) + 3);
    // A window the user chose is kept: everything is held.
    expect(feed(new Grouper(DEFAULT_GROUP_WINDOW, false), keys).heldMax).toBe(keys.length);
  });

  it('interleaved rows (a file sorted by time) keep the full window and merge rows far apart', () => {
    // Sorted for a while, then a row joins an older conversation 2,000 rows back (after the switch nothing is split).
    const keys = [...sortedKeys(150, 2), ...Array.from({ length: 800 }, (_, i) => `x${i}`), 'c149', ...Array.from({ length: 2_000 }, (_, i) => `y${i}`), 'x0'];
    const g = new Grouper(DEFAULT_GROUP_WINDOW, true);
    const r = feed(g, keys);
    expect(g.splits).toEqual([]);
    expect(g.currentWindow).toBe(DEFAULT_GROUP_WINDOW);
    expect(r.ids.filter((id) => id === 'x0')).toHaveLength(1);
    expect(r.sizes[r.ids.indexOf('x0')]).toEqual([2]);
    expect(r.ids).toHaveLength(150 + 800 + 2_000);
  });

  it('a time-sorted file whose first rows are all new conversations is not taken for sorted', () => {
    // 3,000 opening messages, then the replies: no row continued the one before, so the full window holds them.
    const keys = [...Array.from({ length: 3_000 }, (_, i) => `t${i}`), ...Array.from({ length: 3_000 }, (_, i) => `t${i}`)];
    const g = new Grouper(DEFAULT_GROUP_WINDOW, true);
    const r = feed(g, keys);
    expect(g.splits).toEqual([]);
    expect(r.ids).toHaveLength(3_000);
    expect(r.sizes.every(([n]) => n === 2)).toBe(true);
  });

  it('a row far behind in a sorted file starts a second record, says which window split it, and widens the window', () => {
    const keys = [...sortedKeys(600, 3), 'c0', ...sortedKeys(2, 2).map((k) => `z${k}`)];
    const g = new Grouper(DEFAULT_GROUP_WINDOW, true);
    const r = feed(g, keys);
    expect(g.splits).toEqual([{ id: 'c0', window: CONTIGUOUS_WINDOW }]);
    expect(r.ids.filter((id) => id === 'c0')).toHaveLength(2);
    expect(g.currentWindow).toBe(DEFAULT_GROUP_WINDOW);
    // Nothing lost: every row is in some record.
    expect(r.sizes.reduce((a, [n]) => a + n!, 0)).toBe(keys.length);
  });
});

describe('reading a per-message CSV with the adaptive window', () => {
  const csv = (keys: readonly string[]): string => 'conversation_id,message_id,role,text\n' + keys.map((k, i) => `${k},m${i},customer,message ${i} of ${k}`).join('\n') + '\n';

  it('sorted file: every conversation whole, in order, no notice', async () => {
    const keys = sortedKeys(1_500, 2);
    const { items, notices } = await readText('m.csv', csv(keys));
    const cs = conversations(items);
    expect(cs.map((c) => c.id)).toEqual(Array.from({ length: 1_500 }, (_, i) => `c${i}`));
    expect(cs.every((c) => c.messages.length === 2)).toBe(true);
    expect(notices.filter((n) => n.includes('rows apart'))).toEqual([]);
  });

  it('a late row in a sorted file: two records and a notice naming the short window and --group-window', async () => {
    const keys = [...sortedKeys(700, 2), 'c3'];
    const { items, notices } = await readText('m.csv', csv(keys));
    expect(conversations(items).filter((c) => c.id === 'c3').map((c) => c.messages.length)).toEqual([2, 1]);
    expect(notices).toContainEqual(expect.stringMatching(/"c3" are more than 1000 rows apart, in a file sorted by conversation until then: read as two records \(sort the file or raise --group-window\)/));
    // With the window chosen by the user, the late row is merged.
    const wide = await readText('m.csv', csv(keys), { groupWindow: 5_000 });
    expect(conversations(wide.items).filter((c) => c.id === 'c3').map((c) => c.messages.length)).toEqual([3]);
    expect(wide.notices.filter((n) => n.includes('rows apart'))).toEqual([]);
  });
});

describe('bounds on one conversation', () => {
  it('a per-message conversation of 1,500 rows keeps rows 1–200 and 701–1,500, with a notice', async () => {
    const body = 'conversation_id,message_id,role,text\n' + Array.from({ length: 1_500 }, (_, i) => `long,m${i},customer,row ${i + 1}`).join('\n') + '\nnext,n1,customer,hello\n';
    const { items, notices } = await readText('m.csv', body);
    const [c, next] = conversations(items);
    expect(c!.messages).toHaveLength(MAX_MESSAGES);
    expect(c!.messages.slice(0, HEAD_MESSAGES).map((m) => m.body)).toEqual(Array.from({ length: HEAD_MESSAGES }, (_, i) => `row ${i + 1}`));
    expect(c!.messages.slice(HEAD_MESSAGES).map((m) => m.body)).toEqual(Array.from({ length: 800 }, (_, i) => `row ${i + 701}`));
    expect(next!.id).toBe('next');
    expect(notices).toContainEqual(expect.stringMatching(/m\.csv: 1 conversation \("long"\): more than 1,000 messages: read the first 200 and the latest 800$/));
  });

  it('dropMiddle keeps a parallel list in step and leaves short lists alone', () => {
    const list = Array.from({ length: MAX_MESSAGES + 5 }, (_, i) => i);
    const flags = list.map((i) => i % 2 === 0);
    expect(dropMiddle(list, flags)).toBe(5);
    expect(list).toHaveLength(MAX_MESSAGES);
    expect(list[HEAD_MESSAGES - 1]).toBe(HEAD_MESSAGES - 1);
    expect(list[HEAD_MESSAGES]).toBe(HEAD_MESSAGES + 5);
    expect(flags).toEqual(list.map((i) => i % 2 === 0));
    expect(dropMiddle([1, 2, 3])).toBe(0);
  });

  it('cutText cuts at a space near the limit, never inside a surrogate pair, and copies', () => {
    expect(cutText('aaaa bbbb cccc', 12)).toBe('aaaa bbbb');
    const long = 'x'.repeat(500);
    expect(cutText(long, 100)).toBe('x'.repeat(100));
    const emoji = 'x'.repeat(99) + '😀' + 'y'.repeat(400);
    expect(cutText(emoji, 100)).toBe('x'.repeat(99));
    expect(cutText(emoji, 101)).toBe('x'.repeat(99) + '😀');
  });

  it('a subject longer than 2,000 characters is cut too', async () => {
    const { items, notices } = await readText('s.jsonl', JSON.stringify({ id: 's', subject: 'refund '.repeat(1_000), text: 'hello' }) + '\n');
    expect(conversations(items)[0]!.subject!.length).toBeLessThanOrEqual(MAX_SUBJECT_CHARS);
    expect(notices).toContainEqual(expect.stringContaining('1 conversation ("s"): a text longer than 100,000 characters (a subject, 2,000; all messages, 1,000,000) was read up to that length'));
  });
});

describe('the whole conversation is bounded too', () => {
  it('1,000 messages of 50,000 characters: each is read up to an equal share of 1,000,000', async () => {
    const messages = Array.from({ length: 1_000 }, (_, i) => ({ role: 'customer', body: `m${i} ` + 'word '.repeat(10_000) }));
    const { items, notices } = await readText('w.jsonl', JSON.stringify({ id: 'w', messages }) + '\n');
    const c = conversations(items)[0]!;
    expect(c.messages).toHaveLength(1_000);
    expect(c.messages.reduce((a, m) => a + m.body.length, 0)).toBeLessThanOrEqual(MAX_CONVERSATION_CHARS);
    expect(c.messages[999]!.body.startsWith('m999 word')).toBe(true);
    expect(notices).toContainEqual(expect.stringContaining('1 conversation ("w"): a text longer than'));
  });
});
