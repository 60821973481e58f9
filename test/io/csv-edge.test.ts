import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvItems, type CsvReadOptions } from '../../src/io/csv.js';
import { openSource, type SourceOptions } from '../../src/io/source.js';
import { hasShared, sharedPath, skipNote } from '../support/shared.js';

/** Read a CSV through the tool's own source (decoding, BOM, sniffing) and parser; rows as objects. */
async function readCsv(path: string, opts: CsvReadOptions & SourceOptions = {}) {
  const src = await openSource(path, opts);
  let header: string[] = [];
  const rows: Array<Record<string, string>> = [];
  const errors: Array<{ line: number; error: string }> = [];
  for await (const it of csvItems(src.chunks, opts)) {
    if (it.kind === 'header') header = it.columns;
    else if (it.kind === 'row') rows.push(Object.fromEntries(header.map((h, i) => [h, it.fields[i]!])));
    else errors.push({ line: it.line, error: it.error });
  }
  return { header, rows, errors };
}

const spectrum = hasShared('data', 'csv-edge', 'csv-spectrum');
const spectrumDir = sharedPath('data', 'csv-edge', 'csv-spectrum');
const cases = spectrum ? readdirSync(`${spectrumDir}/csvs`).map((f) => f.replace(/\.csv$/, '')) : [];

describe.skipIf(!spectrum)(spectrum ? 'csv-spectrum: every CSV reads as its JSON says' : skipNote('csv-spectrum'), () => {
  it.each(cases)('%s', async (name) => {
    const parsed = JSON.parse(readFileSync(`${spectrumDir}/json/${name}.json`, 'utf8')) as Record<string, string> | Array<Record<string, string>>;
    const expected = Array.isArray(parsed) ? parsed : [parsed];
    const { rows, errors } = await readCsv(`${spectrumDir}/csvs/${name}.csv`);
    expect(errors).toEqual([]);
    if (name === 'location_coordinates') {
      // The set's JSON disagrees with its own CSV on the phone number (see data/README.md): compare the rest.
      expect(rows.map(({ 'Contact Phone Number': _p, ...rest }) => rest)).toEqual(expected.map(({ 'Contact Phone Number': _p, ...rest }) => rest));
      expect(rows[0]!['Contact Phone Number']).toBe('2095257564');
      return;
    }
    expect(rows).toEqual(expected);
  });
});

const fx = hasShared('data', 'csv-edge', 'csv-parser-fixtures');
const fxPath = (...p: string[]) => sharedPath('data', 'csv-edge', 'csv-parser-fixtures', ...p);

describe.skipIf(!fx)(fx ? 'csv-parser fixtures' : skipNote('csv-parser fixtures'), () => {
  it('backtick separator via --delimiter', async () => {
    const { header, rows } = await readCsv(fxPath('backtick.csv'), { delimiter: '`' });
    expect(header).toEqual(['pokemon_id', 'p_desc']);
    expect(rows[0]).toEqual({ pokemon_id: '1', p_desc: 'Bulbasaur can be seen napping' });
  });

  it('comments with --comment', async () => {
    expect((await readCsv(fxPath('comment.csv'), { comment: '#' })).rows).toEqual([{ a: '1', b: '2', c: '3' }]);
    expect((await readCsv(fxPath('option-comment.csv'), { comment: '~' })).rows).toEqual([{ a: '1', b: '2', c: '3' }]);
  });

  it('ragged rows are errors with their line; the others are read', async () => {
    const more = await readCsv(fxPath('strict-false-more-columns.csv'));
    expect(more.rows.map((r) => r.a)).toEqual(['1', '8']);
    expect(more.errors).toEqual([{ line: 3, error: 'row has 4 fields, the header has 3' }]);
    const less = await readCsv(fxPath('strict-false-less-columns.csv'));
    expect(less.rows.map((r) => r.a)).toEqual(['1', '6']);
    expect(less.errors.map((e) => e.line)).toEqual([3]);
  });

  it('escaped quotes and quoted newlines', async () => {
    expect((await readCsv(fxPath('escape-quotes.csv'))).rows).toEqual([
      { a: '1', b: 'ha "ha" ha' },
      { a: '2', b: '""' },
      { a: '3', b: '4' },
    ]);
    expect((await readCsv(fxPath('newlines.csv'))).rows[1]).toEqual({ a: 'Once upon \na time', b: '5', c: '6' });
    expect((await readCsv(fxPath('quotes+newlines.csv'))).rows[0]).toEqual({ a: '1', b: 'ha \n"ha" \nha' });
  });

  it('custom quote and escape characters', async () => {
    expect((await readCsv(fxPath('option-quote.csv'), { quote: "'" })).rows[0]).toEqual({ a: '1', b: 'some value', c: '2' });
    expect((await readCsv(fxPath('option-quote-many.csv'), { quote: "'" })).rows[0]).toEqual({ a: '1', b: "some 'escaped' value", c: '2' });
    expect((await readCsv(fxPath('option-quote-escape.csv'), { quote: "'", escape: '\\' })).rows[0]).toEqual({ a: '1', b: "some 'escaped' value", c: '2' });
    expect((await readCsv(fxPath('option-escape.csv'), { escape: '\\' })).rows[0]).toEqual({ a: '1', b: 'some "escaped" value', c: '2' });
  });

  it('CR-only line ends', async () => {
    const { rows } = await readCsv(fxPath('bench', 'mac-newlines.csv'));
    expect(rows).toEqual([
      { a: '1', b: '2', c: '3' },
      { a: 'Once upon\ra time', b: '5', c: '6' },
    ]);
  });

  it.each([
    ['utf8.csv', {}],
    ['latin.csv', { encoding: 'latin1' }],
    ['utf16.csv', {}],
    ['utf16-big.csv', {}],
  ])('%s decodes to the same text', async (file, opts) => {
    const { rows } = await readCsv(fxPath('bench', file), opts);
    expect(rows[1]!.a).toBe('4');
    expect(rows[1]!.c).toMatch(/^[ʤé€✓]|./u);
    expect(rows[1]!.c).not.toContain('\ufffd');
  });
});
