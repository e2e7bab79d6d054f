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

/** What the system said, for a message: `ENOSPC，磁盘空间不足`; the code alone when it has no gloss. */
const SYSTEM_REASONS: Record<string, string> = {
  ENOSPC: '磁盘空间不足',
  EDQUOT: '超出磁盘配额',
  EFBIG: '文件超出大小限制',
  EIO: '输入输出错误',
  EROFS: '文件系统只读',
  EACCES: '没有权限',
  EPERM: '没有权限',
  ENOENT: '目录已不存在',
  ENOTDIR: '路径中有一项不是目录',
  ENAMETOOLONG: '文件名太长',
  ELOOP: '符号链接层数过多',
  EBADF: '已关闭',
  ENXIO: '没有读取方',
};

export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (!code) return (error as Error)?.message ?? String(error);
  const gloss = SYSTEM_REASONS[code];
  return gloss ? `${code}，${gloss}` : code;
}
