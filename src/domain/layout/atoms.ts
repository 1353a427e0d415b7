/**
 * The pieces layout analysis arranges: printed lines (an OCR line cut where it jumps a gutter),
 * pictures and the OCR's own zones (adverts), in the reading frame. Each line carries what the
 * rest needs to know of it: its thickness (the type size), its text, whether it is a speck.
 */
import type { OcrZone, PageOcr } from '../page-ocr.ts';
import { unionBox, type Box } from '../region.ts';
import { median, right, type Frame } from './frame.ts';

export type AtomKind = 'line' | 'picture' | 'zone' | 'furniture';

export interface AtomPart {
  box: Box;
  text: string;
  ref: [number, number, number];
}

export interface Atom {
  id: number;
  kind: AtomKind;
  /** Box in the reading frame. */
  box: Box;
  /** Type size: a line's height in the frame (its width on a vertical page). */
  size: number;
  text: string;
  /** Letters, digits and Han characters in the text. */
  letters: number;
  /** Share of the letters that are capitals (Latin script). */
  capitals: number;
  /** For lines: their words, each with its box in the frame and where it is in the page OCR ([block, line, word]). */
  parts: AtomPart[];
  /** What joins the words' text: a space in Latin script, nothing in Chinese. */
  join: string;
  /** For OCR zones: what the OCR says the zone is. */
  zoneKind?: OcrZone['kind'];
  speck: boolean;
}

const letterPattern = /[\p{L}\p{N}]/u;
const hanPattern = /\p{Script=Han}/u;

export interface AtomSet {
  atoms: Atom[];
  /** The body type size of the page: the size most of its letters are set in. */
  bodySize: number;
  vertical: boolean;
}

/** Whether most of the page's lines run top to bottom. */
export function isVerticalPage(ocr: PageOcr): boolean {
  let vertical = 0;
  let all = 0;
  for (const block of ocr.blocks) {
    for (const line of block.lines) {
      const weight = line.words.reduce((n, w) => n + [...w.text].length, 0);
      all += weight;
      if (line.vertical) vertical += weight;
    }
  }
  return all > 0 && vertical > all / 2;
}

/**
 * Lines of the page OCR as atoms in the frame. A line is cut where the gap between two of its
 * words is wider than `splitGap` type sizes (OCR lines that run across a gutter); words inside an
 * advert zone the OCR marks become that zone's atom instead.
 */
export function atomsOf(ocr: PageOcr, frame: Frame, options: { splitGap?: number } = {}): AtomSet {
  // Chinese is set solid: a gap of most of a character inside a row is a gutter. Latin words have spaces between them.
  const splitGap = options.splitGap ?? (ocr.script === 'latin' ? 2 : 0.8);
  const zones = (ocr.zones ?? []).filter((zone) => zone.kind === 'advertisement' || zone.kind === 'table' || zone.kind === 'illustration');
  const inZone = new Set<number>();
  for (const zone of zones) for (const index of zone.blocks) inZone.add(index);
  const atoms: Atom[] = [];
  const add = (atom: Omit<Atom, 'id' | 'speck'>): void => {
    atoms.push({ ...atom, id: atoms.length, speck: false });
  };
  // Rows are rebuilt from the words: OCR lines may stop at every wide word space (typewritten,
  // justified text) or run on across a gutter; both are mended here, gutters cut further down.
  const words: FrameLine['words'] = [];
  ocr.blocks.forEach((block, b) => {
    if (inZone.has(b)) return;
    block.lines.forEach((line, l) => line.words.forEach((word, w) => words.push({ box: frame.toFrame(word.box), text: word.text, ref: [b, l, w] })));
  });
  const lines = rowsOf(words);
  const pageSize = Math.max(1, median(lines.flatMap((line) => line.words.map(() => line.size))));
  for (const line of lines) {
    const cuts = gutterCuts(line, lines, pageSize, splitGap);
    let piece: AtomPart[] = [];
    const flush = (): void => {
      if (piece.length === 0) return;
      add(lineAtom(piece, ocr.script === 'latin' ? ' ' : ''));
      piece = [];
    };
    line.words.forEach((word, i) => {
      if (cuts.has(i)) flush();
      piece.push(word);
    });
    flush();
  }
  // Lines printed inside a zone the OCR marks (a table whose text came as separate blocks) are the zone's.
  const zoneBoxes = zones.map((zone) => frame.toFrame(zone.box));
  const inside = (atom: Atom): number => zoneBoxes.findIndex((box) => atom.box.x + atom.box.w / 2 >= box.x && atom.box.x + atom.box.w / 2 <= right(box) && atom.box.y + atom.box.h / 2 >= box.y && atom.box.y + atom.box.h / 2 <= box.y + box.h);
  const swallowed = new Map<number, Atom[]>();
  for (let i = atoms.length - 1; i >= 0; i--) {
    const zone = inside(atoms[i]!);
    if (zone < 0) continue;
    swallowed.set(zone, [atoms[i]!, ...(swallowed.get(zone) ?? [])]);
    atoms.splice(i, 1);
  }
  atoms.forEach((atom, i) => (atom.id = i));
  for (const [z, zone] of zones.entries()) {
    const extra = (swallowed.get(z) ?? []).map((atom) => atom.text).join(' ');
    const text = [zone.blocks.map((index) => ocr.blocks[index]!.lines.map((line) => line.words.map((w) => w.text).join(' ')).join(' ')).join(' '), extra].filter(Boolean).join(' ');
    add({ kind: 'zone', box: frame.toFrame(zone.box), size: 0, text, ...letterCounts(text), parts: [], join: ' ', zoneKind: zone.kind });
  }
  const lineAtoms = atoms.filter((a) => a.kind === 'line');
  // The body size: the median size over letters, so long lines of body text outweigh headlines.
  const sizes = lineAtoms.flatMap((a) => Array.from({ length: Math.min(200, Math.max(1, a.letters)) }, () => a.size));
  const bodySize = Math.max(1, median(sizes));
  for (const atom of lineAtoms) atom.speck = isSpeck(atom, bodySize);
  return { atoms, bodySize, vertical: frame.vertical };
}

