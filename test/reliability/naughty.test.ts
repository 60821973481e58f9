import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadClassifier } from '../../src/classify/load.js';
import { normalizeConversation } from '../../src/core/normalize.js';
import type { Conversation } from '../../src/core/types.js';
import { explanationOf, renderExplanation } from '../../src/report/explain.js';
import { tempFile } from '../support/read.js';
import { jsonLines, runBin } from '../support/run.js';
import { hasShared, sharedPath, skipNote } from '../support/shared.js';

const present = hasShared('data', 'naughty', 'blns.json');
const strings: string[] = present ? (JSON.parse(readFileSync(sharedPath('data', 'naughty', 'blns.json'), 'utf8')) as string[]) : [];
// Control characters, NUL, CR and LF are not in the list: add them (data/README.md).
const extra = ['\u0000', 'a\u0000b', '\r', '\n', '\r\n', '\u001b]0;pwned\u0007', '\u001b[2J\u001b[H', '\u202eevil', '__proto__', 'constructor'];
const all = [...strings, ...extra];

/** One conversation per string: the string as id (when usable), subject, body, channel and tag. */
const conversationsJsonl = (): string =>
  all.map((s, i) => JSON.stringify({ id: s.trim() ? s : `blank-${i}`, subject: s, channel: s, tags: [s], messages: [{ role: 'customer', body: s || '(empty)' }, { role: 'agent', body: `re: ${s}` }] })).join('\n') + '\n';
const expectedIds = () => all.map((s, i) => (s.trim() ? s : `blank-${i}`));
const ESC_OR_C1 = /[\u001b\u009b\u0007]/;

describe.skipIf(!present)(present ? 'naughty strings through every output' : skipNote('naughty strings'), () => {
  const file = present ? tempFile('naughty.jsonl', conversationsJsonl()) : '';

  it('classify --format jsonl: one valid record per conversation, same ids, no crash', async () => {
    const r = await runBin(['classify', file, '--workers', '1']);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const recs = jsonLines(r.stdout);
    expect(recs.map((x) => x.id)).toEqual(expectedIds());
    expect(recs.every((x) => !('error' in x))).toBe(true);
    expect(r.code).toBe(0);
  });

  it('classify with workers gives byte-identical output', async () => {
    const one = await runBin(['classify', file, '--workers', '1']);
    const two = await runBin(['classify', file, '--workers', '2']);
    expect(two.stdout).toBe(one.stdout);
  });

  it('classify --format json parses and --format csv has one row per conversation', async () => {
    const j = await runBin(['classify', file, '--format', 'json', '--workers', '1']);
    expect((JSON.parse(j.stdout) as Array<{ id: string }>).map((x) => x.id)).toEqual(expectedIds());
    const c = await runBin(['classify', file, '--format', 'csv', '--workers', '1']);
    const { parse } = await import('csv-parse/sync');
    const rows = parse(c.stdout, { relax_column_count: false }) as string[][];
    expect(rows).toHaveLength(all.length + 1);
    // Formula-looking cells are neutralised; the rest come back unchanged.
    expect(rows.slice(1).map((row) => row[0]!.replace(/^'(?=[=+\-@\t\r])/, ''))).toEqual(expectedIds());
    expect(rows.slice(1).every((row) => !/^[=+\-@\t\r]/.test(row[0]!))).toBe(true);
  });

  it('summary --json and the text summary: counts reconcile, no escape sequence reaches the terminal text', async () => {
    const j = await runBin(['summary', file, '--json', '--workers', '1']);
    const s = JSON.parse(j.stdout) as { total: number; classified: number; errors: number };
    expect(s.total).toBe(all.length);
    expect(s.classified + s.errors).toBe(all.length);
    const t = await runBin(['summary', file, '--top', '600', '--workers', '1']);
    expect(t.code).toBe(0);
    expect(t.stdout).not.toMatch(ESC_OR_C1);
    expect(t.stdout).toContain('␛]0;pwned␇');
  });

  it('explain renders every one of them safely', async () => {
    const clf = await loadClassifier({ lang: 'en' });
    const lines = conversationsJsonl().trim().split('\n');
    lines.forEach((line, i) => {
      const o = JSON.parse(line) as Omit<Conversation, 'text' | 'source' | 'layout'>;
      const conv: Conversation = { ...o, text: 'full', source: { file: 'n', line: i + 1 }, layout: 'canonical' };
      const rec = clf.classify(conv);
      const text = renderExplanation(explanationOf(rec, normalizeConversation(conv)));
      expect(text).not.toMatch(ESC_OR_C1);
      expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    });
    const r = await runBin(['explain', file, '--id', '\u001b]0;pwned\u0007']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ESC_OR_C1);
    expect(r.stdout).toContain('␛]0;pwned␇');
  });
});

describe('keys named like Object.prototype members are plain data', () => {
  it('a channel, a field and a CSV column named __proto__ are counted and passed through', async () => {
    const rows = [
      JSON.stringify({ id: 'p1', channel: '__proto__', __proto__x: 1, messages: [{ role: 'customer', body: 'parcel late' }] }),
      '{"id":"p2","channel":"constructor","__proto__":{"polluted":true},"messages":[{"role":"customer","body":"invoice"}]}',
    ].join('\n');
    const r = await runBin(['classify', '--workers', '1'], { stdin: rows + '\n' });
    const recs = jsonLines(r.stdout);
    expect(recs[1]!.fields).toEqual({ ['__proto__']: { polluted: true } });
    expect(Object.getOwnPropertyNames(recs[1]!.fields)).toContain('__proto__');
    const s = await runBin(['summary', '--json', '--workers', '1'], { stdin: rows + '\n' });
    const sum = JSON.parse(s.stdout) as { channels: Record<string, number> };
    expect(Object.getOwnPropertyNames(sum.channels).sort()).toEqual(['__proto__', 'constructor']);
    const csv = await runBin(['classify', '--workers', '1', '--input-format', 'csv'], { stdin: 'id,body,__proto__\nc1,hello there,x\n' });
    expect(Object.getOwnPropertyNames(jsonLines(csv.stdout)[0]!.fields)).toEqual(['__proto__']);
  });
});
