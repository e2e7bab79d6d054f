// Duplicate case ids over a batch of any length, in little memory.
import { writeUtf8 } from '../render/utf8.js';

/**
 * The position of each case id's first occurrence, for duplicate detection
 * over batches of any length. A Map of a million id strings costs over
 * 100 MB of resident memory with the collector's slack; here the ids are
 * UTF-8 bytes in typed arrays, outside the collected heap: 22 to 28 bytes
 * for an 8-character id.
 */
export class IdIndex {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** Id k is bytes[starts[k]] up to bytes[starts[k + 1]], first seen at position firsts[k]. */
  private starts = new Uint32Array(1 << 12);
  private firsts = new Uint32Array(1 << 12);
  private count = 0;
  /** Open addressing, linear probing: k + 1 of the id in the slot, 0 when free; at most two thirds full. */
  private slots = new Int32Array(1 << 13);
  /** The UTF-8 length of the id `firstOrAdd` was given last: its UTF-16 length when, and only when, the id is ASCII. */
  lastBytes = 0;

  /** The position first recorded for `id`; or, the first time, records `position` and returns -1. */
  firstOrAdd(id: string, position: number): number {
    // The id's bytes go after the last id's: kept if it is new, overwritten by the next one if not.
    this.room(3 * id.length);
    this.lastBytes = writeUtf8(id, this.bytes, this.used);
    return this.place(this.lastBytes, position);
  }

  /** The position recorded for `id`, or -1 (nothing is recorded). */
  find(id: string): number {
    this.room(3 * id.length);
    const k1 = this.slots[this.probe(writeUtf8(id, this.bytes, this.used))]!;
    return k1 === 0 ? -1 : this.firsts[k1 - 1]!;
  }

  /** As `firstOrAdd`, for an id given as its UTF-8 bytes, source[from, to) (as the parallel check's workers send them). */
  firstOrAddBytes(source: Uint8Array, from: number, to: number, position: number): number {
    this.room(to - from);
    const bytes = this.bytes;
    const at = this.used;
    for (let i = from; i < to; i++) bytes[at + i - from] = source[i]!;
    return this.place(to - from, position);
  }

  /** The slot of the id whose `length` bytes were just written at `used`: its own, or the free one it would take. */
  private probe(length: number): number {
    const start = this.used;
    const mask = this.slots.length - 1;
    let slot = hashOf(this.bytes, start, start + length) & mask;
    for (let k1 = this.slots[slot]!; k1 !== 0; k1 = this.slots[slot]!) {
      if (this.holds(k1 - 1, start, length)) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** Finds or records the id whose `length` bytes were just written at `used`. */
  private place(length: number, position: number): number {
    const slot = this.probe(length);
    const found = this.slots[slot]!;
    if (found !== 0) return this.firsts[found - 1]!;
    const k = this.count++;
    if (k + 2 > this.starts.length) {
      this.starts = grown(this.starts, this.starts.length * 2);
      this.firsts = grown(this.firsts, this.starts.length);
    }
    this.used += length;
    this.starts[k + 1] = this.used;
    this.firsts[k] = position;
    this.slots[slot] = k + 1;
    if (3 * this.count > 2 * this.slots.length) this.growSlots(2 * this.slots.length);
    return -1;
  }

  /** How many ids are recorded: a mark to roll back to. */
  get size(): number {
    return this.count;
  }

  /**
   * Forgets the ids recorded after the first `mark`, newest first. Linear
   * probing allows that: a probe chain can only run through slots taken
   * earlier, so freeing the latest takes never breaks another id's chain.
   */
  rollback(mark: number): void {
    const mask = this.slots.length - 1;
    while (this.count > mark) {
      const k = --this.count;
      let slot = hashOf(this.bytes, this.starts[k]!, this.starts[k + 1]!) & mask;
      while (this.slots[slot] !== k + 1) slot = (slot + 1) & mask;
      this.slots[slot] = 0;
      this.used = this.starts[k]!;
    }
  }

  /** Room for `length` more bytes after the recorded ids. */
  private room(length: number): void {
    if (this.used + length > this.bytes.length) {
      this.bytes = grown(this.bytes, Math.max(this.bytes.length + (this.bytes.length >> 1), this.used + length));
    }
  }

  private holds(k: number, start: number, length: number): boolean {
    const from = this.starts[k]!;
    if (this.starts[k + 1]! - from !== length) return false;
    const bytes = this.bytes;
    for (let i = 0; i < length; i++) if (bytes[from + i] !== bytes[start + i]) return false;
    return true;
  }

  /**
   * Room for `count` ids in all (of about `bytesPerId` bytes each), made
   * at once: a long batch that knows its size then never copies its tables
   * as they grow, nor leaves the old ones for the collector.
   */
  reserve(count: number, bytesPerId: number): void {
    if (count + 2 > this.starts.length) {
      this.starts = grown(this.starts, count + 2);
      this.firsts = grown(this.firsts, count + 2);
    }
    // And the room `firstOrAdd` wants for the last id (3 bytes per UTF-16 unit).
    const bytes = this.used + Math.ceil((count - this.count) * bytesPerId) + 256;
    if (bytes > this.bytes.length) this.bytes = grown(this.bytes, bytes);
    let slots = this.slots.length;
    while (3 * count > 2 * slots) slots *= 2;
    if (slots > this.slots.length) this.growSlots(slots);
  }

  private growSlots(size: number): void {
    const slots = new Int32Array(size);
    const mask = slots.length - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = hashOf(this.bytes, this.starts[k]!, this.starts[k + 1]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = k + 1;
    }
    this.slots = slots;
  }
}

/** A copy of a typed array, `length` long. */
export function grown<T extends Uint8Array | Uint32Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

/** FNV-1a over bytes[from, to), then murmur3's finaliser so that linear probing spreads. */
function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
