// Hardening of input handling, through the built binary: what a case file,
// a policy file or a session file may make rongcuo open or print, inputs
// nested or long beyond reason, and files that are not quite what they seem
// (other encodings, pipes, other owners, ids that only look alike).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../src/case/json-locate.js';
import { ROOT, rongcuo, tempDir, type RunResult } from './helpers/cli.js';

const SECRET = 'SECRET-MARKER-7f3a9c';
/** Spawning tests: several runs of the CLI each, on a loaded machine. */
const SPAWNS = 120_000;

const SERIAL = { RONGCUO_WORKERS: '0' };
const PARALLEL = { RONGCUO_WORKERS: '2', RONGCUO_CHUNK_BYTES: '4096' };

function write(dir: string, name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Neither output names the secret, and the run ended as a user error, not an internal one. */
function expectNoSecret(r: RunResult): void {
  expect(r.stdout).not.toContain(SECRET);
  expect(r.stderr).not.toContain(SECRET);
  expect(r.stderr).not.toContain('内部错误');
  expect(r.code).toBe(2);
}

const caseLine = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ id, policy: 'fuzhou-2019', facts: {}, ...extra });

/** A session file as `assess` writes it. */
function sessionText(policy: string | null): string {
  return JSON.stringify({
    rongcuoSession: 1,
    savedAt: '2024-05-10T06:30:00.000Z',
    policy,
    case: { id: 's-1', ...(policy ? { policy } : {}), facts: {} },
    interview: { mode: 'fresh', phase: 'facts', open: null, asked: [], draftWanted: null },
  });
}

/** `assess --resume` got past reading the session: it stops only because standard input is not a terminal. */
const RESUMED = '标准输入不是终端';

