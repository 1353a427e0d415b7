/**
 * Recursive XY-cut in the reading frame: a cell is split into columns wherever a gutter (white
 * space, or a rule) runs its whole height, else into bands wherever white space or a rule runs its
 * whole width — and bands that share one column structure are joined again, so that paragraph
 * gaps which happen to line up across columns, or a baseline grid, do not chop the reading order
 * into rows. Leaves are column pieces; their order is the reading order; cells tile their parent,
 * gutters shared at their middles, so regions made of cells never overlap.
 * After Nagy & Seth's X-Y tree (1984), with the band joining Meunier's newspaper work motivates.
 */
import type { Box } from '../region.ts';
import { gapNear, splitAtom, type Atom } from './atoms.ts';
import { bottom, right } from './frame.ts';

export interface Cell {
  /** The area the cell stands for in the frame: cells of one parent tile it. */
  box: Box;
  atoms: Atom[];
  children: Cell[];
  /** How the children divide it. */
  split?: 'columns' | 'bands';
}

/** A separator in the frame: horizontal rules cut bands, vertical ones columns. */
export interface FrameRule {
  orientation: 'horizontal' | 'vertical';
  box: Box;
}

interface Options {
  bodySize: number;
  rules: readonly FrameRule[];
  /** Ids for the pieces of lines cut at gutters. */
  ids: { next: number };
  /** Told each decision, for a person reading how a page was cut. */
  trace?: (message: string) => void;
  /** Narrowest white space that is a gutter, in body sizes. */
  gutter?: number;
}

interface Gap {
  start: number;
  end: number;
  rule: boolean;
}

export function xyCut(atoms: readonly Atom[], area: Box, options: Options): Cell {
  const root: Cell = { box: area, atoms: [...atoms], children: [] };
  split(root, options, 0);
  return root;
}

/** Leaves in reading order. */
export function leaves(cell: Cell): Cell[] {
  return cell.children.length === 0 ? [cell] : cell.children.flatMap(leaves);
}

const solid = (atoms: readonly Atom[]): Atom[] => atoms.filter((a) => !a.speck);

/** Lines set large (headlines, mastheads), pictures and marked zones: what a gutter may not run through. */
const isBig = (atom: Atom, bodySize: number): boolean => atom.kind !== 'line' || atom.size >= bodySize * 1.35;

/**
 * A cell splits into columns at its gutters that nothing large crosses; where every gutter is
 * crossed (a headline over two columns), into bands: the rows holding what crosses, and the rows
 * between them; where there is no gutter, at rules or wide white space across it, if that frees
 * columns below or above. Otherwise it is a leaf.
 */
function split(cell: Cell, options: Options, depth: number): void {
  const elements = solid(cell.atoms);
  if (elements.length < 2 || depth > 40) return;
  const bounds = envelope(elements);
  const gutters = columnGutters(elements, bounds, options);
  // Large type across a gutter closes it, unless it has a word space right there (two headlines side by side read as one line).
  // Garbled large type (a decorated title read as "V ilia n W iea") is too unsure to close a gutter.
  const blocks = (atom: Atom, gutter: Gap): boolean => isBig(atom, options.bodySize) && crosses(atom, gutter) && readable(atom) && gapNear(atom, middle(gutter), reachOf(gutter, options)) < 0;
  const free = gutters.filter((gutter) => !elements.some((a) => blocks(a, gutter)));
  options.trace?.(
    `${'  '.repeat(depth)}cell ${JSON.stringify(cell.box)} gutters ${gutters.map((g) => `${Math.round(g.start)}-${Math.round(g.end)}${free.includes(g) ? '' : ` blocked by "${elements.find((a) => blocks(a, g))?.text.slice(0, 16)}"`}`).join(', ')}`,
  );
  if (free.length > 0) {
    cell.atoms = cutAcross(cell.atoms, free, options);
    return divide(cell, free.map(middle), 'columns', options, depth);
  }
  const rows = rowBands(elements, bounds, options);
  if (gutters.length > 0) {
    // Rows holding something that crosses a gutter stand alone; the rows between them group together.
    const blocking = rows.map((row) => row.atoms.some((a) => gutters.some((g) => blocks(a, g))));
    const groups: Band[] = [];
    rows.forEach((row, i) => {
      const last = groups.at(-1);
      // Rows of the same kind stay together: a two-line headline is one band, the text under it another.
      if (last && i > 0 && blocking[i] === blocking[i - 1] && !row.ruleBefore) last.atoms.push(...row.atoms);
      else groups.push({ ...row, atoms: [...row.atoms] });
    });
    if (groups.length > 1) return divide(cell, cutsBetween(groups), 'bands', options, depth);
  }
  // No gutter: cut at rules across the cell and at white space wider than a paragraph break,
  // where one of the pieces then has columns of its own (a headline band over a two-column story).
  const wide = options.bodySize * 1.2;
  const pieces: Band[] = [];
  rows.forEach((row, i) => {
    const last = pieces.at(-1);
    const gap = i === 0 ? 0 : row.top - bottom(envelope(rows[i - 1]!.atoms));
    if (last && !row.ruleBefore && gap < wide) last.atoms.push(...row.atoms);
    else pieces.push({ ...row, atoms: [...row.atoms] });
  });
  if (pieces.length > 1 && pieces.some((piece) => piece.atoms.length > 1 && columnGutters(solid(piece.atoms), envelope(solid(piece.atoms)), options).length > 0)) {
    divide(cell, cutsBetween(pieces), 'bands', options, depth);
  }
}

