// `rongcuo report`: placeholder until the reasoned assessment lands (issue 4).
import { UserError } from '../errors.js';

export interface ReportOptions {
  policy?: string;
  case?: string;
  format?: string;
  output?: string;
  force?: boolean;
}

export async function runReport(_file: string, _opts: ReportOptions): Promise<number> {
  throw new UserError('report 尚未实现。');
}
