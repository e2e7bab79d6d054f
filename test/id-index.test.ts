// The duplicate-id index of a batch against a plain Map model: ids given as
// strings (the serial path) or as UTF-8 bytes (from the parallel check's
// workers) are the same ids; a rollback forgets exactly the latest ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../src/batch/id-index.js';

const encoder = new TextEncoder();
/** Ids as cases carry them: mostly short ASCII, some Chinese or astral, a few repeated. */
const id = fc.oneof(
  fc.constantFrom('B0000001', 'B0000002', '甲-1', '𠀀', ''),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
type Op = { kind: 'add'; id: string; asBytes: boolean } | { kind: 'rollback'; back: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), id, asBytes: fc.boolean() }), weight: 10 },
  { arbitrary: fc.record({ kind: fc.constant('rollback' as const), back: fc.nat({ max: 5 }) }), weight: 1 },
);

describe('IdIndex', () => {
  it('finds each id first recorded, as string or bytes alike, and forgets what a rollback takes back', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const index = new IdIndex();
        const model: Array<[string, number]> = [];
        let position = 0;
        for (const o of ops) {
          if (o.kind === 'rollback') {
            const mark = Math.max(0, index.size - o.back);
            index.rollback(mark);
            model.length = mark;
            continue;
          }
          const expected = model.find(([seen]) => seen === o.id)?.[1] ?? -1;
          let got: number;
          if (o.asBytes) {
            // Among other bytes, as a worker's report carries them.
            const bytes = encoder.encode(`xx${o.id}yy`);
            got = index.firstOrAddBytes(bytes, 2, bytes.length - 2, position);
          } else {
            got = index.firstOrAdd(o.id, position);
          }
          expect(got).toBe(expected);
          if (expected === -1) model.push([o.id, position]);
          expect(index.size).toBe(model.length);
          position++;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every id of a long batch (its tables grow many times over)', () => {
    const index = new IdIndex();
    const n = 200_000;
    let found = 0;
    for (let i = 0; i < n; i++) if (index.firstOrAdd(`B${i}`, i) !== -1) found++;
    expect(found).toBe(0);
    const bytes = encoder.encode('B0B123456B199999');
    expect(index.firstOrAddBytes(bytes, 0, 2, n)).toBe(0);
    expect(index.firstOrAddBytes(bytes, 2, 9, n)).toBe(123456);
    expect(index.firstOrAdd('B199999', n)).toBe(199_999);
    expect(index.firstOrAdd('B200000', n)).toBe(-1);
    expect(index.size).toBe(n + 1);
  });
});
