import { mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { conversations, errors, fatals, readText, tempFile, readAll } from '../support/read.js';

const CSV = 'id,subject,body\n1,Plată,"Nu pot plăti factura"\n2,Вход,"Не могу войти"\n';

function utf16(text: string, be: boolean, bom = true): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (be) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return bom ? Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), le]) : le;
}

describe('encodings', () => {
  it.each([
    ['UTF-8', Buffer.from(CSV, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)])],
    ['UTF-16LE with BOM', utf16(CSV, false)],
    ['UTF-16BE with BOM', utf16(CSV, true)],
    ['UTF-16LE without BOM', utf16(CSV, false, false)],
  ])('%s', async (_n, buf) => {
    const { items } = await readText('x.csv', buf);
    const convs = conversations(items);
    expect(convs.map((c) => c.id)).toEqual(['1', '2']);
    expect(convs[0]!.messages[0]!.body).toBe('Nu pot plăti factura');
    expect(convs[1]!.subject).toBe('Вход');
  });

  it('reads Latin-1 with --encoding', async () => {
    const buf = Buffer.from('id,body\n1,Ég get ekki skráð mig inn\n', 'latin1');
    const { items } = await readText('x.csv', buf, { encoding: 'latin1' });
    expect(conversations(items)[0]!.messages[0]!.body).toBe('Ég get ekki skráð mig inn');
  });

  it('replaces invalid UTF-8 instead of failing', async () => {
    const buf = Buffer.concat([Buffer.from('id,body\n1,caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' ok\n')]);
    const { items } = await readText('x.csv', buf);
    expect(conversations(items)[0]!.messages[0]!.body).toBe('caf\ufffd\ufffd ok');
  });

  it('reads gzip-compressed exports', async () => {
    const { items } = await readText('x.jsonl.gz', gzipSync('{"id":"g1","text":"parcel late"}\n'));
    expect(conversations(items).map((c) => c.id)).toEqual(['g1']);
  });
});

describe('inputs that cannot be read', () => {
  it('a missing file is one fatal item naming it', async () => {
    const { items } = await readAll(['/nonexistent/x.csv']);
    expect(fatals(items)).toHaveLength(1);
    expect(String((fatals(items)[0] as { error: Error }).error.message)).toMatch(/no such file/);
  });

  it('a directory is refused clearly', async () => {
    const d = tempFile('placeholder', '').replace(/placeholder$/, 'dir');
    mkdirSync(d);
    const { items } = await readAll([d]);
    expect(String((fatals(items)[0] as { error: Error }).error.message)).toMatch(/directory/);
  });

  it('a binary file is refused with what it looks like', async () => {
    const { items } = await readText('x.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 0, 0, 0]));
    expect(String((fatals(items)[0] as { error: Error }).error.message)).toMatch(/Excel|ZIP/);
  });

  it('an empty file is a fatal "empty" error', async () => {
    const { items } = await readText('x.csv', '');
    expect(String((fatals(items)[0] as { error: Error }).error.message)).toMatch(/empty/);
  });

  it('a header-only CSV gives no records and no error', async () => {
    const { items } = await readText('x.csv', 'id,body\n');
    expect(items).toEqual([]);
  });

  it('the next file is still read after a fatal one', async () => {
    const good = tempFile('g.jsonl', '{"id":"ok","text":"hi"}\n');
    const { items } = await readAll(['/nonexistent.csv', good]);
    expect(fatals(items)).toHaveLength(1);
    expect(conversations(items).map((c) => c.id)).toEqual(['ok']);
  });
});

describe('JSONL with a broken line', () => {
  it('gives one error record with its line and reads the rest', async () => {
    const { items } = await readText('x.jsonl', '{"id":"a","text":"x"}\n{"id":"b",\n{"id":"c","text":"y"}\n');
    expect(conversations(items).map((c) => c.id)).toEqual(['a', 'c']);
    expect(errors(items)).toEqual([expect.objectContaining({ code: 'BAD_JSON', source: expect.objectContaining({ line: 2 }) })]);
  });
});