/** Most of its words look like words (three letters or more), or it is no text at all (a picture). */
function readable(atom: Atom): boolean {
  if (atom.kind !== 'line' || atom.parts.length < 3) return true;
  const wordlike = atom.parts.filter((part) => (part.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 3 || /\p{Script=Han}/u.test(part.text)).length;
  return wordlike >= atom.parts.length * 0.5;
}

const middle = (gap: Gap): number => (gap.start + gap.end) / 2;
const reachOf = (gap: Gap, options: Options): number => (gap.end - gap.start) / 2 + options.bodySize * 0.6;

function crosses(atom: Atom, gap: Gap): boolean {
  return atom.box.x < middle(gap) - 1 && right(atom.box) > middle(gap) + 1;
}

/** Lines that run across a gutter are cut at their word space there (the OCR joined two columns' lines). */
function cutAcross(atoms: readonly Atom[], gutters: readonly Gap[], options: Options): Atom[] {
  return atoms.flatMap((atom) => {
    let pieces = [atom];
    for (const gutter of gutters) {
      pieces = pieces.flatMap((piece) => (crosses(piece, gutter) ? (splitAtom(piece, middle(gutter), reachOf(gutter, options), options.ids) ?? [piece]) : [piece]));
    }
    return pieces;
  });
}

function cutsBetween(groups: Band[]): number[] {
  return groups.slice(1).map((group, i) => (bottom(envelope(groups[i]!.atoms)) + envelope(group.atoms).y) / 2);
}

function divide(cell: Cell, cuts: number[], how: 'columns' | 'bands', options: Options, depth: number): void {
  cell.split = how;
  const start = how === 'columns' ? cell.box.x : cell.box.y;
  const end = how === 'columns' ? right(cell.box) : bottom(cell.box);
  const edges = [start, ...cuts.map((c) => Math.min(end, Math.max(start, Math.round(c)))), end];
  cell.children = edges.slice(0, -1).map((from, i) => {
    const to = Math.max(from, edges[i + 1]!);
    const box = how === 'columns' ? { x: from, y: cell.box.y, w: to - from, h: cell.box.h } : { x: cell.box.x, y: from, w: cell.box.w, h: to - from };
    return { box, atoms: [], children: [] };
  });
  for (const atom of cell.atoms) {
    const position = how === 'columns' ? atom.box.x + atom.box.w / 2 : atom.box.y + atom.box.h / 2;
    cell.children[indexOf(cuts, position)]!.atoms.push(atom);
  }
  cell.children = cell.children.filter((child) => child.atoms.length > 0);
  for (const child of cell.children) split(child, options, depth + 1);
}

function indexOf(cuts: number[], position: number): number {
  let index = 0;
  while (index < cuts.length && position > cuts[index]!) index++;
  return index;
}

function envelope(atoms: readonly Atom[]): Box {
  let [l, t, r, b] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const a of atoms) {
    l = Math.min(l, a.box.x);
    t = Math.min(t, a.box.y);
    r = Math.max(r, right(a.box));
    b = Math.max(b, bottom(a.box));
  }
  return { x: l, y: t, w: r - l, h: b - t };
}

/**
 * Gutters: x ranges inside `bounds` that body text leaves (nearly) clear — lines crossing there
 * add up to a small share of what a column holds (missing OCR words and the odd line run across
 * do not close a gutter, as they would with a strict projection) — at least half a body size
 * wide; or where a vertical rule runs most of the height. Large type is left out: whether it
 * crosses a gutter is the caller's question. Each column must hold text.
 */
