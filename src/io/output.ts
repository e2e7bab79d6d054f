// Writing results: to stdout, or to a file atomically (temporary file, then
// rename) with owner-only permissions. Case data is personal data: a failed
// or interrupted run leaves nothing behind, and no file is replaced unasked.
// A FIFO or character device (/dev/null, a terminal) is written in place,
// never replaced; the output is never the input; a write that fails says so.
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError, systemReason } from '../errors.js';
import { isPendingTemporary, trackTemporary, untrackTemporary } from './cleanup.js';

const OWNER_ONLY = 0o600;

export interface Sink {
  write(text: string): void;
  /**
   * Bytes already encoded (UTF-8), after everything written before.
   * `written` is called once they are out of the process: the caller may
   * reuse them then.
   */
  writeBytes(bytes: Uint8Array, written?: () => void): void;
  /**
   * Null when the output keeps up; otherwise (a slow reader on a pipe), a
   * promise that resolves once it has caught up. A long batch waits for it,
   * so that its output never piles up in memory.
   */
  caughtUp(): Promise<void> | null;
  /** Makes the output final (renames the temporary file into place). */
  commit(): void;
  /** Drops everything written so far. */
  abort(): void;
  readonly isTerminal: boolean;
}

/** How an output path is written: standard output, a device or FIFO in place, or a regular file replaced atomically. */
type OutputKind = 'stdout' | 'device' | 'file';

/** Paths that name this process's standard output. */
const STDOUT_PATHS = new Set(['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1']);

let temporaryCount = 0;

/** The target's name as it appears in its temporaries: cut to 200 bytes, so that the temporary's name is not too long. */
function temporaryStem(target: string): string {
  let name = basename(target);
  while (Buffer.byteLength(name) > 200) name = Array.from(name).slice(0, -1).join('');
  return name;
}

/** A hidden temporary file beside the target, `.NAME.PID.STAMP.tmp`, so the final rename stays on one file system. */
function temporaryPath(target: string): string {
  temporaryCount++;
  return join(dirname(target), `.${temporaryStem(target)}.${process.pid}.${Date.now().toString(36)}${temporaryCount}.tmp`);
}

