// Output hardening, through the built binary: special files written in place
// (never replaced), `-o -` and `-o ''`, the output never the input, and write
// errors (a full disk, standard output closed, a name too long, the directory
// gone) reported in one message with exit 2.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSink } from '../src/io/output.js';
import { BIN, ROOT, rongcuo, tempDir, type RunResult } from './helpers/cli.js';

const CASES = join(ROOT, 'fixtures', 'cases.json');
const SPAWN_TIMEOUT = 30_000;
const linux = process.platform === 'linux';

/** A small NDJSON batch of valid cases, under fuzhou-2019 (RONGCUO_WORKERS=2 sends even this to worker threads). */
function ndjsonBatch(): string {
  const file = join(tempDir(), 'batch.ndjson');
  const lines = Array.from({ length: 300 }, (_, i) =>
    JSON.stringify({ id: `c${i}`, policy: 'fuzhou-2019', facts: { intent: 'inadvertent', severity: 'minor', situations: ['reform-pilot'] } }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Runs the binary with its standard output on `stdout` (a file descriptor), or closed (`>&-`, through sh). */
function runTo(stdout: number | 'closed', args: string[], env: Record<string, string> = {}): RunResult {
  const options = {
    cwd: ROOT,
    encoding: 'utf8' as const,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CI: 'true', ...env },
    timeout: SPAWN_TIMEOUT,
  };
  const result =
    stdout === 'closed'
      ? spawnSync('sh', ['-c', 'exec "$@" >&-', 'sh', process.execPath, BIN, ...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawnSync(process.execPath, [BIN, ...args], { ...options, stdio: ['ignore', stdout, 'pipe'] });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr };
}

/** The run failed with exit 2 and one plain message: no stack trace, not reported as a bug. */
function failedPlainly(r: RunResult, ...needles: string[]): void {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stderr).not.toContain('内部错误');
  for (const needle of needles) expect(r.stderr).toContain(needle);
}

/** Reads what a FIFO's reader (opened non-blocking) has waiting. */
function drain(fd: number): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);

describe.skipIf(!linux)('--output at a special file', () => {
  it('writes into a FIFO that has a reader, and leaves it a FIFO (also with --force)', () => {
    const dir = tempDir();
    const fifo = join(dir, 'results.json');
    mkfifo(fifo);
    // The reader is there before the run (non-blocking, so that this open does not wait for a writer).
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const r = rongcuo(['check', CASES, '-o', fifo, '--force']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      expect(drain(reader)).toBe(rongcuo(['check', CASES, '-f', 'json']).stdout);
    } finally {
      closeSync(reader);
    }
    expect(readdirSync(dir)).toEqual(['results.json']);
  }, SPAWN_TIMEOUT);

  it('refuses a FIFO nobody reads, at once, instead of replacing it or waiting forever', () => {
    const dir = tempDir();
    const fifo = join(dir, 'results.json');
    mkfifo(fifo);
    const r = rongcuo(['check', CASES, '-o', fifo, '--force']);
    failedPlainly(r, `${fifo}：是命名管道（FIFO），但没有进程在读取它`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['results.json']);
  }, SPAWN_TIMEOUT);

  it('writes through a link to /dev/null with --force and keeps both the link and the device', () => {
    const dir = tempDir();
    const link = join(dir, 'null.json');
    symlinkSync('/dev/null', link);
    for (const args of [['check', CASES], ['report', CASES, '-c', '2024-017'], ['draft', CASES, '-c', '2024-017', '-f', 'docx']]) {
      const r = rongcuo([...args, '-o', link, '--force']);
      expect(r.code).toBe(0);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['null.json']);
  }, SPAWN_TIMEOUT);

  it('writes to /dev/null itself without asking for --force (nothing is replaced)', () => {
    const r = rongcuo(['check', CASES, '-o', '/dev/null']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  }, SPAWN_TIMEOUT);

  it('takes /dev/stdout as standard output', () => {
    const r = rongcuo(['check', CASES, '-o', '/dev/stdout']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(rongcuo(['check', CASES, '-f', 'json']).stdout);
  }, SPAWN_TIMEOUT);
});

describe('-o - and -o ""', () => {
  it('takes - as standard output for check, report and draft, and says so in --help', () => {
    const dir = tempDir();
    for (const args of [['check', CASES], ['report', CASES, '-c', '2024-017'], ['draft', CASES, '-c', '2024-017']]) {
      const r = rongcuo([...args, '-o', '-'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(rongcuo(args, { cwd: dir }).stdout);
      expect(r.stdout.length).toBeGreaterThan(100);
      expect(rongcuo([args[0]!, '--help']).stdout.replace(/\s+/g, '')).toMatch(/--output<file>[^-]*-为标准输出/);
    }
    expect(readdirSync(dir)).toEqual([]);
  }, SPAWN_TIMEOUT);

  it('refuses an empty --output as a usage error instead of writing to standard output', () => {
    for (const args of [['check', CASES], ['report', CASES, '-c', '2024-017'], ['draft', CASES, '-c', '2024-017']]) {
      const r = rongcuo([...args, '-o', '']);
      failedPlainly(r, '--output 的值是空的');
      expect(r.stdout).toBe('');
    }
  }, SPAWN_TIMEOUT);
});

describe('the output is never the input', () => {
  /** The input file, and paths that are the same file: itself (spelt two ways), a symbolic link, a hard link. */
  function sameFiles(): { input: string; paths: string[] } {
    const dir = tempDir();
    const input = join(dir, 'a.json');
    copyFileSync(CASES, input);
    symlinkSync('a.json', join(dir, 'link.json'));
    linkSync(input, join(dir, 'hard.json'));
    return { input, paths: [input, join(dir, '.', 'a.json'), join(dir, 'link.json'), join(dir, 'hard.json')] };
  }

  it('refuses, with --force too, for check, report and draft (text and docx), and leaves the input untouched', () => {
    const { input, paths } = sameFiles();
    const original = readFileSync(input);
    const commands = [['check'], ['report', '-c', '2024-017'], ['draft', '-c', '2024-017'], ['draft', '-c', '2024-017', '-f', 'docx']];
    for (const [command, ...rest] of commands) {
      for (const output of paths) {
        const r = rongcuo([command!, input, ...rest, '-o', output, '--force']);
        failedPlainly(r, `${output}：与输入文件 ${input} 是同一个文件，不能用输出覆盖输入`);
        expect(readFileSync(input)).toEqual(original);
        expect(lstatSync(join(input, '..', 'link.json')).isSymbolicLink()).toBe(true);
      }
    }
    expect(readdirSync(join(input, '..')).sort()).toEqual(['a.json', 'hard.json', 'link.json']);
  }, 60_000);

  it('refuses an input named through a link too', () => {
    const { input, paths } = sameFiles();
    const r = rongcuo(['check', paths[2]!, '-o', input, '--force']);
    failedPlainly(r, '是同一个文件');
    expect(readFileSync(input)).toEqual(readFileSync(CASES));
  }, SPAWN_TIMEOUT);
});

describe.skipIf(!linux)('write errors', () => {
  const onFullDisk = (args: string[], env: Record<string, string> = {}) => {
    const full = openSync('/dev/full', 'w');
    try {
      return runTo(full, args, env);
    } finally {
      closeSync(full);
    }
  };

  it('says that standard output could not be written (a full disk) and exits 2, for every command', () => {
    const batch = ndjsonBatch();
    const runs: Array<[string[], Record<string, string>?]> = [
      [['check', CASES]],
      [['check', CASES, '-f', 'ndjson']],
      [['check', batch, '-f', 'ndjson'], { RONGCUO_WORKERS: '0' }],
      // The parallel path: results rendered by worker threads.
      [['check', batch, '-f', 'ndjson'], { RONGCUO_WORKERS: '2' }],
      [['report', CASES, '-c', '2024-017']],
      [['draft', CASES, '-c', '2024-017']],
      [['policies', 'show', 'fuzhou-2019']],
      [['policies']],
    ];
    for (const [args, env] of runs) {
      const r = onFullDisk(args, env);
      failedPlainly(r, '标准输出：写入失败（ENOSPC，磁盘空间不足）');
    }
  }, 60_000);

  it('says that the output file could not be written (a full disk) and exits 2, leaving nothing', () => {
    const dir = tempDir();
    const full = join(dir, 'full.out');
    symlinkSync('/dev/full', full);
    const batch = ndjsonBatch();
    const runs: Array<[string[], Record<string, string>?]> = [
      [['check', CASES]],
      [['check', batch, '-f', 'ndjson'], { RONGCUO_WORKERS: '0' }],
      [['check', batch, '-f', 'ndjson'], { RONGCUO_WORKERS: '2' }],
      [['check', batch, '-f', 'csv'], { RONGCUO_WORKERS: '2' }],
      [['report', CASES, '-c', '2024-017']],
      [['draft', CASES, '-c', '2024-017', '-f', 'docx']],
    ];
    for (const [args, env] of runs) {
      const r = rongcuo([...args, '-o', full, '--force'], { env: env ?? {} });
      failedPlainly(r, `${full}：写入失败（ENOSPC，磁盘空间不足）`);
    }
    expect(readdirSync(dir)).toEqual(['full.out']);
    expect(lstatSync(full).isSymbolicLink()).toBe(true);
  }, 60_000);

  it('fails loudly when standard output is closed, instead of losing the results', () => {
    for (const args of [['check', CASES], ['report', CASES, '-c', '2024-017'], ['draft', CASES, '-c', '2024-017'], ['policies', 'show', 'fuzhou-2019']]) {
      const r = runTo('closed', args);
      failedPlainly(r, '标准输出已关闭');
    }
    // A redirection to /dev/null is not a closed output.
    const devNull = openSync('/dev/null', 'w');
    try {
      expect(runTo(devNull, ['check', CASES]).code).toBe(0);
    } finally {
      closeSync(devNull);
    }
  }, SPAWN_TIMEOUT);

  it('stays quiet when the reader goes away (| head)', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" policies show fuzhou-2019 | head -c 10 >/dev/null`], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      timeout: SPAWN_TIMEOUT,
    });
    expect(r.stderr).toBe('');
  }, SPAWN_TIMEOUT);

  it('names a file name that is too long, and takes a long one that fits', () => {
    const dir = tempDir();
    const tooLong = join(dir, `${'案'.repeat(90)}.json`);
    failedPlainly(rongcuo(['check', CASES, '-o', tooLong]), '文件名太长');
    // 250 bytes: fits, though its temporary's name would not, uncut.
    const long = join(dir, `${'a'.repeat(245)}.json`);
    const r = rongcuo(['check', CASES, '-o', long]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual([`${'a'.repeat(245)}.json`]);
  }, SPAWN_TIMEOUT);

  it('reports a directory removed while the output was written, naming the file', () => {
    const dir = join(tempDir(), 'out');
    mkdirSync(dir);
    const target = join(dir, 'results.json');
    const sink = openSink(target, false);
    sink.write('{"results": []}\n');
    rmSync(dir, { recursive: true });
    let error: unknown;
    try {
      sink.commit();
    } catch (e) {
      error = e;
    } finally {
      sink.abort();
    }
    expect((error as Error).name).toBe('UserError');
    expect((error as Error).message).toBe(`${target}：写入失败（ENOENT，目录已不存在），未写出该文件。`);
  });
});

describe('temporaries of a killed run', () => {
  it('removes those of dead processes for the same output, says so, and keeps the others', () => {
    const dir = tempDir();
    // A process id that is no longer alive: a process that has exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = `.results.json.${dead}.mx1abc1.tmp`;
    const live = `.results.json.${process.pid}.mx1abc2.tmp`;
    const other = `.other.json.${dead}.mx1abc3.tmp`;
    for (const name of [stale, live, other]) writeFileSync(join(dir, name), 'personal data');
    const r = rongcuo(['check', CASES, '-o', 'results.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`rongcuo：已删除先前被强行终止的运行（进程 ${dead}）留下的临时文件 ${stale}。\n`);
    expect(readdirSync(dir).sort()).toEqual([live, other, 'results.json'].sort());
    expect(existsSync(join(dir, stale))).toBe(false);
  }, SPAWN_TIMEOUT);
});
