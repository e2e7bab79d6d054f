// Where a JSON text goes wrong. V8's JSON.parse message does not always give
// a position (Node 20: "Unexpected token ']', ... is not valid JSON"), so on
// failure — never on the hot path — this small scanner finds the first error.
// It keeps its own stack of open brackets, so that no depth of nesting can
// exhaust the call stack; and its messages say what was expected, quoting at
// most one punctuation character of the text, never its words.

interface JsonSyntaxError {
  offset: number;
  message: string;
}

/** Characters a message may quote: JSON's own punctuation and the full-width look-alikes typed by mistake. */
const QUOTABLE = /^[!-/:-@[-`{-~“”‘’，：；（）【】、。]$/;

const OBJECT = 0;
const ARRAY = 1;

export function locateJsonError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message } satisfies JsonSyntaxError;
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const describe = () => {
    if (i >= text.length) return '内容在此处意外结束（缺少结尾的括号或引号？）';
    const ch = text[i]!;
    return QUOTABLE.test(ch) ? `此处不应出现 ${JSON.stringify(ch)}` : '此处的内容不应出现';
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('\\u 转义后应为 4 位十六进制数');
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail('无效的转义序列');
        continue;
      }
      if (ch < ' ') fail('字符串中有未转义的控制字符（换行须写作 \\n）');
      i++;
    }
    fail('字符串缺少结尾的引号');
  };
  /** An object's key and its colon, the value's start next. */
  const key = () => {
    ws();
    if (text[i] !== '"') fail(`${describe()}；对象的键应为带双引号的字符串${text[i] === '}' ? '（最后一项后多了逗号？）' : ''}`);
    string();
    ws();
    if (text[i] !== ':') fail(`${describe()}；键后应为冒号 :`);
    i++;
  };
  /** The brackets open around the value being read, innermost last. */
  const open: number[] = [];
  /** Reads one value, or opens a bracket (its first value next); true when a whole value was read. */
  const value = (): boolean => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return true;
      }
      open.push(OBJECT);
      key();
      return false;
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return true;
      }
      open.push(ARRAY);
      return false;
    }
    if (ch === '"') {
      string();
      return true;
    }
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (literal) {
      i += literal[0].length;
      return true;
    }
    return fail(`${describe()}；应为值（对象、数组、字符串、数字、true、false 或 null）${ch === "'" ? '；JSON 字符串须用双引号' : ''}`);
  };
  /** After a whole value: closes the brackets it ends; false when another value follows in the innermost one. */
  const close = (): boolean => {
    while (open.length > 0) {
      ws();
      const inner = open[open.length - 1];
      if (text[i] === ',') {
        i++;
        if (inner === OBJECT) key();
        else {
          ws();
          if (text[i] === ']') fail('数组最后一项后多了逗号');
        }
        return false;
      }
      if (text[i] === (inner === OBJECT ? '}' : ']')) {
        i++;
        open.pop();
        continue;
      }
      fail(`${describe()}；应为逗号 , 或 ${inner === OBJECT ? '}' : ']'}`);
    }
    return true;
  };
  try {
    while (!(value() && close()));
    ws();
    if (i < text.length) fail(`${describe()}；JSON 值已结束，后面不应再有内容`);
    return null;
  } catch (error) {
    if (error && typeof error === 'object' && 'offset' in error) return error as JsonSyntaxError;
    throw error;
  }
}
