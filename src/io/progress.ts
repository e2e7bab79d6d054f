// Progress on stderr for batches that run longer than about a second: only
// on a terminal, never when piped or under CI, so logs stay clean.

export interface Progress {
  /** `count` more cases done (default one). */
  tick(count?: number): void;
  stop(): void;
}

/** RONGCUO_PROGRESS_AFTER_MS overrides it, for tests that cannot wait for a slow batch. */
const SHOW_AFTER_MS = Number(process.env.RONGCUO_PROGRESS_AFTER_MS ?? 1000);
const REDRAW_MS = 200;
/** Looking at the clock every case would cost more than the case itself: every 1,024 cases. */
const CLOCK_EVERY = 1024;

/** Not under TERM=dumb either: the line is redrawn with a carriage return and an erase sequence. */
function progressWanted(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI && process.env.TERM !== 'dumb';
}

export function startProgress(verb: string): Progress {
  if (!progressWanted()) return { tick() {}, stop() {} };
  const started = Date.now();
  let count = 0;
  let nextClock = CLOCK_EVERY;
  let lastDraw = 0;
  let drawn = false;
  return {
    tick(n = 1) {
      count += n;
      if (count < nextClock) return;
      nextClock = count + CLOCK_EVERY;
      const now = Date.now();
      if (now - started < SHOW_AFTER_MS || now - lastDraw < REDRAW_MS) return;
      lastDraw = now;
      drawn = true;
      const rate = Math.round(count / ((now - started) / 1000));
      process.stderr.write(`\r${verb}中… 已处理 ${count.toLocaleString('en-US')} 个案例（${rate.toLocaleString('en-US')} 个/秒）`);
    },
    stop() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}
