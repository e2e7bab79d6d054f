// load stage for case files: JSON ({formatVersion, cases} or a bare array)
// read whole, or NDJSON/JSONL streamed line by line. File-level problems are
// UserErrors; a bad NDJSON line is reported in place and the rest still read.
import { createReadStream, openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError } from '../errors.js';
import { locateJsonError } from './json-locate.js';

/** A JSON document is parsed whole; past this size NDJSON (streamed) is the way. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;
/** One NDJSON line (one case) may not exceed this. */
export const MAX_LINE_BYTES = 1024 * 1024;

export type InputEntry =
  | { kind: 'case'; raw: unknown; index: number; line?: number }
  | { kind: 'error'; index: number; line?: number; column?: number; message: string };

export function isNdjson(file: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(file);
}

function checkReadable(file: string): number {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new UserError(`${file}：是一个目录，不是案例文件。`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}：找不到文件。请检查路径。`);
    throw new UserError(`${file}：无法读取（${code ?? (error as Error).message}）。`);
  }
  if (size === 0) throw new UserError(`${file}：文件是空的。案例文件应为 JSON（{"formatVersion": 1, "cases": [...]}）或每行一个案例的 NDJSON。`);
  return size;
}

/** A NUL byte in the first 8 KiB: not a text file. */
function looksBinary(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(8192);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).includes(0);
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

function* readJson(file: string, size: number): Generator<InputEntry> {
  if (size > MAX_JSON_BYTES) {
    throw new UserError(`${file}：JSON 文件超过 ${MAX_JSON_BYTES / 1024 / 1024} MiB。请改用 NDJSON（每行一个案例，扩展名 .ndjson），它会逐行流式读取。`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch {
    throw new UserError(`${file}：不是 UTF-8 文本。请将文件另存为 UTF-8 编码。`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new UserError(`${file}：文件只有空白。${SHAPE_HINT}`);
  const parsed = parseJsonLocated(text);
  if (!parsed.ok) throw new UserError(`${file}:${parsed.line}:${parsed.column}：${parsed.message}。`);
  const doc = parsed.value;
  let cases: unknown[];
  if (Array.isArray(doc)) cases = doc;
  else if (doc !== null && typeof doc === 'object' && Object.prototype.hasOwnProperty.call(doc, 'cases')) {
    const { formatVersion, cases: list } = doc as { formatVersion?: unknown; cases: unknown };
    if (formatVersion !== undefined && formatVersion !== 1) {
      throw new UserError(`${file} formatVersion：本工具读取案例格式第 1 版；收到 ${JSON.stringify(formatVersion)}。`);
    }
    if (!Array.isArray(list)) throw new UserError(`${file} cases：应为案例数组。${SHAPE_HINT}`);
    const extra = Object.keys(doc).filter((k) => k !== 'formatVersion' && k !== 'cases');
    if (extra.length > 0) throw new UserError(`${file}：未知的顶层字段 ${extra.join(', ')}。${SHAPE_HINT}`);
    cases = list;
  } else {
    throw new UserError(`${file}：顶层结构不对。${SHAPE_HINT}`);
  }
  for (let index = 0; index < cases.length; index++) yield { kind: 'case', raw: cases[index], index };
}

async function* readNdjson(file: string): AsyncGenerator<InputEntry> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let lineNo = 0;
  let index = 0;
  for await (const text of lines) {
    lineNo++;
    const line = lineNo === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (line.trim() === '') continue;
    if (line.length > MAX_LINE_BYTES) {
      yield { kind: 'error', index: index++, line: lineNo, message: `该行超过 ${MAX_LINE_BYTES / 1024} KiB，未读取` };
      continue;
    }
    if (line.includes('\uFFFD')) {
      yield { kind: 'error', index: index++, line: lineNo, message: '该行不是有效的 UTF-8 文本' };
      continue;
    }
    // The hot path: one case per line, most lines valid.
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      const located = parseJsonLocated(line);
      yield { kind: 'error', index: index++, line: lineNo, column: located.ok ? undefined : located.column, message: located.ok ? 'JSON 无效' : located.message };
      continue;
    }
    yield { kind: 'case', raw, index: index++, line: lineNo };
  }
}

/** Reads a case file; throws a UserError for problems with the file as a whole. */
export async function* readCaseFile(file: string): AsyncGenerator<InputEntry> {
  const size = checkReadable(file);
  if (looksBinary(file)) throw new UserError(`${file}：是二进制文件，不是 JSON 文本。请给出 .json 或 .ndjson 案例文件。`);
  if (isNdjson(file)) yield* readNdjson(file);
  else yield* readJson(file, size);
}
