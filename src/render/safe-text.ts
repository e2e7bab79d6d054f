// Text from case files, policy files and file names, made safe to show.
// Every text, table, Markdown and HTML view, the interview's prompts and the
// messages that echo user data go through `sanitizeForTerminal`: control
// characters (C0, DEL, C1: ESC and so CSI/OSC sequences, CR, NUL…), the
// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
// line and paragraph separators (U+2028, U+2029) and lone surrogates are
// shown as visible escapes — `\t`, `\n`, `\r`, `\xHH` up to U+00FF, `\uHHHH`
// above — never passed to the terminal. JSON keeps the data exact
// (`terminalSafeJson` only writes some characters as \u escapes); CSV cells
// are also neutralised for spreadsheets (`csvSafe`); a docx drops what XML
// 1.0 cannot hold (`xmlSafe`).

/** What a terminal must not be sent raw (the line feed and tab excepted, see below). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** The same, but the line feed and tab may stay; a CR only as part of CRLF (then dropped). */
const UNSAFE_MULTILINE = /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeChar(ch: string): string {
  if (ch === '\r\n') return '\n';
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

interface SanitizeOptions {
  /**
   * Keep line feeds (and tabs) as they are, for multi-line views (a report,
   * a draft, a message of several lines); CRLF becomes LF, a bare CR is
   * escaped. Default: one line, every control escaped (cells, ids, names).
   */
  multiline?: boolean;
}

/** `text` with every character a terminal could act on shown as a visible escape (see the module's comment). */
export function sanitizeForTerminal(text: string, options: SanitizeOptions = {}): string {
  const unsafe = options.multiline ? UNSAFE_MULTILINE : UNSAFE;
  unsafe.lastIndex = 0;
  if (!unsafe.test(text)) return text;
  return text.replace(unsafe, escapeChar);
}

/** Of the multi-line kind: a message, a report, a draft. */
export const sanitizeLines = (text: string): string => sanitizeForTerminal(text, { multiline: true });

/**
 * Characters JSON may hold raw but a terminal could act on or reorder (C1
 * controls, bidi controls, U+2028/2029): JSON.stringify escapes C0 itself.
 * Only inside strings can they occur, so writing them as \u escapes keeps
 * the same data: JSON.parse gives back exactly the same strings.
 */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with the characters above written as \u escapes; unchanged (the same string) when it has none. */
export function terminalSafeJson(json: string): string {
  JSON_UNSAFE.lastIndex = 0;
  if (!JSON_UNSAFE.test(json)) return json;
  return json.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify, terminal-safe (see terminalSafeJson). */
export function stringifyJson(value: unknown, space?: number): string {
  return terminalSafeJson(JSON.stringify(value, null, space));
}

/**
 * A CSV cell a spreadsheet will not run: one that starts with = + - @, a tab
 * or a CR (OWASP, CSV injection) gets a leading `'`, as spreadsheet-safe
 * writers do; then controls are escaped as on a terminal.
 */
export function csvSafe(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return sanitizeForTerminal(guarded);
}

/** What XML 1.0 cannot hold: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates. */
const XML_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** How many characters of `text` XML 1.0 cannot hold. */
export function xmlUnsafeCount(text: string): number {
  XML_UNSAFE.lastIndex = 0;
  return text.match(XML_UNSAFE)?.length ?? 0;
}

/** `text` without the characters XML 1.0 cannot hold (a Word file with one does not open). */
export function xmlSafe(text: string): string {
  XML_UNSAFE.lastIndex = 0;
  if (!XML_UNSAFE.test(text)) return text;
  return text.replace(XML_UNSAFE, '');
}
