/**
 * A text detector joins the lines of neighbouring columns when the gutter between them is narrow
 * (newspapers set columns less than one character apart): "通过大数据分析读者借阅情 并安排60万元…"
 * comes back as one line across two columns. A gutter is white all the way down: where a
 * detected line has a gap at least half a character wide and the lines above and below are
 * white there too (or, for a column's first or last line, those on one side), the line is cut in two. The band is read along the line's own slant, so a
 * skewed scan keeps its gutters.
 */
import { corners, type TextRegion } from './text-regions.ts';

export interface GreyPixels {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface GutterOptions {
  /** Grey below this is ink. */
  inkBelow: number;
  /** How far above and below the line the gutter must stay white, in line heights. */
  reach?: number;
  /** The narrowest gutter, in line heights. */
  minWidth?: number;
}

/** The regions with every line that crosses a gutter cut at it; others come back as they are. */
export function splitAtGutters(regions: readonly TextRegion[], page: GreyPixels, options: GutterOptions): TextRegion[] {
  return regions.flatMap((region) => splitRegion(region, page, options));
}

/**
 * Pieces of one line joined: where the map thins inside a line (a wide space, a light character)
 * the detector may give two regions that overlap end to end, and the overlap would be read twice.
 * Regions join when they run the same way, lie on one axis, and touch or overlap along it.
 */
export function joinBrokenLines(regions: readonly TextRegion[]): TextRegion[] {
  const pending = [...regions];
  const out: TextRegion[] = [];
  while (pending.length > 0) {
    let current = pending.shift()!;
    for (let i = 0; i < pending.length; i++) {
      const joined = joinPair(current, pending[i]!);
      if (!joined) continue;
      current = joined;
      pending.splice(i, 1);
      i = -1;
    }
    out.push(current);
  }
  return out;
}

function joinPair(a: TextRegion, b: TextRegion): TextRegion | null {
  if (Math.abs(a.angle - b.angle) > 3 && Math.abs(Math.abs(a.angle - b.angle) - 180) > 3) return null;
  const t = (a.angle * Math.PI) / 180;
  const [ux, uy] = [Math.cos(t), Math.sin(t)];
  const dx = b.centre[0] - a.centre[0];
  const dy = b.centre[1] - a.centre[1];
  const along = dx * ux + dy * uy;
  const across = -dx * uy + dy * ux;
  const thickness = Math.max(a.thickness, b.thickness);
  if (Math.abs(across) > thickness * 0.25 || Math.abs(a.thickness - b.thickness) > thickness * 0.3) return null;
  const [aFrom, aTo] = [-a.length / 2, a.length / 2];
  const [bFrom, bTo] = [along - b.length / 2, along + b.length / 2];
  if (bFrom > aTo || aFrom > bTo) return null;
  const from = Math.min(aFrom, bFrom);
  const to = Math.max(aTo, bTo);
  const centre: [number, number] = [a.centre[0] + ((from + to) / 2) * ux, a.centre[1] + ((from + to) / 2) * uy];
  return { ...a, centre, length: to - from, thickness, score: Math.max(a.score, b.score), polygon: corners(centre, a.angle, to - from, thickness) };
}

/**
 * The regions without those lying mostly inside a larger one: where the detector's map dips
 * inside a line it may give a piece of the line besides the whole, and the piece would be read twice.
 */
export function withoutNested(regions: readonly TextRegion[]): TextRegion[] {
  const boxes = regions.map((region) => bounds(region.polygon));
  return regions.filter((region, i) => {
    const own = boxes[i]!;
    const area = (own.x1 - own.x0) * (own.y1 - own.y0);
    return !regions.some((other, j) => {
      if (j === i || other.length * other.thickness <= region.length * region.thickness) return false;
      const box = boxes[j]!;
      const overlap = Math.max(0, Math.min(own.x1, box.x1) - Math.max(own.x0, box.x0)) * Math.max(0, Math.min(own.y1, box.y1) - Math.max(own.y0, box.y0));
      return overlap >= area * 0.6;
    });
  });
}

function bounds(polygon: readonly [number, number][]): { x0: number; y0: number; x1: number; y1: number } {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

function splitRegion(region: TextRegion, page: GreyPixels, options: GutterOptions): TextRegion[] {
  const height = region.thickness;
  if (region.length < 4 * height) return [region];
  const reach = (options.reach ?? 2.5) * height;
  const minWidth = Math.max(3, (options.minWidth ?? 0.45) * height);
  const a = (region.angle * Math.PI) / 180;
  const [ux, uy] = [Math.cos(a), Math.sin(a)];
  const [vx, vy] = [-uy, ux];
  const [cx, cy] = region.centre;
  const half = region.length / 2;
  const steps = Math.floor(region.length);
  // For each step along the line: is the line white there, and the band above or the band below
  // it (a column's first line has a headline above it, its last line the next story below)?
  const whiteBetween = (u: number, from: number, to: number): boolean => {
    let ink = 0;
    for (let v = from; v <= to; v += 2) {
      const x = Math.round(cx + u * ux + v * vx);
      const y = Math.round(cy + u * uy + v * vy);
      if (x < 0 || y < 0 || x >= page.width || y >= page.height) continue;
      if (page.data[y * page.width + x]! < options.inkBelow && ++ink >= 2) return false;
    }
    return true;
  };
  const white = new Uint8Array(steps);
  const own = height * 0.6;
  for (let s = 0; s < steps; s++) {
    const u = -half + s + 0.5;
    white[s] = whiteBetween(u, -own, own) && (whiteBetween(u, -reach, -own) || whiteBetween(u, own, reach)) ? 1 : 0;
  }
  // Ink at both ends of the line bounds where a gutter may be (the grown region has paper at its ends).
  const inkAlong = (s: number): boolean => {
    const u = -half + s + 0.5;
    for (let v = -height / 2; v <= height / 2; v += 1) {
      const x = Math.round(cx + u * ux + v * vx);
      const y = Math.round(cy + u * uy + v * vy);
      if (x >= 0 && y >= 0 && x < page.width && y < page.height && page.data[y * page.width + x]! < options.inkBelow) return true;
    }
    return false;
  };
  let first = 0;
  while (first < steps && !inkAlong(first)) first++;
  let last = steps - 1;
  while (last > first && !inkAlong(last)) last--;
  const cuts: [number, number][] = [];
  for (let s = first; s <= last; s++) {
    if (!white[s]) continue;
    let end = s;
    while (end + 1 <= last && white[end + 1]) end++;
    if (end - s + 1 >= minWidth) cuts.push([s, end + 1]);
    s = end;
  }
  if (cuts.length === 0) return [region];
  // Each piece keeps a little paper on the gutter side, as the detector leaves at a line's ends.
  const pieces: [number, number][] = [];
  let from = 0;
  for (const [gapStart, gapEnd] of cuts) {
    const margin = Math.min((gapEnd - gapStart) / 2, 0.25 * height);
    pieces.push([from, gapStart + margin]);
    from = gapEnd - margin;
  }
  pieces.push([from, steps]);
  return pieces
    .filter(([p0, p1]) => p1 - p0 >= height * 0.5)
    .map(([p0, p1]) => {
      const mid = -half + (p0 + p1) / 2;
      const centre: [number, number] = [cx + mid * ux, cy + mid * uy];
      const length = p1 - p0;
      return { ...region, centre, length, polygon: corners(centre, region.angle, length, region.thickness) };
    });
}