/** Words on one baseline, left to right, joined across any gap up to a few type sizes wide. */
function rowsOf(words: FrameLine['words']): FrameLine[] {
  const rows: FrameLine[] = [];
  const open: FrameLine[] = [];
  for (const word of [...words].sort((a, b) => a.box.x - b.box.x || a.box.y - b.box.y)) {
    const middle = word.box.y + word.box.h / 2;
    let best: FrameLine | null = null;
    let bestDistance = Infinity;
    for (const row of open) {
      const last = row.words.at(-1)!;
      const size = Math.max(last.box.h, word.box.h);
      const lastMiddle = last.box.y + last.box.h / 2;
      const gap = word.box.x - right(last.box);
      if (Math.abs(lastMiddle - middle) > size * 0.45 || gap > Math.min(row.size, word.box.h) * 3 || gap < -size * 0.3) continue;
      const distance = Math.abs(lastMiddle - middle) + Math.max(0, gap) * 0.1;
      if (distance < bestDistance) {
        best = row;
        bestDistance = distance;
      }
    }
    if (best) {
      best.words.push(word);
      best.top = Math.min(best.top, word.box.y);
      best.bottom = Math.max(best.bottom, word.box.y + word.box.h);
      best.size = Math.max(1, median(best.words.map((w) => w.box.h)));
    } else {
      const row = { words: [word], size: Math.max(1, word.box.h), top: word.box.y, bottom: word.box.y + word.box.h };
      rows.push(row);
      open.push(row);
    }
    // Rows left far behind take no more words.
    for (let i = open.length - 1; i >= 0; i--) if (right(open[i]!.words.at(-1)!.box) < word.box.x - open[i]!.size * 4) open.splice(i, 1);
  }
  return rows;
}

interface FrameLine {
  words: { box: Box; text: string; ref: [number, number, number] }[];
  size: number;
  top: number;
  bottom: number;
}

/**
 * Where an OCR line is to be cut (before which words): at any gap wider than `splitGap` type
 * sizes, and at narrower gaps (typewritten columns sit a few letters apart) that the lines around
 * it share — a gutter is a gap most neighbouring lines crossing that spot have too, a word space
 * in justified text is not.
 */
