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
