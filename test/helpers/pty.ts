// A pseudo-terminal for tests, from python3's standard `pty` module (no
// native Node module to compile on CI).
import { spawnSync } from 'node:child_process';

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

