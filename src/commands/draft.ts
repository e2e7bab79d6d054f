// `rongcuo draft`: placeholder until the draft application lands (issue 4).
import { UserError } from '../errors.js';

export interface DraftOptions {
  policy?: string;
  case?: string;
  format?: string;
  output?: string;
  force?: boolean;
}

export async function runDraft(_file: string, _opts: DraftOptions): Promise<number> {
  throw new UserError('draft 尚未实现。');
}