function gutterCuts(line: FrameLine, lines: readonly FrameLine[], pageSize: number, splitGap: number): Set<number> {
  const cuts = new Set<number>();
  const reach = pageSize * 6;
  let neighbours: FrameLine[] | null = null;
  for (let i = 1; i < line.words.length; i++) {
    const left = right(line.words[i - 1]!.box);
    const start = line.words[i]!.box.x;
    const gap = start - left;
    if (gap > splitGap * line.size) {
      cuts.add(i);
      continue;
    }
    if (gap < Math.min(line.size, pageSize) * 0.25) continue;
    neighbours ??= lines.filter((other) => other !== line && other.bottom > line.top - reach && other.top < line.bottom + reach);
    const middle = (left + start) / 2;
    let crossing = 0;
    let open = 0;
    for (const other of neighbours) {
      const first = other.words[0]!.box.x;
      const last = right(other.words.at(-1)!.box);
      if (middle <= first || middle >= last) continue;
      crossing++;
      // A gap of its own that overlaps this one (typewritten columns are ragged by a letter or two).
      const shared = Math.max(3, gap * 0.3);
      for (let k = 1; k < other.words.length; k++) {
        const from = Math.max(left, right(other.words[k - 1]!.box));
        const to = Math.min(start, other.words[k]!.box.x);
        if (to - from >= shared) {
          open++;
          break;
        }
      }
    }
    if (crossing >= 3 && open >= crossing * 0.7) cuts.add(i);
  }
  return cuts;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

/** A line atom from its words (left to right); its id is set by whoever keeps it. */
function lineAtom(parts: AtomPart[], join: string): Omit<Atom, 'id' | 'speck'> {
  const text = parts.map((w) => w.text).join(join);
  // The type size is what most of its words say: one word box swollen by a speck or a hyphenated
  // word's second line does not make a line a headline.
  return { kind: 'line', box: unionBox(parts.map((w) => w.box))!, size: Math.max(1, quantile(parts.map((w) => w.box.h), 0.3)), text, ...letterCounts(text), parts, join };
}

/**
 * A line cut in two at the word gap nearest `x`, if there is a gap within `reach` of it; null
 * when the line has no gap there (a word runs across).
 */
export function splitAtom(atom: Atom, x: number, reach: number, ids: { next: number }): [Atom, Atom] | null {
  const best = gapNear(atom, x, reach);
  if (best < 0) return null;
  const make = (parts: AtomPart[]): Atom => {
    const made = { ...lineAtom(parts, atom.join), id: ids.next++, speck: false };
    // A piece of a real line keeps the line's standing; only a piece with no letters becomes a speck.
    made.speck = atom.speck || made.letters === 0;
    return made;
  };
  return [make(atom.parts.slice(0, best)), make(atom.parts.slice(best))];
}

/** The index of the word after the gap nearest `x` (within `reach`), or -1. */
export function gapNear(atom: Atom, x: number, reach: number): number {
  if (atom.kind !== 'line' || atom.parts.length < 2) return -1;
  let best = -1;
  let distance = Infinity;
  for (let i = 1; i < atom.parts.length; i++) {
    const left = right(atom.parts[i - 1]!.box);
    const start = atom.parts[i]!.box.x;
    const d = x < left ? left - x : x > start ? x - start : 0;
    if (d <= reach && d < distance) {
      best = i;
      distance = d;
    }
  }
  return best;
}

function letterCounts(text: string): { letters: number; capitals: number } {
  let letters = 0;
  let upper = 0;
  let cased = 0;
  for (const ch of text) {
    if (!letterPattern.test(ch)) continue;
    letters++;
    if (ch !== ch.toLowerCase()) upper++;
    if (ch !== ch.toLowerCase() || ch !== ch.toUpperCase()) cased++;
  }
  return { letters, capitals: cased === 0 ? 0 : upper / cased };
}

/**
 * Stray marks the OCR read as text (dust, ornaments, rules read as "—————"): too few letters for
 * their size, or too small to be type. They are kept out of headlines and out of the layout.
 */
function isSpeck(atom: Atom, bodySize: number): boolean {
  if (atom.letters === 0) return true;
  if (atom.size < bodySize * 0.45) return true;
  const han = [...atom.text].filter((ch) => hanPattern.test(ch)).length;
  if (han > 0) return false;
  // Latin: a line piece of one or two letters, or letters far too few for the width it spans.
  if (atom.letters <= 2) return true;
  return atom.letters < (atom.box.w / Math.max(1, atom.size)) * 0.4;
}