function columnGutters(elements: readonly Atom[], bounds: Box, options: Options): Gap[] {
  const { bodySize } = options;
  const width = Math.round(bounds.w);
  if (width < 2) return [];
  const delta = new Float64Array(width + 2);
  // Large type is left out (whether it crosses is the caller's question); pictures and adverts count by their height.
  // A band of headlines alone (two side by side) has its gutters between them.
  const small = elements.filter((a) => a.kind !== 'line' || !isBig(a, bodySize));
  const body = small.length >= 2 ? small : elements;
  for (const a of body) {
    const weight = a.kind === 'line' ? a.size : a.box.h;
    delta[Math.max(0, Math.round(a.box.x - bounds.x))]! += weight;
    delta[Math.min(width, Math.round(right(a.box) - bounds.x))]! -= weight;
  }
  const coverage = new Float64Array(width);
  let running = 0;
  for (let x = 0; x < width; x++) {
    running += delta[x]!;
    coverage[x] = running;
  }
  const covered = [...coverage].filter((c) => c > 0).sort((a, b) => a - b);
  const typical = covered.length === 0 ? 0 : covered[Math.floor(covered.length * 0.75)]!;
  const limit = Math.max(0, typical * 0.2);
  // Hanging punctuation (标点悬挂) and ragged typewriting leave gutters narrower than a space in places.
  const minWidth = (options.gutter ?? 0.35) * bodySize;
  const gaps: Gap[] = [];
  let start = -1;
  for (let x = 0; x <= width; x++) {
    const open = x < width && coverage[x]! <= limit + 1e-6;
    if (open && start < 0) start = x;
    if (!open && start >= 0) {
      if (start > 0 && x < width && x - start >= minWidth) gaps.push({ start: bounds.x + start, end: bounds.x + x, rule: false });
      start = -1;
    }
  }
  for (const rule of options.rules) {
    if (rule.orientation !== 'vertical') continue;
    const x = rule.box.x + rule.box.w / 2;
    if (x <= bounds.x || x >= right(bounds)) continue;
    const along = Math.min(bottom(rule.box), bottom(bounds)) - Math.max(rule.box.y, bounds.y);
    if (along < bounds.h * 0.6 || coverage[Math.round(x - bounds.x)]! > limit + 1e-6) continue;
    if (!gaps.some((gap) => gap.start <= x && gap.end >= x)) gaps.push({ start: Math.floor(x), end: Math.ceil(x) + 1, rule: true });
  }
  gaps.sort((a, b) => a.start - b.start);
  // Each column holds at least two lines of text, or something large.
  const holds = (from: number, to: number): boolean => {
    const inside = elements.filter((a) => a.box.x + a.box.w / 2 >= from && a.box.x + a.box.w / 2 <= to);
    return inside.length >= 2 || inside.some((a) => isBig(a, bodySize));
  };
  return gaps.filter((gap, i) => holds(i === 0 ? bounds.x : gaps[i - 1]!.end, gap.start) && holds(gap.end, i === gaps.length - 1 ? right(bounds) : gaps[i + 1]!.start));
}

interface Band {
  top: number;
  atoms: Atom[];
  /** A rule lies between this band and the one before it. */
  ruleBefore: boolean;
}

/** Rows of elements: elements that overlap vertically share a row; a rule across half the width starts a new one. */
function rowBands(elements: readonly Atom[], bounds: Box, options: Options): Band[] {
  const sorted = [...elements].sort((a, b) => a.box.y - b.box.y);
  const rules = options.rules.filter((r) => r.orientation === 'horizontal' && Math.min(right(r.box), right(bounds)) - Math.max(r.box.x, bounds.x) >= bounds.w * 0.5);
  const bands: Band[] = [];
  let current: Band | null = null;
  let reach = -Infinity;
  for (const atom of sorted) {
    // A little overlap between neighbouring lines (descenders, skew) is not one row.
    const slack = Math.min(atom.kind === 'line' ? atom.size : options.bodySize, options.bodySize) * 0.2;
    const startsNew: boolean = current === null || atom.box.y >= reach - slack;
    const ruleBetween: boolean = current !== null && rules.some((r) => r.box.y >= reach - slack && bottom(r.box) <= atom.box.y + slack);
    if (current === null || startsNew || ruleBetween) {
      current = { top: atom.box.y, atoms: [atom], ruleBefore: ruleBetween };
      bands.push(current);
      reach = bottom(atom.box);
    } else {
      current.atoms.push(atom);
      reach = Math.max(reach, bottom(atom.box));
    }
  }
  return bands;
}
