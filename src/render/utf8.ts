// Output built as UTF-8 bytes: a batch's results repeat a few texts (policy
// ids, outcomes, whole bases of Chinese citations), which are encoded once
// and copied after, instead of being encoded again for every case.

const encoder = new TextEncoder();

export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/**
 * Writes `text` as UTF-8 into `bytes` at `at`, which must have room for
 * 3 bytes per UTF-16 unit; returns the number of bytes written. Short ASCII
 * (ids, keys) is copied by hand, faster than encodeInto.
 */
export function writeUtf8(text: string, bytes: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return encoder.encodeInto(text, bytes.subarray(at)).written;
    bytes[at + i] = c;
  }
  return text.length;
}

/** UTF-8 bytes, growing as needed, in a buffer given to start with (to be reused). */
export class Utf8Output {
  length = 0;
  constructor(public bytes: Uint8Array) {}

  /** Room for `n` more bytes. */
  room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(2 * this.bytes.length, this.length + n));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  text(text: string): void {
    this.room(3 * text.length);
    this.length += writeUtf8(text, this.bytes, this.length);
  }

  /** Bytes encoded before. */
  copy(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }
}
