import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashSet53 } from '../../src/io/read.js';

describe('HashSet53 (duplicate-id detection in bounded bytes per id)', () => {
  it('answers as a Set would, through growth, with 0 and colliding values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constant(1024), fc.constant(2048)), { maxLength: 3000 }), (xs) => {
        const ours = new HashSet53();
        const ref = new Set<number>();
        for (const x of xs) {
          // 0 and 1 share a slot key by design (0 marks empty), so compare on the same mapping.
          const k = x === 0 ? 1 : x;
          if (ours.add(x) !== !ref.has(k)) return false;
          ref.add(k);
        }
        return ours.size === ref.size;
      }),
      { numRuns: 200 },
    );
  });

  it('has() and addAll() agree with a Set', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { maxLength: 2000 }), fc.array(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { maxLength: 2000 }), (xs, ys) => {
        const a = new HashSet53();
        const b = new HashSet53();
        for (const x of xs) a.add(x);
        for (const y of ys) b.add(y);
        a.addAll(b);
        const ref = new Set([...xs, ...ys]);
        return a.size === ref.size && [...ref].every((v) => a.has(v)) && ys.every((y) => b.has(y)) && a.has(Number.MAX_SAFE_INTEGER) === ref.has(Number.MAX_SAFE_INTEGER);
      }),
      { numRuns: 100 },
    );
  });

  it('holds a million ids', () => {
    const s = new HashSet53();
    for (let i = 0; i < 1_000_000; i++) s.add(i * 7919 + 13);
    expect(s.size).toBe(1_000_000);
    expect(s.add(13)).toBe(false);
    expect(s.add(5)).toBe(true);
  });
});
