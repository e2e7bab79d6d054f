// The parallel check's fast reading of a chunk: valid UTF-8 read as Latin-1, by a line parser of its own.
import { isUtf8 } from 'node:buffer';
import {
  DECODE_PIECE_BYTES,
  MAX_LINE_BYTES,
  NdjsonSplitter,
  parseCaseLine,
  utf8Lines,
  type EntrySink,
  type InputEntry,
  type LineParser,
  type NdjsonPosition,
} from '../case/read.js';

/** Whether a string has a character past ASCII. */
function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return true;
  return false;
}

/**
 * Whether a case parsed from Latin-1 text has non-ASCII in a text that is
 * compared or printed: its id, the policy it names, `expected`.
 */
function latin1Matters(raw: unknown): boolean {
  if (raw === null || typeof raw !== 'object') return false;
  const { id, policy, expected } = raw as Record<string, unknown>;
  if (typeof id === 'string' && hasNonAscii(id)) return true;
  if (typeof policy === 'string' && hasNonAscii(policy)) return true;
  if (expected !== null && typeof expected === 'object') {
    for (const key in expected) {
      const outcome = (expected as Record<string, unknown>)[key];
      if (hasNonAscii(key) || (typeof outcome === 'string' && hasNonAscii(outcome))) return true;
    }
  }
  return false;
}

/** A line read as Latin-1, as the UTF-8 text it is (one char per byte back to bytes, then decoded). */
const utf8OfLatin1 = (line: string): string => Buffer.from(line, 'latin1').toString('utf8');

/** Lines read again as UTF-8: never a file's first (a chunk with a byte order mark is not read as Latin-1). */
const asUtf8 = utf8Lines(false);

/** Lines of valid UTF-8 read as Latin-1; anything but the usual case is read again as UTF-8. */
const latin1Lines: LineParser = {
  entry(text, lineNo, index) {
    if (text.charCodeAt(0) === 0x7b && text.length <= MAX_LINE_BYTES) {
      let raw: unknown;
      try {
        raw = parseCaseLine(text);
      } catch {
        raw = undefined;
      }
      if (raw !== undefined && !latin1Matters(raw)) return { kind: 'case', raw, index, line: lineNo };
    }
    return asUtf8.entry(utf8OfLatin1(text), lineNo, index, false);
  },
  // One char per byte.
  byteLength: (text) => text.length,
};

/**
 * `ndjsonEntriesOf` for the parallel check, faster: valid UTF-8 is read as
 * Latin-1, one char per byte, which costs no decoding, and JSON.parse reads
 * one-byte text faster. Non-ASCII text comes out garbled, which does
 * not matter where it is only type-checked (a case's subject, matter and
 * note; its facts, whose valid values are all ASCII). A line with non-ASCII
 * in its id, policy or expected, and any line that is not a well-formed
 * case, is read again as UTF-8. Null when the bytes are not valid UTF-8 or
 * start with a byte order mark: then it is `ndjsonEntriesOf`.
 */
export function ndjsonLatin1EntriesOf<S extends EntrySink = InputEntry[]>(
  bytes: Uint8Array,
  from: NdjsonPosition,
  entries: S = [] as unknown as S,
  pieceBytes = DECODE_PIECE_BYTES,
): { entries: S; lines: number } | null {
  if (!isUtf8(bytes) || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return null;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const splitter = new NdjsonSplitter(from, latin1Lines);
  // In pieces, as ndjsonEntriesOf decodes: a whole chunk as one string would be a large object,
  // which only a full collection frees (the heap grew by a third with it).
  for (let at = 0; at < buffer.length; at += pieceBytes) {
    splitter.split(buffer.toString('latin1', at, Math.min(at + pieceBytes, buffer.length)), entries);
  }
  splitter.finish(entries);
  return { entries, lines: splitter.lineNo - from.lines };
}