describe('no file disclosure', () => {
  it("never opens a path in a case's policy field: the case is invalid, with the valid ids and --policy", { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const secret = write(dir, 'secret.txt', `first line\n${SECRET}: hunter2\n  broken: [\n`);
    const lines = [caseLine('ok-1'), JSON.stringify({ id: 'leak', policy: secret, facts: {} }), caseLine('ok-2')];
    const ndjson = write(dir, 'cases.ndjson', `${lines.join('\n')}\n`);
    const json = write(dir, 'cases.json', `[${lines.join(',')}]`);
    const runs = [
      rongcuo(['check', json, '-f', 'json'], { env: SERIAL }),
      rongcuo(['check', ndjson, '-f', 'ndjson'], { env: SERIAL }),
      rongcuo(['check', ndjson, '-f', 'ndjson'], { env: PARALLEL }),
    ];
    for (const r of runs) {
      expectNoSecret(r);
      const leak = r.stdout.split('\n').find((l) => l.includes('"leak"'))!;
      const result = JSON.parse(leak.replace(/,$/, '')) as { outcome: null; errors: Array<{ path: string; message: string }> };
      expect(result.outcome).toBeNull();
      expect(result.errors[0]!.path).toBe('policy');
      expect(result.errors[0]!.message).toContain('fuzhou-2019、gansu-safety-2018');
      expect(result.errors[0]!.message).toContain('--policy');
      // A bundled id still works (the case format's contract).
      expect(r.stdout).toMatch(/"case":"ok-2","policy":"fuzhou-2019","outcome":"undetermined"/);
    }
    expect(runs[2]!.stdout).toBe(runs[1]!.stdout);
    expect(runs[2]!.stderr).toBe(runs[1]!.stderr);

    const single = write(dir, 'one.json', JSON.stringify([{ id: 'leak', policy: secret, facts: {} }]));
    for (const args of [['report', single], ['draft', single], ['assess', '--answers', single]]) {
      const r = rongcuo(args);
      expectNoSecret(r);
      expect(r.stderr).toContain('policy');
      expect(r.stderr).toContain('--policy');
    }
  });

  it('quotes nothing of a file given as --policy that is not a policy: located errors only', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const files = {
      'text.txt': `line one\n${SECRET} the password is hunter2\n`,
      'data.json': JSON.stringify({ [SECRET]: SECRET, token: SECRET }),
      'escape.yaml': `id: x\ntitle: "bad \\q ${SECRET}"\n`,
      'header.yaml': `id: x\nnote: |${SECRET}\n  text\n`,
      'nested.yaml': `id: x\n${SECRET}: a: b\n`,
      'reserved.yaml': `id: x\ntitle: @${SECRET}\n`,
      'alias.yaml': `id: x\ntitle: *${SECRET}\n`,
      'unknown-key.yaml': `id: x\n${SECRET}: 1\n`,
      'flow.yaml': `id: x\ntitle: [a, b\n${SECRET}\n`,
    };
    for (const [name, content] of Object.entries(files)) {
      const file = write(dir, name, content);
      const check = rongcuo(['check', 'fixtures/cases.json', '--policy', file, '-f', 'json']);
      expectNoSecret(check);
      expect(check.stdout).toBe('');
      expect(check.stderr).toContain(`${file}`);
      const validate = rongcuo(['policies', 'validate', file]);
      expectNoSecret(validate);
    }
    // Where it is a syntax error, the file, line and column and what was expected.
    const nested = rongcuo(['policies', 'show', join(dir, 'nested.yaml')]);
    expectNoSecret(nested);
    expect(nested.stderr).toMatch(/nested\.yaml:2:\d+：/);
    const unknown = rongcuo(['report', 'fixtures/cases.json', '-c', '2024-017', '-p', join(dir, 'unknown-key.yaml')]);
    expectNoSecret(unknown);
    expect(unknown.stderr).toMatch(/unknown-key\.yaml:2:1：未知字段/);
  });

  it('quotes no words of a case file that is not JSON', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const json = write(dir, 'cases.json', `[{"id": ${SECRET}}]`);
    const r = rongcuo(['check', json, '-p', 'fuzhou-2019']);
    expectNoSecret(r);
    // Not even its first letter: a punctuation mark is quoted (this says where), a word is not.
    expect(r.stderr).toBe(`rongcuo：${json}:1:9：JSON 语法错误：此处的内容不应出现；应为值（对象、数组、字符串、数字、true、false 或 null）。\n`);
    const ndjson = write(dir, 'cases.ndjson', `${caseLine('a')}\n{"id": ${SECRET}}\n{"id": "b",]\n`);
    const n = rongcuo(['check', ndjson, '-f', 'ndjson']);
    expectNoSecret(n);
    expect(n.stderr).toContain(`${ndjson}:2：JSON 语法错误：此处的内容不应出现；`);
    expect(n.stderr).toContain(`${ndjson}:3：JSON 语法错误：此处不应出现 "]"；`);
  });

  it('reads from a session file only a policy assess could have written, and quotes nothing of it', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const secret = write(dir, 'secret.txt', `${SECRET}: a: b\n`);
    const byPath = rongcuo(['assess', '--resume', write(dir, 'by-path.json', sessionText(secret))]);
    expectNoSecret(byPath);
    expect(byPath.stderr).toContain('会话记录的政策无法使用');
    // assess writes a bundled id or an absolute path; a relative one is not its own.
    const relative = rongcuo(['assess', '--resume', write(dir, 'relative.json', sessionText('../secret.txt'))]);
    expect(relative.code).toBe(2);
    expect(relative.stderr).toContain('应为内置政策 id 或政策文件的绝对路径');
    const broken = rongcuo(['assess', '--resume', write(dir, 'broken.json', `{"rongcuoSession": 1, "${SECRET}": ${SECRET}}`)]);
    expectNoSecret(broken);
    const unknown = rongcuo(['assess', '--resume', write(dir, 'unknown.json', JSON.stringify({ ...JSON.parse(sessionText(null)), [SECRET]: 1 }))]);
    expectNoSecret(unknown);
    expect(unknown.stderr).toContain('不是 rongcuo assess 的会话文件');
  });
});

describe('policy identity', () => {
  it('refuses a --policy file whose id is a bundled one, and takes the bundled file itself', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const impostor = write(dir, 'impostor.yaml', readFileSync('fixtures/policy-custom.yaml', 'utf8').replace('id: custom-fuzhou', 'id: fuzhou-2019'));
    for (const args of [
      ['check', 'fixtures/cases.json', '--policy', impostor, '-f', 'json'],
      ['report', 'fixtures/cases.json', '-c', '2024-017', '--policy', impostor],
      ['policies', 'show', impostor],
    ]) {
      const r = rongcuo(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('政策 id “fuzhou-2019”与内置政策相同');
      expect(r.stderr).toContain('改为别的名字');
    }
    const own = rongcuo(['check', 'fixtures/cases.json', '--policy', join(ROOT, 'policies', 'fuzhou-2019.yaml'), '-f', 'json']);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('"policy":"fuzhou-2019"');
  });
});

/** JSON text `depth` arrays deep, closed one bracket short when `broken`. */
const deep = (depth: number, broken: boolean) => `${'['.repeat(depth)}${']'.repeat(broken ? depth - 1 : depth)}`;

