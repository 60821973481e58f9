import { describe, expect, it } from 'vitest';
import { jsonItems, jsonlItems } from '../../src/io/json.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('jsonItems (streaming array splitter)', () => {
  const doc = '[\n {"id":"a","text":"x, [y] {z} \\" ]"},\n {"id":"b","messages":[{"body":"}"}]},\n 3,\n "s"\n]\n';
  it.each([1, 2, 3, 7, 1000])('splits elements whatever the chunk size (%i)', async (size) => {
    const items = await collect(jsonItems(chunked(doc, size)));
    expect(items.map((i) => i.value)).toEqual([
      { id: 'a', text: 'x, [y] {z} " ]' },
      { id: 'b', messages: [{ body: '}' }] },
      3,
      's',
    ]);
    expect(items.map((i) => i.line)).toEqual([2, 3, 4, 5]);
  });

  it('reads a single top-level object whole', async () => {
    const items = await collect(jsonItems(chunked('{"tickets":[{"id":1}],"count":1}', 5)));
    expect(items).toEqual([{ line: 1, value: { tickets: [{ id: 1 }], count: 1 } }]);
  });

  it('reads concatenated objects (JSONL without the extension)', async () => {
    const items = await collect(jsonItems(chunked('{"id":1}\n{"id":2}\n', 4)));
    expect(items.map((i) => i.value)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('reports a broken element and keeps reading the next ones', async () => {
    const items = await collect(jsonItems(chunked('[{"id":1},{"id":2,,},{"id":3}]', 3)));
    expect(items[0]!.value).toEqual({ id: 1 });
    expect(items[1]!.error).toMatch(/invalid JSON/);
    expect(items[2]!.value).toEqual({ id: 3 });
  });

  it('reports a truncated array', async () => {
    const items = await collect(jsonItems(chunked('[{"id":1},{"id":2', 3)));
    expect(items[0]!.value).toEqual({ id: 1 });
    expect(items.some((i) => i.error)).toBe(true);
  });
});

describe('jsonlItems', () => {
  it('gives each line its number and an error item for a broken line', async () => {
    const items = await collect(jsonlItems(chunked('{"id":1}\n\n{"id":2\n{"id":3}', 5)));
    expect(items).toEqual([
      { line: 1, value: { id: 1 } },
      { line: 3, error: expect.stringMatching(/invalid JSON/) as unknown as string },
      { line: 4, value: { id: 3 } },
    ]);
  });
});
