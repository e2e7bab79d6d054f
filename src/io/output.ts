// Writing results: to stdout, or to a file atomically (temporary file, then
// rename) with owner-only permissions. Case data is personal data: a failed
// or interrupted run leaves nothing behind, and no file is replaced unasked.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { trackTemporary, untrackTemporary } from './cleanup.js';

export const OWNER_ONLY = 0o600;

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

let temporaryCount = 0;

/** A hidden temporary file beside the target, so the final rename stays on one file system. */
function temporaryPath(target: string): string {
  temporaryCount++;
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}${temporaryCount}.tmp`);
}

/** Checks an --output path before any work is done, so a long batch never fails at the end. */
export function checkOutputPath(path: string, force: boolean): void {
  const target = resolve(path);
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`${path}：输出目录 ${dir} 不存在。请先创建该目录，或换一个输出路径。`);
  }
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new UserError(`${path}：是一个目录。请给出输出文件名。`);
    if (!force) throw new UserError(`${path}：文件已存在，未覆盖。如确需覆盖，请加 --force；或换一个输出路径。`);
  }
}

const FLUSH_AT = 1 << 16;

/** A file sink: buffered writes into a hidden temporary file beside the target. */
export function fileSink(path: string, force: boolean): Sink {
  checkOutputPath(path, force);
  const target = resolve(path);
  const temp = temporaryPath(target);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', OWNER_ONLY);
  } catch (error) {
    throw new UserError(`${path}：无法写入（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）。请检查目录权限。`);
  }
  trackTemporary(temp);
  let buffer = '';
  let open = true;
  const flush = () => {
    if (buffer.length > 0) writeSync(fd, buffer);
    buffer = '';
  };
  return {
    isTerminal: false,
    write(text) {
      buffer += text;
      if (buffer.length >= FLUSH_AT) flush();
    },
    writeBytes(bytes, written) {
      flush();
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      written?.();
    },
    caughtUp: () => null,
    commit() {
      if (!open) return;
      flush();
      fsyncSync(fd);
      closeSync(fd);
      open = false;
      // Checked again: another process may have created the file while we worked.
      if (!force && existsSync(target)) {
        unlinkSync(temp);
        untrackTemporary(temp);
        throw new UserError(`${path}：文件已存在（在运行期间被创建），未覆盖。如确需覆盖，请加 --force。`);
      }
      renameSync(temp, target);
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
  };
}

/** Output waiting for a slow reader past which a batch waits for it to catch up. */
const BACKLOG_BYTES = 1 << 22;

/**
 * Standard output, buffered. A file or terminal takes each write at once; a
 * pipe only as fast as its reader reads, the rest waiting in the stream's
 * buffer, which `caughtUp` keeps short.
 */
export function stdoutSink(): Sink {
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

export function openSink(output: string | undefined, force: boolean): Sink {
  return output ? fileSink(output, force) : stdoutSink();
}

/** Writes a whole document at once with the same safety rules. */
export function writeFileSafely(path: string, content: string | Uint8Array, force: boolean): void {
  const sink = fileSink(path, force);
  try {
    if (typeof content === 'string') sink.write(content);
    else sink.writeBytes(content);
    sink.commit();
  } catch (error) {
    sink.abort();
    throw error;
  }
}