describe('deep and huge input', () => {
  it('locates an error in JSON nested 100,000 deep without running out of stack', () => {
    expect(locateJsonError(`{"a": ${deep(100_000, true)}}`)).toEqual({ offset: 6 + 100_000 + 99_999, message: '此处不应出现 "}"；应为逗号 , 或 ]' });
    expect(locateJsonError(deep(100_000, false))).toBeNull();
    expect(locateJsonError('{"a": [1, {"b": [true, null]}], "c": "d"}')).toBeNull();
    expect(locateJsonError('{"a": [1, 2,]}')?.message).toBe('数组最后一项后多了逗号');
    expect(locateJsonError('{"a": 1,}')?.message).toContain('最后一项后多了逗号');
    expect(locateJsonError('{"a" 1}')?.message).toContain('键后应为冒号');
  });

  it('reports JSON nested 20,000 deep as an ordinary located error, in a case file, an NDJSON line and a session file', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const json = rongcuo(['check', write(dir, 'deep.json', `[{"id": "d", "facts": ${deep(20_000, true)}}]`), '-p', 'fuzhou-2019']);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/deep\.json:1:\d+：JSON 语法错误/);
    expect(json.stderr).not.toContain('内部错误');
    const lines = [caseLine('a'), `{"id": "d", "facts": ${deep(20_000, true)}}`, `{"id": "w", "policy": "fuzhou-2019", "facts": ${deep(20_000, false)}}`, caseLine('c')];
    const file = write(dir, 'deep.ndjson', `${lines.join('\n')}\n`);
    for (const env of [SERIAL, PARALLEL]) {
      const r = rongcuo(['check', file, '-f', 'ndjson'], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).not.toContain('内部错误');
      expect(r.stderr).toContain(`${file}:2：JSON 语法错误`);
      // Well-formed but deep: an invalid case, like any other.
      expect(r.stderr).toContain(`${file}:3（w） facts：应为对象`);
      expect(r.stdout).toContain('"case":"c","policy":"fuzhou-2019"');
    }
    const session = rongcuo(['assess', '--resume', write(dir, 'deep-session.json', `{"rongcuoSession": 1, "case": ${deep(20_000, true)}}`)]);
    expect(session.code).toBe(2);
    expect(session.stderr).toContain('会话文件已损坏');
    const wellFormed = rongcuo(['assess', '--resume', write(dir, 'deep-session-2.json', sessionText('fuzhou-2019').replace('"facts":{}', `"facts":${deep(20_000, false)}`))]);
    expect(wellFormed.code).toBe(2);
    expect(wellFormed.stderr).toContain('会话文件中的案例无效');
    expect(`${session.stderr}${wellFormed.stderr}${json.stderr}`).not.toContain('Maximum call stack');
  });

  it('refuses an NDJSON line of 48 MB in bounded memory, serial and parallel, and goes on with the next line', { timeout: 240_000 }, () => {
    const dir = tempDir();
    // Reports the process's peak resident memory (in KiB) on exit.
    const preload = write(
      dir,
      'maxrss.cjs',
      "if (require('node:worker_threads').isMainThread) process.on('exit', () => require('node:fs').writeSync(2, `MAXRSS ${process.resourceUsage().maxRSS}\\n`));\n",
    );
    const small = write(dir, 'small.ndjson', `${[caseLine('a'), caseLine('b'), caseLine('c')].join('\n')}\n`);
    const huge = write(dir, 'huge.ndjson', Buffer.concat([
      Buffer.from(`${caseLine('a')}\n{"id": "b", "policy": "fuzhou-2019", "facts": {}, "note": "`),
      Buffer.alloc(48 * 2 ** 20, 'x'),
      Buffer.from(`"}\n${caseLine('c')}\n`),
    ]));
    // A heap too small for the line: a reader that kept it would fail outright.
    const env = (workers: Record<string, string>) => ({ ...workers, NODE_OPTIONS: `--max-old-space-size=96 --require ${preload}` });
    const peak = (r: RunResult) => Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1]);
    for (const workers of [SERIAL, { RONGCUO_WORKERS: '2' }]) {
      const base = rongcuo(['check', small, '-f', 'ndjson'], { env: env(workers) });
      expect(base.code).toBe(0);
      const r = rongcuo(['check', huge, '-f', 'ndjson'], { env: env(workers) });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${huge}:2：该行超过 1024 KiB，未读取`);
      const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { case: string | null; line?: number });
      expect(results.map((x) => [x.case, x.line])).toEqual([['a', undefined], [null, 2], ['c', undefined]]);
      expect(peak(r) - peak(base)).toBeLessThan(64 * 1024);
    }
  });

  it('judges lines past the limit alike serial and parallel, whatever their characters and line breaks', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const long = (fill: string) => `{"id": "long", "note": "${fill}"}`;
    const text = [
      caseLine('a'),
      '\n',
      long('长'.repeat(400_000)), // 1.2 MB of three-byte characters: too long, though under a million UTF-16 units
      '\r\n',
      caseLine('b'),
      '\r',
      long('x'.repeat(1024 * 1024 + 2)),
      '\r',
      caseLine('c'),
      '\n',
      ' '.repeat(1024 * 1024 + 10), // blank, but too long all the same
      '\n',
      long('é'.repeat(600_000)),
      '\r\n',
      `  ${caseLine('d')}`,
      '\n',
      long('𠀀'.repeat(300_000)),
    ].join('');
    const file = write(dir, 'long.ndjson', text);
    const serial = rongcuo(['check', file, '-f', 'ndjson'], { env: SERIAL });
    const parallel = rongcuo(['check', file, '-f', 'ndjson'], { env: PARALLEL });
    expect(parallel.stdout).toBe(serial.stdout);
    expect(parallel.stderr).toBe(serial.stderr);
    expect(serial.code).toBe(2);
    const tooLong = [...serial.stderr.matchAll(/:(\d+)：该行超过 1024 KiB/g)].map((m) => Number(m[1]));
    expect(tooLong).toEqual([2, 4, 6, 7, 9]);
    for (const id of ['a', 'b', 'c', 'd']) expect(serial.stdout).toContain(`"case":"${id}","policy":"fuzhou-2019"`);
  });
});

describe('files that are not quite what they seem', () => {
  it('accepts a session file with a UTF-8 byte order mark', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const r = rongcuo(['assess', '--resume', write(dir, 'bom.json', `\uFEFF${sessionText('fuzhou-2019')}`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(RESUMED);
  });

  it('names UTF-16 as UTF-16 in case, policy and session files (LE and BE, with a byte order mark or without)', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();
    const cases = `[${caseLine('u')}]`;
    const files = [
      ['check', write(dir, 'cases-le.json', le(cases))],
      ['check', write(dir, 'cases-be.ndjson', be(`${caseLine('u')}\n`))],
      ['check', write(dir, 'cases-nobom.ndjson', Buffer.from(`${caseLine('u')}\n`, 'utf16le'))],
      ['policy', write(dir, 'policy-le.yaml', le(readFileSync('fixtures/policy-custom.yaml', 'utf8')))],
      ['policy', write(dir, 'policy-be.yaml', be(readFileSync('fixtures/policy-custom.yaml', 'utf8')))],
      ['resume', write(dir, 'session-le.json', le(sessionText('fuzhou-2019')))],
      ['resume', write(dir, 'session-be.json', be(sessionText('fuzhou-2019')))],
    ];
    for (const [kind, file] of files) {
      const r =
        kind === 'check'
          ? rongcuo(['check', file!, '-f', 'json'])
          : kind === 'policy'
            ? rongcuo(['check', 'fixtures/cases.json', '--policy', file!])
            : rongcuo(['assess', '--resume', file!]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`rongcuo：${file}：文件是 UTF-16 编码，请另存为 UTF-8。\n`);
    }
    // Binary is still binary.
    const binary = rongcuo(['check', write(dir, 'bin.json', Buffer.from([0x7b, 0x00, 0xff, 0x10, 0x00, 0x00, 0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 4, 5, 6, 7]))]);
    expect(binary.stderr).toContain('是二进制文件');
  });

  it('checks standard input as -, JSON or NDJSON, and a named pipe', { timeout: SPAWNS }, () => {
    const json = rongcuo(['check', '-', '-f', 'json'], { input: JSON.stringify({ formatVersion: 1, cases: [JSON.parse(caseLine('j'))] }) });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).results[0].case).toBe('j');
    const pretty = rongcuo(['check', '-', '-f', 'json'], { input: `\n${JSON.stringify([JSON.parse(caseLine('p'))], null, 2)}\n` });
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toContain('"case":"p"');
    const ndjson = rongcuo(['check', '-', '-f', 'ndjson'], { input: `${caseLine('n1')}\n{"id": "bad"\n${caseLine('n2')}\n` });
    expect(ndjson.code).toBe(2);
    expect(ndjson.stdout).toContain('"case":"n2"');
    expect(ndjson.stderr).toContain('标准输入:2：JSON 语法错误');
    const empty = rongcuo(['check', '-'], { input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('标准输入：没有内容');
    expect(empty.stderr).not.toContain('文件是空的');

    const dir = tempDir();
    const fifo = join(dir, 'cases.ndjson');
    execFileSync('mkfifo', [fifo]);
    const source = write(dir, 'source.ndjson', `${caseLine('f1')}\n${caseLine('f2')}\n`);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, fifo], { stdio: 'ignore' });
    const piped = rongcuo(['check', fifo, '-f', 'ndjson'], { env: { RONGCUO_WORKERS: '2' } });
    writer.kill();
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('"case":"f2"');
  });

  it('refuses a session file that others can write or that belongs to someone else', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const open = write(dir, 'open.json', sessionText('fuzhou-2019'));
    chmodSync(open, 0o666);
    const writable = rongcuo(['assess', '--resume', open]);
    expect(writable.code).toBe(2);
    expect(writable.stderr).toContain('会话文件任何人都可以改写，拒绝读取');
    chmodSync(open, 0o600);
    expect(rongcuo(['assess', '--resume', open]).stderr).toContain(RESUMED);

    let foreign: string | undefined;
    if (process.getuid?.() === 0) {
      foreign = write(dir, 'foreign.json', sessionText('fuzhou-2019'));
      chownSync(foreign, 65534, 65534);
    } else if (existsSync('/etc/passwd') && statSync('/etc/passwd').uid !== process.getuid?.()) {
      foreign = '/etc/passwd';
    }
    if (foreign) {
      const r = rongcuo(['assess', '--resume', foreign]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`rongcuo：${foreign}：会话文件不属于当前用户，拒绝读取：它可能被他人改动过。请只继续自己中断的问询。\n`);
    }
  });

  it('warns on stderr of ids in one batch that only look alike, serial and parallel alike', { timeout: SPAWNS }, () => {
    const dir = tempDir();
    const ids = ['2024-017', 'plain-1', '２０２４-017', 'caf\u00e9-案', 'plain-2', 'cafe\u0301-案', 'x\u200by', 'ab\u200b', 'ab', 'Ａ-1'];
    const lines = ids.map((id) => caseLine(id));
    lines.splice(8, 0, JSON.stringify({ id: 'A-1', facts: {} }));
    const file = write(dir, 'ids.ndjson', `${lines.join('\n')}\n`);
    const serial = rongcuo(['check', file, '-f', 'ndjson'], { env: SERIAL });
    const parallel = rongcuo(['check', file, '-f', 'ndjson'], { env: { RONGCUO_WORKERS: '2', RONGCUO_CHUNK_BYTES: '128' } });
    expect(parallel.stdout).toBe(serial.stdout);
    expect(parallel.stderr).toBe(serial.stderr);
    const warnings = serial.stderr.split('\n').filter((l) => l.startsWith('警告'));
    expect(warnings).toEqual([
      '警告：案例 id “2024-017”（第 1 个案例）、“２０２４-017”（第 3 个案例）看起来相同，却是不同的 id（全角与半角、Unicode 组合方式或不可见字符不同）；若是同一案例，请统一写法。',
      `警告：案例 id “caf\u00e9-案”（第 4 个案例）、“cafe\u0301-案”（第 6 个案例）看起来相同，却是不同的 id（全角与半角、Unicode 组合方式或不可见字符不同）；若是同一案例，请统一写法。`,
      '警告：案例 id “x<U+200B>y”（第 7 个案例）含不可见字符；请删除。',
      '警告：案例 id “ab<U+200B>”（第 8 个案例）、“ab”（第 10 个案例）看起来相同，却是不同的 id（全角与半角、Unicode 组合方式或不可见字符不同）；若是同一案例，请统一写法。',
      '警告：案例 id “ab<U+200B>”（第 8 个案例）含不可见字符；请删除。',
      // An ASCII id seen first, without a policy (an invalid case still takes its id).
      '警告：案例 id “A-1”（第 9 个案例）、“Ａ-1”（第 11 个案例）看起来相同，却是不同的 id（全角与半角、Unicode 组合方式或不可见字符不同）；若是同一案例，请统一写法。',
    ]);
    expect(serial.stdout).not.toContain('警告');

    const plain = rongcuo(['check', 'fixtures/cases.json', '-f', 'json']);
    expect(plain.stderr).toBe('');
  });
});
