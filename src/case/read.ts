// load stage for case files: JSON ({formatVersion, cases} or a bare array)
// read whole, or NDJSON/JSONL streamed line by line. File-level problems are
// UserErrors; a bad NDJSON line is reported in place and the rest still read.
import { isUtf8 } from 'node:buffer';
import { createReadStream, openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { decodeTextFile, isUtf16, utf16Message } from '../io/text.js';
import { locateJsonError } from './json-locate.js';
import { describeReceived } from '../validation/issues.js';

/** A JSON document is parsed whole; past this size NDJSON (streamed) is the way. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;
/** One NDJSON line (one case) may not exceed this many bytes (of UTF-8, line break not counted). */
export const MAX_LINE_BYTES = 1024 * 1024;

export type InputEntry =
  | { kind: 'case'; raw: unknown; index: number; line?: number }
  | { kind: 'error'; index: number; line?: number; column?: number; message: string };

export function isNdjson(file: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(file);
}

/** `-`: the case file is standard input. */
const STDIN = '-';

/** How a case file is named in messages: standard input by that name. */
export function inputName(file: string): string {
  return file === STDIN ? '标准输入' : file;
}

/** A case file that can be read, as `checkCaseFile` found it. */
export interface CaseFile {
  /** Its size in bytes; 0 for a stream. */
  size: number;
  /** Standard input, a pipe or a device: read once, from start to end, and sized only by reading it. */
  stream: boolean;
}

const SHAPE = '案例文件应为 JSON（{"formatVersion": 1, "cases": [...]}）或每行一个案例的 NDJSON。';

function checkReadable(file: string): CaseFile {
  if (file === STDIN) return { size: 0, stream: true };
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}：找不到文件。请检查路径。`);
    throw new UserError(`${file}：无法读取（${code ?? (error as Error).message}）。`);
  }
  if (stat.isDirectory()) throw new UserError(`${file}：是一个目录，不是案例文件。`);
  // A named pipe (its size is 0 whatever it will hold) or a device: read as a stream.
  if (!stat.isFile()) return { size: 0, stream: true };
  if (stat.size === 0) throw new UserError(`${file}：文件是空的。${SHAPE}`);
  return { size: stat.size, stream: false };
}

/** What the first bytes of a case file say it is not: text in UTF-16, or not text at all (a NUL byte). */
function notText(head: Uint8Array, file: string): UserError | undefined {
  if (isUtf16(head)) return new UserError(utf16Message(file));
  if (head.subarray(0, 8192).includes(0)) return new UserError(`${file}：是二进制文件，不是 JSON 文本。请给出 .json 或 .ndjson 案例文件。`);
  return undefined;
}

/** The first 8 KiB of a file. */
function headOf(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(8192);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** JSON.parse, with a located message on failure. */
export function parseJsonLocated(text: string): { ok: true; value: unknown } | { ok: false; line: number; column: number; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const located = locateJsonError(text) ?? { offset: text.length, message: 'JSON 无效' };
    const { line, column } = lineColumn(text, located.offset);
    return { ok: false, line, column, message: `JSON 语法错误：${located.message}` };
  }
}

const SHAPE_HINT = '案例文件应为 {"formatVersion": 1, "cases": [ … ]} 或案例数组 [ … ]；大批量请用每行一个案例的 .ndjson 文件。';

const tooBigForJson = (name: string) =>
  new UserError(`${name}：JSON 文件超过 ${MAX_JSON_BYTES / 1024 / 1024} MiB。请改用 NDJSON（每行一个案例，扩展名 .ndjson），它会逐行流式读取。`);

function* readJson(file: string, size: number): Generator<InputEntry> {
  if (size > MAX_JSON_BYTES) throw tooBigForJson(file);
  yield* jsonEntries(readFileSync(file), file);
}

/** The cases of a JSON case file's bytes; `name` names it in messages. */
function* jsonEntries(bytes: Uint8Array, name: string): Generator<InputEntry> {
  const text = decodeTextFile(bytes, name, '请将文件另存为 UTF-8 编码。');
  if (text.trim() === '') throw new UserError(`${name}：文件只有空白。${SHAPE_HINT}`);
  const parsed = parseJsonLocated(text);
  if (!parsed.ok) throw new UserError(`${name}:${parsed.line}:${parsed.column}：${parsed.message}。`);
  const doc = parsed.value;
  let cases: unknown[];
  if (Array.isArray(doc)) cases = doc;
  else if (doc !== null && typeof doc === 'object' && Object.prototype.hasOwnProperty.call(doc, 'cases')) {
    const { formatVersion, cases: list } = doc as { formatVersion?: unknown; cases: unknown };
    if (formatVersion !== undefined && formatVersion !== 1) {
      throw new UserError(`${name} formatVersion：应为 1（本工具读取案例格式第 1 版）；收到${describeReceived(formatVersion)}。请按第 1 版书写，并写 "formatVersion": 1。`);
    }
    if (!Array.isArray(list)) throw new UserError(`${name} cases：应为案例数组。${SHAPE_HINT}`);
    const extra = Object.keys(doc).filter((k) => k !== 'formatVersion' && k !== 'cases');
    if (extra.length > 0) throw new UserError(`${name}：未知的顶层字段 ${extra.join(', ')}。${SHAPE_HINT}`);
    cases = list;
  } else {
    throw new UserError(`${name}：顶层结构不对。${SHAPE_HINT}`);
  }
  for (let index = 0; index < cases.length; index++) yield { kind: 'case', raw: cases[index], index };
}

/** Bytes read from an NDJSON file at a time: small enough that each batch's garbage dies young. */
const NDJSON_CHUNK_BYTES = 1 << 16;

/** Bytes of NDJSON decoded into one string at a time, by default (`ndjsonEntriesOf`). */
export const DECODE_PIECE_BYTES = 1 << 13;

/**
 * JSON.parse of one NDJSON line, keeping a short id out of V8's string
 * table. V8 interns every string value of up to 10 characters that
 * JSON.parse reads; ids are unique, so over a long batch each one would
 * add an entry, garbage that only a full collection clears (about 35 MB
 * more at a million 8-character ids). A line whose first key is "id", with
 * a short string value free of escapes, is parsed with a placeholder for
 * the id, put back after as a fresh string. That is JSON.parse(line)'s
 * value: a later duplicate "id" key still wins, since its value cannot be
 * the placeholder, U+0001, which JSON text can only spell as the escape
 * `\u0001` (not in the line, or the line is parsed as it is). Any other
 * line, and any that fails, is parsed as it is, for its own error.
 */
export function parseCaseLine(line: string): unknown {
  const open = idValueStart(line);
  if (open !== -1) {
    const close = line.indexOf('"', open);
    if (close !== -1 && close - open <= MAX_INTERNED_LENGTH && plainChars(line, open, close)) {
      const escape = line.indexOf('\\', close);
      if (escape === -1 || line.indexOf('\\u0001', escape) === -1) {
        try {
          const raw = JSON.parse(`${line.slice(0, open)}\\u0001${line.slice(close)}`) as { id: unknown };
          if (raw.id === '\u0001') raw.id = line.slice(open, close);
          return raw;
        } catch {
          // The line as it is, below: its error names its own columns.
        }
      }
    }
  }
  return JSON.parse(line);
}

/** The longest string value V8's JSON.parse interns (kMaxInternalizedStringValueLength in V8 11). */
const MAX_INTERNED_LENGTH = 10;

/** Where the string value of a line's first key starts, if that key is "id" (`{"id":"`, `{ "id": "`…); else -1. */
function idValueStart(line: string): number {
  if (line.charCodeAt(0) !== 0x7b) return -1;
  let i = skipSpace(line, 1);
  if (!line.startsWith('"id"', i)) return -1;
  i = skipSpace(line, i + 4);
  if (line.charCodeAt(i) !== 0x3a) return -1;
  i = skipSpace(line, i + 1);
  return line.charCodeAt(i) === 0x22 ? i + 1 : -1;
}

/** The first index from `i` on that is not JSON whitespace. */
function skipSpace(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(++i));
  return i;
}

/** Whether text[from, to) holds no escape and no control character (JSON.parse would refuse one raw). */
function plainChars(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x5c) return false;
  }
  return true;
}

/**
 * One NDJSON line, as `readCaseFile` yields it. `blank` lines (whitespace
 * only) yield nothing but still count for line numbers.
 */
function ndjsonEntry(text: string, lineNo: number, index: number, mayBeInvalid: boolean, atFileStart: boolean): InputEntry | undefined {
  // Too long is too long, whatever the line holds (byte order mark included): a line cut short
  // by the parallel check's reader (parallel.ts) must be judged as the whole line was.
  if (text.length > MAX_LINE_BYTES / 3 && Buffer.byteLength(text, 'utf8') > MAX_LINE_BYTES) return tooLong(lineNo, index);
  const line = atFileStart && lineNo === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // `{` first: the usual line, not blank; anything else is checked in full.
  if (line.charCodeAt(0) !== 0x7b && line.trim() === '') return undefined;
  if (mayBeInvalid && line.includes('\uFFFD')) {
    return { kind: 'error', index, line: lineNo, message: '该行不是有效的 UTF-8 文本' };
  }
  // The hot path: one case per line, most lines valid.
  let raw: unknown;
  try {
    raw = parseCaseLine(line);
  } catch {
    const located = parseJsonLocated(line);
    return { kind: 'error', index, line: lineNo, column: located.ok ? undefined : located.column, message: located.ok ? 'JSON 无效' : located.message };
  }
  return { kind: 'case', raw, index, line: lineNo };
}

/** A line over MAX_LINE_BYTES, reported without being read (nor, when streamed, kept). */
function tooLong(lineNo: number, index: number): InputEntry {
  return { kind: 'error', index, line: lineNo, message: `该行超过 ${MAX_LINE_BYTES / 1024} KiB，未读取` };
}

/**
 * How NdjsonSplitter reads the lines it splits: each line's entry, and how
 * many bytes of the file a piece of text stands for (to pass over a line
 * too long to keep).
 */
export interface LineParser {
  /**
   * The entry of line `lineNo` (undefined: blank); `mayBeInvalid`: the
   * bytes it was decoded from may not have been UTF-8 (a U+FFFD in it then
   * marks it as not text).
   */
  entry(text: string, lineNo: number, index: number, mayBeInvalid: boolean): InputEntry | undefined;
  /** The bytes of the file that `text`, a piece of a line, was read from. */
  byteLength(text: string): number;
}

const utf8ByteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Lines decoded from UTF-8, as every reader of case files reads them.
 * `atFileStart`: the text starts the file, whose first line alone may carry
 * a byte order mark.
 */
export function utf8Lines(atFileStart: boolean): LineParser {
  return {
    entry: (text, lineNo, index, mayBeInvalid) => ndjsonEntry(text, lineNo, index, mayBeInvalid, atFileStart),
    byteLength: utf8ByteLength,
  };
}

/** How many bytes the UTF-8 sequence `lead` starts has (1 for ASCII, and for a byte none starts with). */
const sequenceLength = (lead: number) => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1);

/**
 * UTF-8 bytes decoded piece by piece (streaming), with whether each piece
 * held invalid UTF-8: a sequence that a piece's end cuts is judged with the
 * next piece. Only the bytes tell invalid UTF-8 (decoded to U+FFFD) from a
 * U+FFFD the text really holds.
 */
class Utf8Reader {
  // ignoreBOM: the BOM stays in the text, so that only the file's first line's one is dropped (ndjsonEntry).
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** The bytes of a sequence the last piece ended inside. */
  private tail = new Uint8Array(0);

  read(piece: Uint8Array): { text: string; invalid: boolean } {
    let bytes = piece;
    if (this.tail.length > 0) {
      bytes = new Uint8Array(this.tail.length + piece.length);
      bytes.set(this.tail);
      bytes.set(piece, this.tail.length);
    }
    let cut = bytes.length;
    for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
      const byte = bytes[i]!;
      if ((byte & 0xc0) === 0x80) continue;
      if (bytes.length - i < sequenceLength(byte)) cut = i;
      break;
    }
    this.tail = bytes.slice(cut);
    return { text: this.decoder.decode(piece, { stream: true }), invalid: !isUtf8(bytes.subarray(0, cut)) };
  }

  /** The rest of the text: invalid when the bytes ended inside a sequence. */
  end(): { text: string; invalid: boolean } {
    return { text: this.decoder.decode(), invalid: this.tail.length > 0 };
  }
}

/** Where read entries go: an array, or anything else that takes them one by one. */
export interface EntrySink {
  push(entry: InputEntry): unknown;
}

/** Where a stretch of an NDJSON file starts: its first line's number and its first case's index. */
export interface NdjsonPosition {
  /** Lines before the stretch (its first line is `lines + 1`). */
  lines: number;
  /** Cases (non-blank lines) before the stretch. */
  entries: number;
}

/**
 * Splits decoded NDJSON text into entries, a piece of text at a time, each
 * line read by the line parser given (by default as UTF-8). Lines end at
 * \n, \r\n or a lone \r (as node:readline splits them); invalid UTF-8,
 * decoded to U+FFFD, marks the line as not text (a U+FFFD the text really
 * holds does not, when the caller knows the bytes were valid: see
 * Utf8Reader). A stretch may start mid-file (for the parallel check) at a
 * line boundary: `from` says where.
 */
export class NdjsonSplitter {
  /** The line read so far, in pieces: a line longer than a piece is joined once, at its end. */
  private pieces: string[] = [];
  /** Whether any of those pieces came from bytes that were not UTF-8. */
  private piecesInvalid = false;
  /** The pieces' length in bytes of the file. */
  private piecesBytes = 0;
  /**
   * The line open is longer than MAX_LINE_BYTES already: the rest of it is
   * passed over, not kept, and it is reported at its end as too long (a line
   * of any length is read in bounded memory).
   */
  private overlong = false;
  /** The last piece ended with \r: a \n first in the next one belongs to it. */
  private afterCr = false;
  lineNo: number;
  index: number;
  /** Decodes the bytes read piece by piece (`splitBytes`), judging each piece's validity. */
  private utf8: Utf8Reader | undefined;

  /** `lines`: how each line is read; by default as UTF-8, a byte order mark dropped from the file's first line. */
  constructor(
    from: NdjsonPosition = { lines: 0, entries: 0 },
    private readonly lines: LineParser = utf8Lines(from.lines === 0),
  ) {
    this.lineNo = from.lines;
    this.index = from.entries;
  }

  /** Ends the line open (its pieces joined, or too long). */
  private takeOpen(batch: EntrySink, mayBeInvalid: boolean, last = ''): void {
    if (this.overlong) {
      this.lineNo++;
      batch.push(tooLong(this.lineNo, this.index++));
    } else {
      this.pieces.push(last);
      this.take(batch, this.pieces.join(''), this.piecesInvalid || mayBeInvalid);
    }
    this.pieces = [];
    this.piecesInvalid = false;
    this.piecesBytes = 0;
    this.overlong = false;
  }

  /** Keeps the start of a line that the next text goes on with, unless it is too long already. */
  private keepOpen(rest: string, mayBeInvalid: boolean): void {
    this.piecesBytes += this.lines.byteLength(rest);
    if (this.piecesBytes > MAX_LINE_BYTES) {
      this.overlong = true;
      this.pieces = [];
      return;
    }
    this.pieces.push(rest);
    this.piecesInvalid ||= mayBeInvalid;
  }

  /** Whether a line is open: begun in an earlier text, its end not read yet. */
  private get lineOpen(): boolean {
    return this.pieces.length > 0 || this.overlong;
  }

  private take(batch: EntrySink, text: string, mayBeInvalid: boolean): void {
    this.lineNo++;
    const entry = this.lines.entry(text, this.lineNo, this.index, mayBeInvalid);
    if (entry) {
      batch.push(entry);
      this.index++;
    }
  }

  /**
   * The entries of the lines that end in `text`, added to `batch` (the rest
   * waits for the next piece). `invalidBytes`: whether the bytes `text` was
   * decoded from held invalid UTF-8 (without knowing, any U+FFFD counts).
   */
  split<S extends EntrySink = InputEntry[]>(text: string, batch: S = [] as unknown as S, invalidBytes?: boolean): S {
    if (text.length === 0) {
      // Bytes found invalid only now (a sequence cut at the last piece's end) belong to the line still open.
      if (invalidBytes && this.lineOpen) this.piecesInvalid = true;
      return batch;
    }
    const mayBeInvalid = invalidBytes ?? text.includes('\uFFFD');
    let start = this.afterCr && text.charCodeAt(0) === 10 ? 1 : 0;
    this.afterCr = false;
    let nl = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (nl !== -1 || cr !== -1) {
      const end = cr === -1 || (nl !== -1 && nl < cr) ? nl : cr;
      if (this.lineOpen) this.takeOpen(batch, mayBeInvalid, this.overlong ? '' : text.slice(start, end));
      else this.take(batch, text.slice(start, end), mayBeInvalid);
      start = end + 1;
      if (end === cr) {
        if (start === text.length) this.afterCr = true;
        else if (text.charCodeAt(start) === 10) start++;
        cr = text.indexOf('\r', start);
      }
      if (nl !== -1 && nl < start) nl = text.indexOf('\n', start);
    }
    if (start < text.length && !this.overlong) this.keepOpen(text.slice(start), mayBeInvalid);
    return batch;
  }

  /** `split` for the next piece of the UTF-8 bytes (see Utf8Reader). */
  splitBytes<S extends EntrySink = InputEntry[]>(piece: Uint8Array, batch: S = [] as unknown as S): S {
    const { text, invalid } = (this.utf8 ??= new Utf8Reader()).read(piece);
    return this.split(text, batch, invalid);
  }

  /** The last line, when the text does not end with a line break (after the bytes' last text, if they came as bytes). */
  finish<S extends EntrySink = InputEntry[]>(batch: S = [] as unknown as S): S {
    if (this.utf8) {
      const last = this.utf8.end();
      this.split(last.text, batch, last.invalid);
    }
    if (this.lineOpen) this.takeOpen(batch, false);
    return batch;
  }
}

/**
 * Decodes NDJSON bytes that start and end at line boundaries (see
 * `lineBoundary`), all at once: the parallel check's chunks. The entries go
 * into `entries` as they are read: an array, or a sink that checks each at
 * once (so that a chunk's cases are not all alive together). `pieceBytes`:
 * how much is decoded into one string at a time (see batch/chunk.ts).
 */
export function ndjsonEntriesOf<S extends EntrySink = InputEntry[]>(
  bytes: Uint8Array,
  from: NdjsonPosition,
  atFileStart = from.lines === 0,
  entries: S = [] as unknown as S,
  pieceBytes = DECODE_PIECE_BYTES,
): { entries: S; lines: number } {
  const splitter = new NdjsonSplitter(from, utf8Lines(atFileStart));
  // Decoded a file chunk's worth at a time, streaming: here over twice as fast as one decode of it all.
  for (let at = 0; at < bytes.length; at += pieceBytes) {
    splitter.splitBytes(bytes.subarray(at, Math.min(at + pieceBytes, bytes.length)), entries);
  }
  splitter.finish(entries);
  return { entries, lines: splitter.lineNo - from.lines };
}

/**
 * Where `bytes` (the first `length` of them) can be cut so that both sides
 * hold whole lines, as NdjsonSplitter splits them: after the last \n, or
 * failing one, after the last lone \r; -1 when there is no such place. A
 * cut never falls inside a UTF-8 sequence (no byte of one is below 0x80).
 */
export function lineBoundary(bytes: Uint8Array, length: number): number {
  const nl = bytes.lastIndexOf(10, length - 1);
  if (nl !== -1) return nl + 1;
  // A \r last of all might be the first half of a \r\n: only one followed by another byte is whole.
  const cr = bytes.lastIndexOf(13, length - 2);
  return cr === -1 ? -1 : cr + 1;
}

/**
 * The lines of NDJSON bytes that start at a line's start, by number, as
 * NdjsonSplitter numbers them (a line ends at \n, \r\n or a lone \r):
 * for the parallel check to read again a line a worker left to it.
 */
export class LineCursor {
  private at = 0;
  private passed = 0;
  /** The next \r at or after `at` (-1: none left), found again only once passed: most files have none. */
  private cr = -2;
  constructor(private readonly bytes: Uint8Array) {}

  /** Line `n` (from 1), without its line break; each call's `n` past the last one's. */
  line(n: number): Uint8Array {
    const { bytes } = this;
    for (;;) {
      const start = this.at;
      const nl = bytes.indexOf(10, start);
      if (this.cr !== -1 && this.cr < start) this.cr = bytes.indexOf(13, start);
      const { cr } = this;
      const end = cr !== -1 && (nl === -1 || cr < nl) ? cr : nl === -1 ? bytes.length : nl;
      this.at = end === cr && bytes[end + 1] === 10 ? end + 2 : end + 1;
      if (++this.passed === n) return bytes.subarray(start, end);
      if (end >= bytes.length) throw new Error(`internal: no line ${n} in ${this.passed} lines`);
    }
  }
}

/** NDJSON, streamed: the entries of each chunk read, as one batch. */
async function* readNdjsonBatches(file: string): AsyncGenerator<InputEntry[]> {
  const splitter = new NdjsonSplitter();
  // Read synchronously: from the page cache a chunk takes microseconds, less than a round trip
  // through the thread pool, and the caller lets signals through between batches.
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(NDJSON_CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const batch: InputEntry[] = splitter.splitBytes(chunk.subarray(0, n));
      if (batch.length > 0) yield batch;
    }
  } finally {
    closeSync(fd);
  }
  const batch: InputEntry[] = splitter.finish();
  if (batch.length > 0) yield batch;
}

/** Checks that a case file can be read and is text (a stream, once it is read). Throws a UserError if not. */
export function checkCaseFile(file: string): CaseFile {
  const checked = checkReadable(file);
  if (!checked.stream) {
    const problem = notText(headOf(file), file);
    if (problem) throw problem;
  }
  return checked;
}

/**
 * Standard input's format, from its first bytes: NDJSON when its first
 * non-blank line is a whole case (an object that is not a JSON case file's
 * `{"formatVersion": …, "cases": …}`), else JSON. Undefined while the bytes
 * do not tell yet.
 */
function formatOfStdin(head: Buffer, ended: boolean): 'json' | 'ndjson' | undefined {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (i === head.length) return ended ? 'json' : undefined;
  if (head[i] !== 0x7b) return 'json';
  let end = i;
  while (end < head.length && head[end] !== 0x0a && head[end] !== 0x0d) end++;
  if (end === head.length && !ended && end - i <= MAX_LINE_BYTES) return undefined;
  try {
    const first = JSON.parse(head.toString('utf8', i, end)) as unknown;
    return first !== null && typeof first === 'object' && !Array.isArray(first) && !('cases' in first) && !('formatVersion' in first) ? 'ndjson' : 'json';
  } catch {
    return 'json';
  }
}

/**
 * A case file read as a stream: standard input (`-`) or a named pipe. Its
 * format is its name's (.ndjson / .jsonl, else JSON), or for standard input
 * what its first line shows; NDJSON is split as it comes, JSON read whole
 * (up to MAX_JSON_BYTES) and then parsed.
 */
async function* readStreamBatches(file: string): AsyncGenerator<InputEntry[]> {
  const name = inputName(file);
  const stream = file === STDIN ? process.stdin : createReadStream(file);
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    let format: 'json' | 'ndjson' | undefined = file === STDIN ? undefined : isNdjson(file) ? 'ndjson' : 'json';
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    // The first bytes tell whether it is text, and (as many as it takes) standard input's format.
    while (headBytes === 0 || format === undefined) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.length;
      if (file === STDIN && format === undefined) format = formatOfStdin(Buffer.concat(head), false);
    }
    if (headBytes === 0) throw new UserError(`${name}：没有内容。${SHAPE}`);
    const problem = notText(Buffer.concat(head), name);
    if (problem) throw problem;
    format ??= formatOfStdin(Buffer.concat(head), true)!;
    if (format === 'ndjson') {
      const splitter = new NdjsonSplitter();
      for (const chunk of head) {
        const batch: InputEntry[] = splitter.splitBytes(chunk);
        if (batch.length > 0) yield batch;
      }
      while (!ended) {
        const next = await chunks.next();
        if (next.done) break;
        const batch: InputEntry[] = splitter.splitBytes(next.value);
        if (batch.length > 0) yield batch;
      }
      const batch: InputEntry[] = splitter.finish();
      if (batch.length > 0) yield batch;
      return;
    }
    let total = headBytes;
    while (!ended) {
      const next = await chunks.next();
      if (next.done) break;
      total += next.value.length;
      if (total > MAX_JSON_BYTES) throw tooBigForJson(name);
      head.push(next.value);
    }
    yield* inBatches(jsonEntries(Buffer.concat(head), name), 4096);
  } finally {
    // Stops reading a stream left unfinished (an error, or a caller that stopped).
    await chunks.return?.();
  }
}

/** Entries of a parsed JSON document, a batch at a time. */
function* inBatches(entries: Iterable<InputEntry>, size: number): Generator<InputEntry[]> {
  let batch: InputEntry[] = [];
  for (const entry of entries) {
    batch.push(entry);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Reads a case file a batch of entries at a time (for long batches: the
 * caller loops without awaiting each case); throws a UserError for problems
 * with the file as a whole. `checked`: what `checkCaseFile` returned, when
 * the caller checked the file already. `-` is standard input.
 */
export async function* readCaseBatches(file: string, checked?: CaseFile): AsyncGenerator<InputEntry[]> {
  const { size, stream } = checked ?? checkCaseFile(file);
  if (stream) yield* readStreamBatches(file);
  else if (isNdjson(file)) yield* readNdjsonBatches(file);
  else yield* inBatches(readJson(file, size), 4096);
}

/** Reads a case file; throws a UserError for problems with the file as a whole. */
export async function* readCaseFile(file: string): AsyncGenerator<InputEntry> {
  for await (const batch of readCaseBatches(file)) yield* batch;
}
