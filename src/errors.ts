// Errors a user can act on carry an exit code and a message in Chinese;
// anything else reaching the top level is a bug and is reported as one.

export const EXIT_OK = 0;
export const EXIT_MISMATCH = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** A problem with the user's input or invocation: message, no stack trace, exit 2. */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_USAGE) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** One located problem in a file: `file:line:col path — message`. */
export interface Located {
  file: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

export function formatLocated(e: Located): string {
  const where = e.line !== undefined ? `${e.file}:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : e.file;
  return `${where}${e.path ? ` ${e.path}` : ''}：${e.message}`;
}

/** Several located problems at once (a policy file with many mistakes). */
export class LocatedErrors extends UserError {
  readonly problems: Located[];
  constructor(summary: string, problems: Located[]) {
    super([summary, ...problems.map((p) => `  ${formatLocated(p)}`)].join('\n'));
    this.problems = problems;
  }
}
