// Terminal styling shared by every view: colour only on a terminal, never
// under NO_COLOR, and CJK-aware column widths.
import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';
import { OUTCOME_TONES, type Outcome } from '../vocabulary.js';

function colourWanted(isTerminal: boolean): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return isTerminal && process.env.TERM !== 'dumb';
}

export function makeChalk(isTerminal: boolean): ChalkInstance {
  return new Chalk({ level: colourWanted(isTerminal) ? 1 : 0 });
}

/** An outcome's text in its tone's colour (vocabulary/outcomes.yaml). */
export function paintOutcome(c: ChalkInstance, outcome: Outcome, text: string): string {
  switch (OUTCOME_TONES[outcome]) {
    case 'good':
      return c.green(text);
    case 'mid':
      return c.cyan(text);
    case 'bad':
      return c.red(text);
    case 'unknown':
      return c.yellow(text);
    case 'neutral':
      return c.dim(text);
  }
}

export function width(text: string): number {
  return stringWidth(text);
}

export function padEnd(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

/** Cuts a plain (uncoloured) string to a display width, with an ellipsis. */
export function truncate(text: string, to: number): string {
  if (width(text) <= to) return text;
  let out = '';
  for (const ch of text) {
    if (width(out + ch) > to - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Aligns rows of cells; each cell is [plain text, painted text]. */
export function formatTable(header: string[], rows: Array<Array<[string, string]>>, c: ChalkInstance, gap = 2): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]?.[0] ?? ''))));
  const sep = ' '.repeat(gap);
  const last = header.length - 1;
  const lines = [header.map((h, i) => c.bold(i === last ? h : padEnd(h, widths[i]!))).join(sep)];
  lines.push(widths.map((w) => '─'.repeat(w)).join(sep));
  for (const row of rows) {
    lines.push(
      row
        .map(([plain, painted], i) => painted + ' '.repeat(Math.max(0, widths[i]! - width(plain))))
        .join(sep)
        .trimEnd(),
    );
  }
  return lines.join('\n');
}
