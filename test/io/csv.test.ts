import { describe, expect, it } from 'vitest';
import { csvItems, sniffDelimiter } from '../../src/io/csv.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
async function* once(s: string): AsyncGenerator<string> {
  yield s;
}

describe('sniffDelimiter', () => {
  it.each([
    ['id,subject,body\n1,a,b\n', ','],
    ['id;subject;body\n1;a;"b;c"\n', ';'],
    ['id\tsubject\tbody\n1\ta\tb\n', '\t'],
    ['id|subject|body\n1|a|b\n', '|'],
    ['"id","note, with comma"\n"1","x"\n', ','],
  ])('%j → %j', (text, d) => {
    expect(sniffDelimiter(text)).toBe(d);
  });
});

describe('csvItems', () => {
  it('gives the header, rows with their first line, and quoted newlines', async () => {
    const items = await collect(csvItems(once('id,body\r\n1,"two\r\nlines"\r\n2,plain\r\n')));
    expect(items).toEqual([
      { kind: 'header', columns: ['id', 'body'], line: 1, delimiter: ',' },
      { kind: 'row', fields: ['1', 'two\r\nlines'], line: 2 },
      { kind: 'row', fields: ['2', 'plain'], line: 4 },
    ]);
  });

  it('turns a ragged row into an error item with its line and reads on', async () => {
    const items = await collect(csvItems(once('id,body\n1,a\n2,b,extra\n3,c\n')));
    expect(items.map((i) => i.kind)).toEqual(['header', 'row', 'error', 'row']);
    expect(items[2]).toMatchObject({ kind: 'error', line: 3, error: 'row has 3 fields, the header has 2' });
  });

  it('reads CR-only line ends', async () => {
    const items = await collect(csvItems(once('id,body\r1,a\r2,b\r')));
    expect(items.filter((i) => i.kind === 'row')).toHaveLength(2);
  });

  it('strips a BOM glued to the first header', async () => {
    const items = await collect(csvItems(once('\ufeffid;body\n1;a\n')));
    expect(items[0]).toMatchObject({ kind: 'header', columns: ['id', 'body'], delimiter: ';' });
  });
});

describe('line numbers', () => {
  it('count blank lines, comments and quoted newlines of every style', async () => {
    const text = '# exported\nid,body\n\n1,"a\r\nb"\n2,"c\rd"\n\n\n3,e\n';
    const items = await collect(csvItems(once(text), { comment: '#' }));
    expect(items.map((i) => i.line)).toEqual([2, 4, 6, 10]);
  });
});

describe('a quote left open', () => {
  it('rows swallowed into a field are named in a notice (the line and its text); other rows read on', async () => {
    const notes: Array<[number, string]> = [];
    const text = 'id,body\n1,"hello there\n2,my parcel is late\n3,"cannot log in"\n4,refund please\n';
    const items = await collect(csvItems(once(text), { onSuspect: (line, m) => notes.push([line, m]) }));
    expect(items.filter((i) => i.kind === 'row').map((i) => (i as { fields: string[] }).fields[0])).toEqual(['1', '4']);
    expect(notes).toEqual([[2, expect.stringMatching(/^line 3 \("2,my parcel is late"\) reads like a row of its own inside a field of the row at line 2: a quote left open\?/)]]);
  });

  it('ids of another shape, or steps numbered in a body, are not taken for rows', async () => {
    const notes: string[] = [];
    const onSuspect = (_l: number, m: string): void => void notes.push(m);
    await collect(csvItems(once('id,body\n10234,"Steps:\n1, open the app\n2, tap login"\n10235,ok\n'), { onSuspect }));
    await collect(csvItems(once('id,subject,body,tags\nTCK-101,Refund,"Hi,\nI paid twice, for order 12, and 13.\nThanks, Ana",billing\n'), { onSuspect }));
    await collect(csvItems(once('id,subject,body,tags\nTCK-101,Refund,"Hi,\nTCK-7 was the old ticket, see it",billing\n'), { onSuspect }));
    expect(notes).toEqual([]);
  });

  it('a quote never closed: one error after the rows before it, naming the lines it made unreadable', async () => {
    const items = await collect(csvItems(once('id,body\n1,fine\n2,"hello there\n3,my parcel is late\n4,cannot log in\n')));
    expect(items.slice(1)).toEqual([
      { kind: 'row', fields: ['1', 'fine'], line: 2 },
      { kind: 'error', line: 3, error: 'unreadable CSV rows: a quote opened on line 3 is never closed, so lines 3–5 cannot be read' },
    ]);
  });
});

describe('reading: the swallowed-row notice reaches stderr', () => {
  it('names the file', async () => {
    const { readText } = await import('../support/read.js');
    const { notices } = await readText('q.csv', 'id,body\n1,"hello\n2,parcel late\n3,"log in"\n');
    expect(notices).toContainEqual(expect.stringMatching(/q\.csv: line 3 \("2,parcel late"\) reads like a row of its own/));
  });
});
