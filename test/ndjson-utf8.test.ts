// Reading NDJSON bytes piece by piece: a line whose bytes are not UTF-8 is
// reported as such wherever the pieces are cut, and a U+FFFD the text really
// holds (valid UTF-8, EF BF BD) is text like any other.
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NdjsonSplitter, type InputEntry } from '../src/case/read.js';

const encoder = new TextEncoder();
const NOT_UTF8 = '该行不是有效的 UTF-8 文本';

/** Reads `bytes` cut into pieces at `cuts` (sorted offsets), as the batch readers do. */
function readInPieces(bytes: Uint8Array, cuts: number[]): InputEntry[] {
  const splitter = new NdjsonSplitter();
  const entries: InputEntry[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    splitter.splitBytes(bytes.subarray(from, cut), entries);
    from = cut;
  }
  return splitter.finish(entries);
}

const json = (name: string) => encoder.encode(JSON.stringify({ id: 'x', subject: { name } }));
/** Bytes that are not UTF-8 (none of them a line break). */
const badBytes = fc.constantFrom([0xff], [0xe4], [0xe4, 0xb8], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xf0, 0x9f, 0x98]);
const line = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(json),
  fc.constantFrom(json('张\uFFFD某'), json('\uFFFD'), encoder.encode('')),
  fc.tuple(fc.string({ maxLength: 8 }), badBytes, fc.string({ maxLength: 8 })).map(([a, bad, b]) => {
    const [x, y] = [encoder.encode(`{"id": "${a}`), encoder.encode(`${b}"}`)];
    return Uint8Array.from([...x, ...bad, ...y]);
  }),
);

describe('NDJSON read in pieces', () => {
  it('reports every line that is not UTF-8, wherever the pieces are cut; in a file that is all UTF-8, none', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { maxLength: 6 }), (lines, rawCuts) => {
        const bytes = Uint8Array.from(lines.flatMap((l) => [...l, 0x0a]));
        const cuts = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const entries = readInPieces(bytes, cuts);
        const reported = new Set(entries.filter((e) => e.kind === 'error' && e.message === NOT_UTF8).map((e) => e.line));
        lines.forEach((l, i) => {
          if (!isUtf8(l)) expect(reported.has(i + 1)).toBe(true);
        });
        if (isUtf8(bytes)) expect(reported.size).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a U+FFFD the text holds as text, in one piece or cut inside it', () => {
    const bytes = encoder.encode(`${JSON.stringify({ id: 'a', subject: { name: '张\uFFFD某' } })}\n`);
    const at = bytes.indexOf(0xef);
    for (const cuts of [[], [at + 1], [at + 2], [at, at + 1, at + 2]]) {
      expect(readInPieces(bytes, cuts)).toEqual([{ kind: 'case', raw: { id: 'a', subject: { name: '张\uFFFD某' } }, index: 0, line: 1 }]);
    }
  });

  it('reports a line ending inside a sequence at the end of the file', () => {
    const bytes = Uint8Array.from([...encoder.encode('{"id": "a"}\n{"id": "'), 0xe4, 0xb8]);
    const entries = readInPieces(bytes, [bytes.length - 1]);
    expect(entries[1]).toMatchObject({ kind: 'error', line: 2, message: NOT_UTF8 });
  });
});
