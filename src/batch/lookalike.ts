// Case ids that look the same and are not: composed against decomposed
// (NFC / NFD), full-width against ASCII letters and digits, invisible
// characters. Exact duplicates are errors (entry.ts); these are warnings,
// told once the batch is read, in file order whatever order the ids came in
// (the parallel check records a chunk's ids again when it checks a hole).
// Only an id with a character past ASCII is normalised: for an ASCII id the
// check is a comparison, unless an id seen normalises to ASCII.
import { grown, IdIndex } from './id-index.js';
import { Utf8Output } from '../render/utf8.js';

/** Characters that show nothing: soft hyphen, zero-width spaces and joiners, direction marks, word joiner, byte order mark. */
const INVISIBLE = '\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF';
const HAS_INVISIBLE = new RegExp(`[${INVISIBLE}]`);
const ALL_INVISIBLE = new RegExp(`[${INVISIBLE}]`, 'g');

/** What look-alike ids have in common: compatibility-normalised, invisible characters left out. */
const formOf = (id: string): string => id.normalize('NFKC').replace(ALL_INVISIBLE, '');

const isAscii = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
};

/** An id as a message shows it: invisible characters spelled out. */
const shown = (id: string): string =>
  `“${id.replace(ALL_INVISIBLE, (ch) => `<U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)}”`;

const decoder = new TextDecoder();

export class LookalikeIds {
  /** Each form, with the note (below) that first had it. */
  private readonly forms = new IdIndex();
  /** The ids noted, note by note: UTF-8 text (id k ends at ends[k]) and the case's position in the file. */
  private readonly text = new Utf8Output(new Uint8Array(1 << 12));
  private ends = new Uint32Array(1 << 8);
  private positions = new Uint32Array(1 << 8);
  private count = 0;
  /** Forms all ASCII, by their first note: an ASCII id of that form is a look-alike too. */
  private readonly asciiForms = new Map<string, number>();
  /** The notes of each form noted more than once, by the form's first note. */
  private readonly shared = new Map<number, number[]>();
  /** The notes of ids holding an invisible character. */
  private readonly invisible: number[] = [];

  /** Whether an ASCII id must be noted too (`noteAscii`): some other id's form is ASCII. */
  get watchesAscii(): boolean {
    return this.asciiForms.size > 0;
  }

  /** A new id with a character past ASCII, at `position`; `seen`: the batch's ids so far (an ASCII one may look like it). */
  note(id: string, position: number, seen: IdIndex): void {
    const k = this.add(id, position);
    if (HAS_INVISIBLE.test(id)) this.invisible.push(k);
    const form = formOf(id);
    const first = this.forms.firstOrAdd(form, k);
    if (first !== -1) {
      this.share(first, k);
      return;
    }
    if (form.length === 0 || !isAscii(form)) return;
    this.asciiForms.set(form, k);
    const ascii = seen.find(form);
    if (ascii !== -1) this.share(k, this.add(form, ascii));
  }

  /** A new ASCII id at `position` (only while `watchesAscii`). */
  noteAscii(id: string, position: number): void {
    const first = this.asciiForms.get(id);
    if (first !== undefined) this.share(first, this.add(id, position));
  }

  /** The warnings, in file order. */
  warnings(): string[] {
    const found: Array<{ at: number; text: string }> = [];
    for (const [first, notes] of this.shared) {
      const ids = new Map<number, string>();
      for (const k of [first, ...notes]) ids.set(this.positions[k]!, this.idOf(k));
      if (ids.size < 2) continue;
      const listed = [...ids].sort(([a], [b]) => a - b);
      const names = listed.map(([at, id]) => `${shown(id)}（第 ${at + 1} 个案例）`).join('、');
      found.push({
        at: listed[0]![0],
        text: `警告：案例 id ${names}看起来相同，却是不同的 id（全角与半角、Unicode 组合方式或不可见字符不同）；若是同一案例，请统一写法。`,
      });
    }
    const told = new Set<number>();
    for (const k of this.invisible) {
      const at = this.positions[k]!;
      if (told.has(at)) continue;
      told.add(at);
      found.push({ at, text: `警告：案例 id ${shown(this.idOf(k))}（第 ${at + 1} 个案例）含不可见字符；请删除。` });
    }
    return found.sort((a, b) => a.at - b.at).map((w) => w.text);
  }

  /** Notes an id; its note number. The same id at the same position may be noted again (see above): `warnings` counts it once. */
  private add(id: string, position: number): number {
    const k = this.count++;
    if (k === this.ends.length) {
      this.ends = grown(this.ends, 2 * k);
      this.positions = grown(this.positions, 2 * k);
    }
    this.text.text(id);
    this.ends[k] = this.text.length;
    this.positions[k] = position;
    return k;
  }

  private share(first: number, k: number): void {
    if (this.positions[first] === this.positions[k]) return;
    const notes = this.shared.get(first);
    if (notes) notes.push(k);
    else this.shared.set(first, [k]);
  }

  private idOf(k: number): string {
    return decoder.decode(this.text.bytes.subarray(k === 0 ? 0 : this.ends[k - 1]!, this.ends[k]!));
  }
}
