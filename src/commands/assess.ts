// `rongcuo assess`: placeholder until the interview lands (issue 5).
import { UserError } from '../errors.js';

export interface AssessOptions {
  policy?: string;
  answers?: string;
  case?: string;
  resume?: string;
}

export async function runAssess(_opts: AssessOptions): Promise<number> {
  throw new UserError('assess 尚未实现。');
}
