import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conversations, errors, fatals, readAll } from '../support/read.js';
import { hasShared, sharedPath, skipNote } from '../support/shared.js';
import { runBin } from '../support/run.js';

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
    // The record's layout is the file's, as `inspect` names it.
    expect((await read('intercom-webhook-json-1.json')).layout).toBe('intercom-webhook');
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

  it('triage inspect names the layout of every file, with no stack trace', async () => {
    const paths = files.map(([f]) => sharedPath('data', 'real-exports', f));
    const r = await runBin(['inspect', '--json', ...paths]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const reports = JSON.parse(r.stdout) as Array<{ file: string; ok: boolean; layout: string; first_error?: string }>;
    expect(reports).toHaveLength(files.length);
    files.forEach(([file, exp], i) => {
      const rep = reports[i]!;
      expect(rep.ok, file).toBe(true);
      expect(rep.layout, file).toContain(exp.vendor === 'generic' ? 'reply-threads' : exp.vendor);
      if (exp.ids === null) expect(rep.first_error, file).toMatch(/without its/);
    });
  });

  it('triage classify gives exactly the listed ids in order for every file (exit 0 or 1)', async () => {
    for (const [file, exp] of files) {
      const r = await runBin(['classify', '--workers', '1', sharedPath('data', 'real-exports', file)]);
      expect([0, 1], file).toContain(r.code);
      expect(r.stderr, file).not.toMatch(/\n\s+at /);
      const recs = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string | null; error?: string });
      if (exp.ids === null) {
        expect(recs, file).toHaveLength(1);
        expect(recs[0]!.error, file).toMatch(/without its/);
      } else expect(recs.map((x) => x.id), file).toEqual(exp.ids);
    }
  });
});
