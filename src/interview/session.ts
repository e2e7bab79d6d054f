// The session file: an interrupted interview's answers (a case in case
// format) plus where the interview stood, so that `--resume FILE` goes on at
// the open question. Written atomically with owner-only permissions: it holds
// personal data.
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { bundledPolicyIds, policyFactIndex, resolvePolicy } from '../policy/registry.js';
import { parseJsonLocated } from '../case/read.js';
import { validateCase, type Case } from '../case/schema.js';
import { UserError } from '../errors.js';
import { writeFileSafely } from '../io/output.js';
import { decodeTextFile } from '../io/text.js';
import type { CompiledPolicy } from '../policy/compile.js';

const SESSION_VERSION = 1;

const PHASES = ['policy', 'basics', 'facts', 'review', 'finish'] as const;

const positionSchema = z.strictObject({
  /** fresh: asked from the start; answers: pre-filled from a case file (--answers). */
  mode: z.enum(['fresh', 'answers']),
  phase: z.enum(PHASES),
  /** The question open when the interview stopped. */
  open: z.string().nullable(),
  /** Questions answered in this interview (“不确定” included), by id. */
  asked: z.array(z.string()),
  /** Whether the user wants a draft application (null: not asked yet). */
  draftWanted: z.boolean().nullable(),
});
export type InterviewPosition = z.output<typeof positionSchema>;

const sessionSchema = z.strictObject({
  rongcuoSession: z.literal(SESSION_VERSION),
  savedAt: z.string(),
  /** A bundled policy id, or the absolute path of a policy file; null before one was chosen. */
  policy: z.string().nullable(),
  case: z.unknown(),
  interview: positionSchema,
});

export interface Session {
  policy: string | null;
  kase: Case;
  position: InterviewPosition;
}

/** How a session records the policy the user named: a bundled id, or the absolute path of a policy file. */
export function sessionPolicyRef(ref: string): string {
  return bundledPolicyIds().includes(ref) ? ref : resolve(ref);
}

/** Records that the interview has asked a question (or made an offer), so that a resumed one does not ask it again. */
export function markAsked(position: InterviewPosition, id: string): void {
  if (!position.asked.includes(id)) position.asked.push(id);
}

