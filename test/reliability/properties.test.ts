import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { splitBody } from '../../src/core/clean.js';
import { bodyToText } from '../../src/core/normalize.js';
import { visible } from '../../src/core/safe-text.js';
import { conversations, errors, fatals, readText } from '../support/read.js';

const OPTS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) };
const unicode = fc.string({ unit: 'grapheme', maxLength: 80 });
const anyText = fc.oneof(unicode, fc.string({ unit: 'binary', maxLength: 80 }));

describe('readers on arbitrary text', () => {
  it('JSONL with arbitrary ids and bodies: never crashes, ids round-trip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(anyText, anyText), { minLength: 1, maxLength: 8 }), async (rows) => {
        const input = rows.map(([id, body], i) => JSON.stringify({ id: `${i}:${id}`, text: body || 'x' })).join('\n');
        const { items } = await readText('p.jsonl', input);
        expect(fatals(items)).toEqual([]);
        // A body of only white space is no text: an error record under the same id, in the same place.
        const blank = (body: string): boolean => (body || 'x').trim() === '';
        const order = items.flatMap((it) => (it.kind === 'conversation' ? [it.conversation.id] : it.kind === 'error' ? [`error ${it.error.code} ${it.error.id}`] : []));
        expect(order).toEqual(rows.map(([id, body], i) => (blank(body) ? `error NO_TEXT ${i}:${id}` : `${i}:${id}`)));
        expect(conversations(items)).toHaveLength(rows.filter(([, body]) => !blank(body)).length);
        expect(errors(items)).toHaveLength(rows.filter(([, body]) => blank(body)).length);
      }),
      OPTS,
    );
  });

  it('any CSV written by csv-stringify reads back to the same records', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), unicode, unicode), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(',', ';', '\t'),
        async (rows, delimiter) => {
          const records = rows.map(([id, subject, body], i) => [`id${i}-${id}`, subject, body || 'text']);
          const csv = stringify([['id', 'subject', 'body'], ...records], { delimiter });
          const { items } = await readText('p.csv', csv, { delimiter });
          expect(fatals(items)).toEqual([]);
          const got = [...conversations(items).map((c) => c.id), ...errors(items).map((e) => `error:${e.error}`)];
          // Ids that are blank after trimming are error records, never silently dropped.
          expect(got).toHaveLength(records.length);
          expect(conversations(items).map((c) => c.id)).toEqual(records.map((r) => r[0]).filter((id) => id!.trim() !== ''));
        },
      ),
      OPTS,
    );
  });

  it('arbitrary bytes as a CSV file never crash the reader', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const { items } = await readText('p.csv', Buffer.concat([Buffer.from('id,body\n'), Buffer.from(bytes)]));
        for (const it of items) expect(['conversation', 'error', 'fatal']).toContain(it.kind);
      }),
      OPTS,
    );
  });
});

describe('normalisation', () => {
  it('body-to-text is idempotent', () => {
    fc.assert(fc.property(anyText, (s) => bodyToText(bodyToText(s)) === bodyToText(s)), { numRuns: 300 });
  });

  it('removing quotes and signatures from the own text changes nothing more', () => {
    const own = (s: string) => splitBody(s).filter((p) => p.kind === 'text').map((p) => p.text).join('\n');
    fc.assert(fc.property(anyText, (s) => own(own(bodyToText(s))) === own(bodyToText(s))), { numRuns: 300 });
  });

  it('visible() output never contains a control character or escape', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(visible(s))), { numRuns: 500 });
  });
});
