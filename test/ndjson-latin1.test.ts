// The parallel check's workers read NDJSON as Latin-1 (ndjsonLatin1EntriesOf):
// it must give what the UTF-8 reading gives wherever a check looks — every
// entry's kind, place and error, and each case's id, policy, expected and
// (ASCII, as all valid ones are) facts — whatever the text holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndjsonLatin1EntriesOf } from '../src/batch/latin1.js';
import { ndjsonEntriesOf, type InputEntry } from '../src/case/read.js';

const encoder = new TextEncoder();
const start = () => ({ lines: 0, entries: 0 });
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', '张某', 'é', '𠀀', '"', '\\', '\u2028'));
const factName = fc.oneof(fc.constantFrom('intent', 'inScope', 'situations', '故意', 'intént'), fc.string({ maxLength: 6 }));
const factValue = fc.oneof(fc.boolean(), fc.constantFrom('inadvertent', 'deliberate', '故意'), fc.array(fc.constantFrom('drafting-publicity', '标签'), { maxLength: 2 }), fc.constant(null));
const kase = fc.record(
  {
    id: fc.oneof(text, fc.integer()),
    policy: fc.oneof(fc.constantFrom('fuzhou-2019', 'fixtures/政策.yaml'), text),
    subject: fc.record({ name: text, unit: text }),
    facts: fc.dictionary(factName, factValue, { maxKeys: 4 }),
    expected: fc.dictionary(fc.oneof(fc.constant('fuzhou-2019'), text), fc.constantFrom('exempt', 'not-eligible', '免责'), { maxKeys: 2 }),
    note: text,
  },
  { requiredKeys: [] },
);
/** Non-ASCII as \u escapes, as some writers put it. */
const escaped = (json: string) => json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const line = fc.oneof(
  { arbitrary: kase.map((c) => JSON.stringify(c)), weight: 6 },
  { arbitrary: kase.map((c) => escaped(JSON.stringify(c))), weight: 2 },
  { arbitrary: kase.map((c) => `  ${JSON.stringify(c)}`), weight: 1 },
  { arbitrary: kase.map((c) => JSON.stringify(c).slice(0, -3)), weight: 1 },
  { arbitrary: fc.constantFrom('', '   ', '[1, 2]', '{"id": 张某}', '{', 'null', '{"id": "a", "x": 1e999}'), weight: 2 },
);
const ending = fc.constantFrom('\n', '\r\n', '\r');

/** What a check reads of an entry. */
function seen(entry: InputEntry) {
  if (entry.kind === 'error') return entry;
  const raw = entry.raw as Record<string, unknown> | null;
  const view: Record<string, unknown> = { kind: entry.kind, index: entry.index, line: entry.line, type: raw === null ? 'null' : typeof raw };
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    view.keys = Object.keys(raw);
    view.id = raw.id;
    view.policy = raw.policy;
    view.expected = raw.expected;
    // Facts decide only when valid, and valid facts are ASCII: compare them then.
    const facts = JSON.stringify(raw.facts ?? null);
    view.facts = /^[\x00-\x7f]*$/.test(facts) ? facts : 'not ASCII';
  }
  return view;
}

describe('ndjsonLatin1EntriesOf', () => {
  it('reads what ndjsonEntriesOf reads, wherever a check looks', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(line, ending), { minLength: 1, maxLength: 12 }), fc.boolean(), (lines, lastEnds) => {
        let body = lines.map(([l, e]) => l + e).join('');
        if (!lastEnds) body = body.replace(/(\r\n|\r|\n)$/, '');
        const bytes = encoder.encode(body);
        const latin1 = ndjsonLatin1EntriesOf(bytes, start());
        const utf8 = ndjsonEntriesOf(bytes, start(), false);
        // It declines only bytes that are not UTF-8 (never here) or start with a byte order mark.
        if (latin1 === null) {
          expect(body.startsWith('\uFEFF')).toBe(true);
          return;
        }
        expect(latin1!.lines).toBe(utf8.lines);
        const view = (entries: InputEntry[]) => entries.map(seen);
        // Not-ASCII facts differ by design; the rest must not.
        const a = view(latin1!.entries);
        const b = view(utf8.entries);
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          const [x, y] = [a[i] as Record<string, unknown>, b[i] as Record<string, unknown>];
          if (y?.facts === 'not ASCII') x.facts = 'not ASCII';
        }
        expect(a).toEqual(b);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves text that is not UTF-8, or starts with a byte order mark, to ndjsonEntriesOf', () => {
    expect(ndjsonLatin1EntriesOf(new Uint8Array([0x7b, 0xff, 0x7d, 0x0a]), start())).toBeNull();
    expect(ndjsonLatin1EntriesOf(encoder.encode('\uFEFF{"id": "a"}\n'), start())).toBeNull();
    const ok = ndjsonLatin1EntriesOf(encoder.encode('{"id": "案-1", "subject": {"name": "张某"}}\n'), { lines: 9, entries: 4 });
    expect(ok?.entries).toEqual([{ kind: 'case', raw: { id: '案-1', subject: { name: '张某' } }, index: 4, line: 10 }]);
  });
});