/** The session as JSON: the case in case format, then the interview position. */
function sessionJson(session: Session, now = new Date()): string {
  return `${JSON.stringify(
    {
      rongcuoSession: SESSION_VERSION,
      savedAt: now.toISOString(),
      policy: session.policy,
      case: session.kase,
      interview: session.position,
    },
    null,
    2,
  )}\n`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time as YYYYMMDD-HHMMSS: names a new session file, and a fresh interview's case. */
export function stamp(now: Date): string {
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

/** A new session file name in `dir` that does not exist yet. */
function freshPath(dir: string, now: Date): string {
  const base = `rongcuo-session-${stamp(now)}`;
  let path = join(dir, `${base}.json`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${base}-${n}.json`);
  return path;
}

/**
 * Saves synchronously (it runs in signal handlers too). A resumed session is
 * saved back to its own file; a new one goes to the working directory, or
 * the home directory when that cannot be written. Returns the absolute path.
 */
export function saveSession(session: Session, file: string | undefined, now = new Date()): string {
  const json = sessionJson(session, now);
  if (file) {
    const path = resolve(file);
    writeFileSafely(path, json, true);
    return path;
  }
  const dirs = [process.cwd(), homedir()];
  let last: unknown;
  for (const dir of dirs) {
    const path = freshPath(dir, now);
    try {
      writeFileSafely(path, json, false);
      return path;
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/** A session holds one case's answers: a few KiB. Far more is not a session file. */
const MAX_SESSION_BYTES = 4 * 1024 * 1024;

/**
 * A session file's bytes, if it is one the user's own `assess` could have
 * written: a regular file owned by the user and writable by no one else
 * (assess writes it owner-only). Anything else may have been changed by
 * someone else, and is refused.
 */
function readOwnFile(file: string): Buffer {
  let fd: number;
  try {
    // Non-blocking: a named pipe given by mistake is refused, not waited on.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}：找不到会话文件。请检查路径（中断时打印的 rongcuo assess --resume 命令中的文件）。`);
    throw new UserError(`${file}：无法读取会话文件（${code ?? (error as Error).message}）。`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UserError(`${file}：不是会话文件（不是普通文件）。会话文件由 assess 中断时写出。`);
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
      throw new UserError(`${file}：会话文件不属于当前用户，拒绝读取：它可能被他人改动过。请只继续自己中断的问询。`);
    }
    if ((stat.mode & 0o002) !== 0) {
      throw new UserError(`${file}：会话文件任何人都可以改写，拒绝读取：它可能被他人改动过。核对无误后可运行 chmod 600 ${shellQuote(file)} 再继续。`);
    }
    if (stat.size > MAX_SESSION_BYTES) throw new UserError(`${file}：文件过大，不是 rongcuo assess 的会话文件。`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What is wrong in a session file, in words of the format (never the file's own text). */
function sessionIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `应为 ${issue.expected}`;
    case 'invalid_value':
      return `应为 ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'unrecognized_keys':
      return '有会话文件没有的字段';
    default:
      return '格式不符';
  }
}

/** Reads a session file: its policy reference, the case and the position. */
export function readSessionFile(file: string): { policy: string | null; rawCase: unknown; position: InterviewPosition } {
  const text = decodeTextFile(readOwnFile(file), file, '会话文件已损坏。');
  const parsed = parseJsonLocated(text);
  if (!parsed.ok) throw new UserError(`${file}:${parsed.line}:${parsed.column}：${parsed.message}。会话文件已损坏。`);
  const result = sessionSchema.safeParse(parsed.value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw new UserError(`${file}${path ? ` ${path}` : ''}：不是 rongcuo assess 的会话文件（${sessionIssue(issue)}）。会话文件由 assess 中断时写出。`);
  }
  const { policy } = result.data;
  // What assess writes: a bundled id, or the absolute path of the policy file chosen.
  if (policy !== null && !isAbsolute(policy) && !bundledPolicyIds().includes(policy)) {
    throw new UserError(`${file} policy：不是 rongcuo assess 的会话文件（应为内置政策 id 或政策文件的绝对路径）。会话文件由 assess 中断时写出。`);
  }
  return { policy, rawCase: result.data.case, position: result.data.interview };
}

/** The policy a session names (see readSessionFile), compiled; null before one was chosen. */
export function sessionPolicy(file: string, ref: string | null): CompiledPolicy | null {
  if (ref === null) return null;
  try {
    return resolvePolicy(ref);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${file} policy：会话记录的政策无法使用：${error.message}`);
    throw error;
  }
}

/** Validates the case a session holds, against the facts of its policy. */
export function sessionCase(file: string, rawCase: unknown, compiled: CompiledPolicy | undefined): Case {
  const validation = validateCase(rawCase, policyFactIndex(compiled ? [compiled] : []));
  if (!validation.ok) {
    const lines = validation.errors.map((e) => `  case.${e.path}：${e.message}`);
    throw new UserError([`${file}：会话文件中的案例无效：`, ...lines].join('\n'));
  }
  return validation.value;
}

/** Removes a finished session's file (it holds personal data and is of no further use). */
export function removeSession(file: string): boolean {
  try {
    unlinkSync(file);
    return true;
  } catch {
    return false;
  }
}

/** A path as a shell word, quoted only when it needs to be. */
function shellQuote(path: string): string {
  if (/^[A-Za-z0-9_./@%+=:,-]+$/.test(path)) return path;
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

/** The exact command that continues a saved session. */
export function resumeCommand(path: string): string {
  return `rongcuo assess --resume ${shellQuote(path)}`;
}
