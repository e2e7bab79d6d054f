// Text files as rongcuo reads them (case, policy and session files): UTF-8,
// with or without a byte order mark. A file saved as UTF-16 (what Windows
// editors call “Unicode”) is named as such, rather than as binary or as
// broken UTF-8, so that the user knows how to save it again.
import { UserError } from '../errors.js';

/**
 * Whether bytes that start a file are UTF-16: a byte order mark, or, without
 * one, what text in UTF-16 mostly is: ASCII characters, each a printable
 * byte and a NUL, the NULs all on the same side (binary data has them on
 * both, or next to unprintable bytes).
 */
export function isUtf16(head: Uint8Array): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  const pairs = Math.min(head.length, 8192) >> 1;
  if (pairs < 8) return false;
  return asciiAsUtf16(head, pairs, 1) || asciiAsUtf16(head, pairs, 0);
}

/** Whether at least half of the first `pairs` byte pairs are a printable ASCII byte and a NUL at `nul` (0 or 1), and no NUL is on the other side. */
function asciiAsUtf16(head: Uint8Array, pairs: number, nul: number): boolean {
  let ascii = 0;
  for (let i = 0; i < 2 * pairs; i += 2) {
    const char = head[i + 1 - nul]!;
    if (char === 0) return false;
    if (head[i + nul] === 0) {
      if (char !== 0x09 && char !== 0x0a && char !== 0x0d && (char < 0x20 || char > 0x7e)) return false;
      ascii++;
    }
  }
  return 2 * ascii >= pairs;
}

export const utf16Message = (file: string): string => `${file}：文件是 UTF-16 编码，请另存为 UTF-8。`;

/**
 * A whole file's bytes as text: UTF-8, its byte order mark dropped. A
 * UserError naming `file` when the bytes are UTF-16 or not UTF-8 (`fix`: what
 * to do then); nothing of the content is quoted.
 */
export function decodeTextFile(bytes: Uint8Array, file: string, fix: string): string {
  if (isUtf16(bytes)) throw new UserError(utf16Message(file));
  try {
    // Not ignoreBOM: a leading byte order mark is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${file}：不是 UTF-8 文本。${fix}`);
  }
}
