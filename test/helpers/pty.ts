// A pseudo-terminal for tests, from python3's standard `pty` module (no
// native Node module to compile on CI).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN } from './cli.js';

/**
 * The pty driver: runs the command on a new pseudo-terminal (160×50),
 * relays our stdin to it and its output to our stdout, hangs the terminal
 * up when our stdin closes, and exits with the command's exit status.
 */
export const PTY_DRIVER = String.raw`
import os, pty, sys, select, struct, fcntl, termios
argv = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 160, 0, 0))
    os.execvp(argv[0], argv)
stdin_open = True
while True:
    try:
        r, _, _ = select.select([fd] + ([0] if stdin_open else []), [], [])
    except InterruptedError:
        continue
    if fd in r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            break
        os.write(1, data)
    if stdin_open and 0 in r:
        data = os.read(0, 65536)
        if data:
            os.write(fd, data)
        else:
            stdin_open = False
            os.close(fd)
            break
_, status = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
`;

export const hasPython = spawnSync('python3', ['-c', 'import pty'], { encoding: 'utf8' }).status === 0;

/** Terminal output as plain text: no escape sequences, no carriage returns. */
export function plain(raw: string): string {
  return raw
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[()][A-Z0-9]/g, '')
    .replace(/\r/g, '');
}

const WAIT = 30_000;

/** A rongcuo command on a pseudo-terminal, read as a user reads the screen: every step waits for text, never for a time. */
export class Terminal {
  private raw = '';
  /** Everything before this offset (of the plain text) has been read. */
  private pos = 0;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number>;

  /** `rongcuo ARGS` on a new pseudo-terminal; `stdoutTo`: with its standard output redirected to that file instead. */
  constructor(args: string[], cwd: string, options: { env?: Record<string, string | undefined>; stdoutTo?: string } = {}) {
    const command = [process.execPath, BIN, ...args];
    const argv = options.stdoutTo === undefined ? command : ['sh', '-c', 'out="$1"; shift; exec "$@" > "$out"', 'sh', options.stdoutTo, ...command];
    this.child = spawn('python3', ['-c', PTY_DRIVER, ...argv], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', TERM: 'xterm-256color', CI: 'true', LANG: 'C.UTF-8', ...options.env },
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    const take = (d: string) => {
      this.raw += d;
      for (const w of this.waiters) w();
    };
    this.child.stdout.on('data', take);
    this.child.stderr.on('data', take);
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code ?? -1)));
  }

  get text(): string {
    return plain(this.raw);
  }

  /** Everything the terminal received, escape sequences and all. */
  get rawText(): string {
    return this.raw;
  }

  /** The output not read yet. */
  get rest(): string {
    return this.text.slice(this.pos);
  }

  /** Waits until `needle` (a string or pattern) appears after what has been read; reads up to its end. */
  async expect(needle: string | RegExp, timeout = WAIT): Promise<RegExpExecArray | string> {
    const find = (): RegExpExecArray | string | null => {
      const text = this.text;
      if (typeof needle === 'string') {
        const i = text.indexOf(needle, this.pos);
        if (i < 0) return null;
        this.pos = i + needle.length;
        return needle;
      }
      const re = new RegExp(needle.source, needle.flags.includes('g') ? needle.flags : `${needle.flags}g`);
      re.lastIndex = this.pos;
      const m = re.exec(text);
      if (!m) return null;
      this.pos = m.index + m[0].length;
      return m;
    };
    const found = find();
    if (found !== null) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${String(needle)}; screen after the last read:\n${this.rest.slice(-3000)}`));
      }, timeout);
      const check = () => {
        const f = find();
        if (f === null) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(f);
      };
      this.waiters.add(check);
      void this.exited.then(() => setTimeout(check, 50));
    });
  }

  send(keys: string): void {
    this.child.stdin.write(keys);
  }

  /** Waits for a prompt, types the keys, and waits until the prompt is answered (its ✔ line). */
  async answer(prompt: string, keys: string): Promise<void> {
    await this.expect(prompt);
    this.send(keys);
    await this.expect(/✔[^\n]*\n/);
  }

  /**
   * Answers fact questions in whatever order the interview asks them, until
   * `stop` shows; returns the order they came in. A question not in `answers`
   * fails the test: the interview asked something it should not have.
   */
  async answerInAnyOrder(answers: Record<string, string>, stop: string): Promise<string[]> {
    const order: string[] = [];
    for (;;) {
      const prompt = (await this.expect(/\n\? ([^\n]*)/)) as RegExpExecArray;
      const message = prompt[1]!;
      if (message.startsWith(stop)) return order;
      const key = Object.keys(answers).find((k) => message.startsWith(k));
      if (!key) throw new Error(`unexpected question: ${message}\n${this.rest.slice(-2000)}`);
      order.push(key);
      this.send(answers[key]!);
      await this.expect(/✔[^\n]*\n/);
    }
  }

  closeInput(): void {
    this.child.stdin.end();
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** Runs the steps; on a failure the terminal is killed, so that the test ends. */
export async function run<T>(t: Terminal, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    t.kill();
    throw error;
  }
}
