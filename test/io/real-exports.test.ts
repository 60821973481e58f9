import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conversations, errors, fatals, readAll } from '../support/read.js';
import { hasShared, sharedPath, skipNote } from '../support/shared.js';

interface Expect {
  vendor: string;
  ids: string[] | null;
  messages?: number;
  internal_messages?: number;
  messages_with_text?: number;
  thread_sizes?: number[];
  text: boolean;
}

const present = hasShared('data', 'real-exports', 'expected.json');
const expected: Record<string, Expect> = present
  ? (JSON.parse(readFileSync(sharedPath('data', 'real-exports', 'expected.json'), 'utf8')) as Record<string, Expect>)
  : {};
const files = Object.entries(expected).filter(([k]) => !k.startsWith('_'));

describe.skipIf(!present)(present ? 'real helpdesk exports' : skipNote('real helpdesk exports in ../shared/data/real-exports'), () => {
  it.each(files)('%s', async (file, exp) => {
    const { items, notices } = await readAll([sharedPath('data', 'real-exports', file)]);
    expect(fatals(items)).toEqual([]);
    const convs = conversations(items);
    expect(convs.every((c) => c.layout.startsWith(exp.vendor === 'generic' ? 'reply-threads' : exp.vendor))).toBe(true);
    if (exp.ids === null) {
      // No id in the file: one clear refusal, never an invented id.
      expect(convs).toEqual([]);
      expect(errors(items)).toEqual([expect.objectContaining({ id: null, code: 'NO_CONVERSATION_ID' })]);
      return;
    }
    expect(convs.map((c) => c.id)).toEqual(exp.ids);
    if (exp.messages !== undefined) expect(convs[0]!.messages).toHaveLength(exp.messages);
    if (exp.internal_messages !== undefined) expect(convs[0]!.messages.filter((m) => m.internal)).toHaveLength(exp.internal_messages);
    if (exp.messages_with_text !== undefined) expect(convs[0]!.messages.filter((m) => m.body.trim())).toHaveLength(exp.messages_with_text);
    if (exp.thread_sizes) expect(convs.map((c) => c.messages.length)).toEqual(exp.thread_sizes);
    if (exp.text) expect(convs.every((c) => c.messages.some((m) => m.body.trim()))).toBe(true);
    else {
      expect(convs.every((c) => c.messages.length === 0 && c.text === 'subject-only')).toBe(true);
      expect(notices.join('\n')).toMatch(/no message text/);
    }
    if (file.startsWith('freshdesk-search')) expect(notices.join('\n')).toMatch(/duplicate id "1"/);
  });

  it('Intercom roles: user/lead are customers, admins agents, notes internal, bots bots', async () => {
    const read = async (f: string) => conversations((await readAll([sharedPath('data', 'real-exports', f)])).items)[0]!;
    expect((await read('intercom-webhook-json-1.json')).messages.map((m) => m.role)).toEqual(['customer', 'agent']);
    expect((await read('intercom-webhook-json-2.json')).messages.map((m) => m.internal === true)).toEqual([false, true]);
    expect((await read('intercom-webhook-json-4.json')).messages.map((m) => m.role)).toEqual(['customer', 'bot']);
    expect((await read('intercom-conversation-json-1.json')).messages.map((m) => m.role)).toEqual(['agent', 'customer']);
  });

  it('Front: a comment event gives an internal note beside the last message', async () => {
    const c = conversations((await readAll([sharedPath('data', 'real-exports', 'front-event-json-3.json')])).items)[0]!;
    expect(c.messages.map((m) => [m.role, m.internal === true])).toEqual([['agent', false], ['agent', true]]);
  });

  it('Twitter threads: inbound rows are customers, brand rows agents, HTML entities decoded', async () => {
    const convs = conversations((await readAll([sharedPath('data', 'real-exports', 'generic-twcs-csv-1.csv')])).items);
    const all = convs.flatMap((c) => c.messages);
    expect(all).toHaveLength(93);
    expect(all.some((m) => m.role === 'agent') && all.some((m) => m.role === 'customer')).toBe(true);
    expect(all.some((m) => m.body.includes('&amp;'))).toBe(false);
  });
});
