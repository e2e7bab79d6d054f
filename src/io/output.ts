// Writing results: to stdout, or to a file atomically (temporary file, then
// rename) with owner-only permissions. Case data is personal data: a failed
// or interrupted run leaves nothing behind, and no file is replaced unasked.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

export const OWNER_ONLY = 0o600;

export interface Sink {
  write(text: string): void;
  /** Makes the output final (renames the temporary file into place). */
  commit(): void;
  /** Drops everything written so far. */
  abort(): void;
  readonly isTerminal: boolean;
}

/** Temporary files still open, removed if the process is interrupted or exits early. */
const pending = new Set<string>();
let cleanupInstalled = false;

function removePending(): void {
  for (const file of pending) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', removePending);
}

/** Removes unfinished output files now (the SIGINT handler calls this before exiting). */
export function abandonPendingOutputs(): void {
  removePending();
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
  installCleanup();
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', OWNER_ONLY);
  } catch (error) {
    throw new UserError(`${path}：无法写入（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）。请检查目录权限。`);
  }
  pending.add(temp);
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
    commit() {
      if (!open) return;
      flush();
      fsyncSync(fd);
      closeSync(fd);
      open = false;
      // Checked again: another process may have created the file while we worked.
      if (!force && existsSync(target)) {
        unlinkSync(temp);
        pending.delete(temp);
        throw new UserError(`${path}：文件已存在（在运行期间被创建），未覆盖。如确需覆盖，请加 --force。`);
      }
      renameSync(temp, target);
      pending.delete(temp);
    },
    abort() {
      if (open) closeSync(fd);
      open = false;
      try {
        unlinkSync(temp);
      } catch {
        // already gone
      }
      pending.delete(temp);
    },
  };
}

/**
 * Standard output, buffered. On Linux, writes to a pipe, file or terminal are
 * synchronous in Node, so a long batch never piles up in memory.
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
  if (typeof content === 'string') {
    const sink = fileSink(path, force);
    try {
      sink.write(content);
      sink.commit();
    } catch (error) {
      sink.abort();
      throw error;
    }
    return;
  }
  checkOutputPath(path, force);
  installCleanup();
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', OWNER_ONLY);
  pending.add(temp);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, target);
  pending.delete(temp);
}