/** A process that can no longer be writing a temporary of ours: gone, or (a reused id) this very run, which is not. */
function deadWriter(pid: number, file: string): boolean {
  if (pid === process.pid) return !isPendingTemporary(file);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Temporaries of this target that a killed run left (SIGKILL, a crash:
 * nothing could remove them then), found by their names: removed now, and
 * said so on stderr. Only the user's own regular files, of dead processes.
 */
function removeStaleTemporaries(path: string, target: string): void {
  const stem = temporaryStem(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${stem}\\.(\\d+)\\.[0-9a-z]+\\.tmp$`);
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = pattern.exec(name)?.[1];
    const file = join(dirname(target), name);
    if (pid === undefined || !deadWriter(Number(pid), file)) continue;
    try {
      const stat = lstatSync(file);
      if (!stat.isFile() || (process.getuid && stat.uid !== process.getuid())) continue;
      unlinkSync(file);
      process.stderr.write(`rongcuo：已删除先前被强行终止的运行（进程 ${pid}）留下的临时文件 ${join(dirname(path), name)}。\n`);
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** The file at `path`, following links; null if there is none. Other failures (a name too long, no permission) are the user's to fix. */
function statOrNull(path: string, what: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UserError(`${what}：无法访问（${systemReason(error)}）。请换一个输出路径。`);
  }
}

/** The output is the input (the same path, a link to it, a hard link): refused, before anything is written. */
function refuseInput(path: string, target: string, input: string): void {
  let same = false;
  try {
    const a = statSync(target);
    const b = statSync(input);
    same = a.dev === b.dev && a.ino === b.ino;
  } catch {
    // one of them does not exist: not the same file
  }
  try {
    same ||= realpathSync(target) === realpathSync(input);
  } catch {
    // as above
  }
  if (same) throw new UserError(`${path}：与输入文件 ${input} 是同一个文件，不能用输出覆盖输入。请换一个输出路径。`);
}

/** A path that stands for an open file descriptor (/dev/stderr, /proc/self/fd/N): not a file to replace. */
function isDescriptorPath(target: string): boolean {
  try {
    if (realpathSync(dirname(target)).startsWith('/proc/')) return true;
    return lstatSync(target).isSymbolicLink() && resolve(dirname(target), readlinkSync(target)).startsWith('/proc/');
  } catch {
    return false;
  }
}

/**
 * Checks an --output path before any work is done, so a long batch never
 * fails at the end; says how it is to be written. `input`: the file the
 * command reads, which the output must not be.
 */
function checkOutputPath(path: string, force: boolean, input?: string): OutputKind {
  const target = resolve(path);
  if (STDOUT_PATHS.has(target)) return checkStdout();
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`${path}：输出目录 ${dir} 不存在。请先创建该目录，或换一个输出路径。`);
  }
  if (input !== undefined) refuseInput(path, target, input);
  const stat = statOrNull(target, path);
  if (!stat) return 'file';
  if (stat.isDirectory()) throw new UserError(`${path}：是一个目录。请给出输出文件名。`);
  if (stat.isFIFO() || stat.isCharacterDevice()) return 'device';
  if (!stat.isFile()) throw new UserError(`${path}：不是普通文件（是块设备或套接字），不能作为输出。请换一个输出路径。`);
  if (isDescriptorPath(target)) {
    throw new UserError(`${path}：指向一个已打开的文件描述符，不能作为输出文件替换。请给出普通文件路径，或用 -o - 写到标准输出。`);
  }
  if (!force) throw new UserError(`${path}：文件已存在，未覆盖。如确需覆盖，请加 --force；或换一个输出路径。`);
  return 'file';
}

const FLUSH_AT = 1 << 16;

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

/**
 * Buffered writes to `fd`; a failure is the user's to see, naming the
 * output (`fail`). `end` makes the output final (after the last flush) or
 * drops it.
 */
function fdSink(fd: number, fail: (error: unknown) => never, end: { commit(): void; abort(): void }): Sink {
  let buffer = '';
  let committed = false;
  const writeOrFail = (data: string | Uint8Array) => {
    try {
      writeAll(fd, data);
    } catch (error) {
      fail(error);
    }
  };
  const flush = () => {
    if (buffer.length === 0) return;
    const text = buffer;
    buffer = '';
    writeOrFail(text);
  };
  return {
    isTerminal: false,
    write(text) {
      buffer += text;
      if (buffer.length >= FLUSH_AT) flush();
    },
    writeBytes(bytes, written) {
      flush();
      writeOrFail(bytes);
      written?.();
    },
    caughtUp: () => null,
    commit() {
      if (committed) return;
      committed = true;
      flush();
      end.commit();
    },
    abort: end.abort,
  };
}

/** A file sink: buffered writes into a hidden temporary file beside the target. */
function fileSink(path: string, force: boolean): Sink {
  const target = resolve(path);
  removeStaleTemporaries(path, target);
  const temp = temporaryPath(target);
  const fail = (error: unknown): never => {
    throw new UserError(`${path}：写入失败（${systemReason(error)}），未写出该文件。`);
  };
  let fd: number;
  try {
    fd = openSync(temp, 'wx', OWNER_ONLY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? '请检查目录权限。' : '请换一个输出路径。';
    throw new UserError(`${path}：无法写入（${systemReason(error)}）。${hint}`);
  }
  trackTemporary(temp);
  let open = true;
  return fdSink(fd, fail, {
    commit() {
      try {
        fsyncSync(fd);
        open = false;
        closeSync(fd);
      } catch (error) {
        fail(error);
      }
      // Checked again: another process may have created the file while we worked.
      if (!force && existsSync(target)) {
        unlinkSync(temp);
        untrackTemporary(temp);
        throw new UserError(`${path}：文件已存在（在运行期间被创建），未覆盖。如确需覆盖，请加 --force。`);
      }
      try {
        renameSync(temp, target);
      } catch (error) {
        fail(error);
      }
      untrackTemporary(temp);
    },
    abort() {
      if (open) closeSync(fd);
      open = false;
      try {
        unlinkSync(temp);
      } catch {
        // already gone
      }
      untrackTemporary(temp);
    },
  });
}

/**
 * A FIFO's write end, or a character device. A FIFO with no reader is
 * refused rather than waited for (an open that blocks would not even let
 * Ctrl-C through); once a reader is there, the write end is opened for good
 * before the probe closes, so that the reader never sees an end of file.
 */
function openDevice(path: string, target: string): number {
  let probe: number | undefined;
  try {
    if (statSync(target).isFIFO()) probe = openSync(target, constants.O_WRONLY | constants.O_NONBLOCK);
    const fd = openSync(target, constants.O_WRONLY | constants.O_NOCTTY);
    // Checked on what was opened: the path may have been replaced by a regular file since.
    const stat = fstatSync(fd);
    if (!stat.isFIFO() && !stat.isCharacterDevice()) {
      closeSync(fd);
      throw new UserError(`${path}：在运行期间被替换，不再是设备或命名管道，未写入。请重新运行。`);
    }
    return fd;
  } catch (error) {
    if (error instanceof UserError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') {
      throw new UserError(`${path}：是命名管道（FIFO），但没有进程在读取它。请先启动读取方，或换一个输出路径。`);
    }
    throw new UserError(`${path}：无法写入（${systemReason(error)}）。`);
  } finally {
    if (probe !== undefined) closeSync(probe);
  }
}

/** A FIFO or character device (/dev/null, a terminal): written in place, never replaced, nothing to remove. */
function deviceSink(path: string): Sink {
  const fd = openDevice(path, resolve(path));
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const fail = (error: unknown): never => {
    throw new UserError(`${path}：写入失败（${systemReason(error)}）。`);
  };
  return fdSink(fd, fail, { commit: close, abort: close });
}

/**
 * Standard output closed by the caller (`>&-`): Node.js puts /dev/null in
 * its place, opened read-write, where a redirection to /dev/null is
 * write-only. Seen on Linux only (through /proc).
 */
const ACCESS_MODE = 3;

function stdoutClosed(): boolean {
  try {
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'))?.[1];
    if (flags === undefined || (parseInt(flags, 8) & ACCESS_MODE) !== constants.O_RDWR) return false;
    const out = fstatSync(1);
    return out.isCharacterDevice() && out.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/** Standard output, checked before any work: results written to nowhere would be lost without a word. */
function checkStdout(): 'stdout' {
  if (stdoutClosed()) {
    throw new UserError('标准输出已关闭，结果无处写出。请把输出重定向到文件或管道，或用 --output 写入文件。');
  }
  return 'stdout';
}

/** Output waiting for a slow reader past which a batch waits for it to catch up. */
const BACKLOG_BYTES = 1 << 22;

/**
 * Standard output, buffered. A file or terminal takes each write at once; a
 * pipe only as fast as its reader reads, the rest waiting in the stream's
 * buffer, which `caughtUp` keeps short. A write that fails ends the run
 * (cli.ts).
 */
function stdoutSink(): Sink {
  let buffer = '';
  const flush = () => {
    if (buffer.length > 0) process.stdout.write(buffer);
    buffer = '';
  };
  return {
    isTerminal: Boolean(process.stdout.isTTY),
    write(text) {
      buffer += text;
      if (buffer.length >= FLUSH_AT) flush();
    },
    writeBytes(bytes, written) {
      flush();
      if (!written) {
        process.stdout.write(bytes);
        return;
      }
      let called = false;
      const once = () => {
        if (!called) written();
        called = true;
      };
      process.stdout.write(bytes, once);
      // Nothing left in the stream's buffer: the bytes went out with the write itself.
      if (process.stdout.writableLength === 0) once();
    },
    caughtUp() {
      if (process.stdout.writableLength <= BACKLOG_BYTES) return null;
      return new Promise((resolve) => process.stdout.once('drain', resolve));
    },
    commit: flush,
    abort() {
      buffer = '';
    },
  };
}

/** Checks where a command's output goes before any work is done: the --output path (see checkOutputPath), or standard output. */
export function checkOutput(output: string | undefined, force: boolean, input?: string): OutputKind {
  return output === undefined ? checkStdout() : checkOutputPath(output, force, input);
}

/**
 * Where a command's output goes: standard output (`output` undefined, or a
 * path naming it), a device or FIFO in place, or a file replaced atomically.
 * `input`: the file the command reads, which the output must not be.
 */
export function openSink(output: string | undefined, force: boolean, input?: string): Sink {
  const kind = checkOutput(output, force, input);
  if (kind === 'stdout') return stdoutSink();
  return kind === 'device' ? deviceSink(output!) : fileSink(output!, force);
}

/** Writes a whole document at once with the same safety rules: to `output`, or standard output. */
export function writeOutput(output: string | undefined, content: string | Uint8Array, force: boolean, input?: string): void {
  const sink = openSink(output, force, input);
  try {
    if (typeof content === 'string') sink.write(content);
    else sink.writeBytes(content);
    sink.commit();
  } catch (error) {
    sink.abort();
    throw error;
  }
}

/** Writes a whole document to the file at `path` (see writeOutput). */
export function writeFileSafely(path: string, content: string | Uint8Array, force: boolean): void {
  writeOutput(path, content, force);
}
