// parseCaseLine parses an NDJSON line with a placeholder for a short id
// (to keep ids out of V8's string table): it must give exactly what
// JSON.parse gives — the same value, keys in the same order, the id put
// back — or throw where JSON.parse throws, whatever follows the id.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCaseLine } from '../src/case/read.js';

type Parsed = { ok: true; value: unknown } | { ok: false };
const attempt = (parse: (line: string) => unknown, line: string): Parsed => {
  try {
    return { ok: true, value: parse(line) };
  } catch {
    return { ok: false };
  }
};

/** Keys in order, all the way down: toStrictEqual alone does not compare key order. */
const keyOrder = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(keyOrder)
    : value !== null && typeof value === 'object'
      ? Object.entries(value).map(([k, v]) => [k, keyOrder(v)])
      : value;

function expectSameAsJsonParse(line: string): void {
  const ours = attempt(parseCaseLine, line);
  const theirs = attempt(JSON.parse, line);
  expect(ours.ok).toBe(theirs.ok);
  if (ours.ok && theirs.ok) {
    expect(ours.value).toStrictEqual(theirs.value);
    expect(keyOrder(ours.value)).toStrictEqual(keyOrder(theirs.value));
  }
}

// Ids of every length around the cut (10), with the characters that matter: quotes, backslashes, controls.
const idText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', 'B0000001', '2024-017', '张某', 'a"b', 'a\\b', '\u0001', '\t', '\u0001x', 'é', '0123456789', '01234567890'),
);
// What may follow the id: the rest of a case, another "id" key (plain or escaped), bad JSON.
const rest = fc.oneof(
  fc.constantFrom(
    '}',
    ',"policy":"fuzhou-2019"}',
    ',"id":"again"}',
    ',"id":0}',
    ',"id":"\\u0001"}',
    ',"\\u0069d":"escaped"}',
    ',"\\u0069d":"\\u0001"}',
    ',"x":"a\\"id\\"b"}',
    ',"facts":{"id":1}}',
    ',"id":{"id":"x"}}',
    ',',
    ',}',
    '',
    ' , "policy" : "x" }',
    ',"policy":"fuzhou-2019"',
    '"x"}',
    ',"name":"\\u5f20\\u4e09","n":"a\\nb"}',
    ',"x":"\\\\u0001"}',
    ',"x":"\\u0001"}',
    ', "id": "\\u0001"}',
    ',"id":"\\u0001","id":"b"}',
  ),
  fc.dictionary(fc.oneof(fc.constant('id'), fc.string({ maxLength: 4 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((o) => {
    const json = JSON.stringify(o);
    return json === '{}' ? '}' : `,${json.slice(1)}`;
  }),
);
/** The id as written: mostly as JSON.stringify writes it, sometimes raw (controls, stray quotes and backslashes). */
const idToken = fc.oneof(
  { arbitrary: idText.map((id) => JSON.stringify(id).slice(1, -1)), weight: 3 },
  { arbitrary: idText, weight: 1 },
);

/** How the first key may be written: as JSON.stringify writes it, as Python's json.dumps does, and oddly. */
const opening = fc.constantFrom('{"id":"', '{"id": "', '{ "id" : "', '{\t"id":\t"', '{"id" "', '{"id":: "', '{"ID":"', '{"\\u0069d":"', ' {"id":"');
/** Non-ASCII as \u escapes, as Python's json.dumps writes by default. */
const asciiEscaped = (json: string) => json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('parseCaseLine', () => {
  it('gives what JSON.parse gives, for any line whose first key may be "id"', () => {
    fc.assert(
      fc.property(opening, idToken, rest, (open, id, tail) => expectSameAsJsonParse(`${open}${id}"${tail}`)),
      { numRuns: 4000 },
    );
  });

  it('gives what JSON.parse gives for cases as other writers write them', () => {
    const kase = fc.record({
      id: idText,
      policy: fc.constantFrom('fuzhou-2019', '抚州'),
      subject: fc.record({ name: fc.string({ unit: 'grapheme', maxLength: 6 }) }),
      facts: fc.dictionary(fc.constantFrom('id', 'intent', 'inScope'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    });
    fc.assert(
      fc.property(kase, fc.boolean(), fc.boolean(), (c, escape, spaced) => {
        let line = JSON.stringify(c);
        if (spaced) line = JSON.stringify(c, null, 1).replace(/\n */g, ' ');
        if (escape) line = asciiEscaped(line);
        expectSameAsJsonParse(line);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives what JSON.parse gives for any other line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ v, id: 'B1' }))), expectSameAsJsonParse),
      { numRuns: 1000 },
    );
  });

  it('puts a short id back, and leaves a later "id" key its say', () => {
    expect(parseCaseLine('{"id":"B0000001","policy":"fuzhou-2019"}')).toStrictEqual({ id: 'B0000001', policy: 'fuzhou-2019' });
    expect(parseCaseLine('{"id":"","x":1}')).toStrictEqual({ id: '', x: 1 });
    expect(parseCaseLine('{"id":"a","id":"b"}')).toStrictEqual({ id: 'b' });
    expect(parseCaseLine('{"id":"a","id":0}')).toStrictEqual({ id: 0 });
    expect(parseCaseLine('{"id":"a","\\u0069d":"\\u0001"}')).toStrictEqual({ id: '\u0001' });
    expect(() => parseCaseLine('{"id":"a",}')).toThrow(SyntaxError);
    expect(() => parseCaseLine('{"id":"a\u0001"}')).toThrow(SyntaxError);
  });
});
