/**
 * Text regions from a text detector's probability map (DB, "Differentiable Binarization", as
 * PaddleOCR's detector gives it): pixels above `threshold` form connected regions; each region
 * with enough confident area becomes an oriented rectangle (its principal axis, so a skewed line
 * keeps its slant), grown by the border DB shrinks text by (`unclip`). Pure arithmetic on typed
 * arrays; the detector itself runs elsewhere.
 * @see Liao et al., Real-time Scene Text Detection with Differentiable Binarization (AAAI 2020)
 */

export interface ProbabilityMap {
  width: number;
  height: number;
  /** One value 0–1 per pixel, row by row. */
  data: Float32Array;
}

export interface TextRegion {
  /** Corners clockwise from the top left of the text's own orientation, in map pixels. */
  polygon: [number, number][];
  /** Angle of the region's long axis from the x axis, degrees (−90…90). */
  angle: number;
  /** Length along the long axis and thickness across it. */
  length: number;
  thickness: number;
  centre: [number, number];
  /** Mean probability inside the region. */
  score: number;
}

export interface RegionOptions {
  threshold?: number;
  minScore?: number;
  /** How far DB's shrunk kernels are grown back: distance = area × unclip / perimeter. */
  unclip?: number;
  minSize?: number;
}

export function textRegions(map: ProbabilityMap, options: RegionOptions = {}): TextRegion[] {
  const threshold = options.threshold ?? 0.3;
  const minScore = options.minScore ?? 0.6;
  const unclip = options.unclip ?? 1.5;
  const minSize = options.minSize ?? 3;
  const { width, height, data } = map;
  const label = new Int32Array(width * height);
  const regions: TextRegion[] = [];
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < data.length; start++) {
    if (label[start] !== 0 || data[start]! <= threshold) continue;
    next++;
    label[start] = next;
    stack.push(start);
    const xs: number[] = [];
    const ys: number[] = [];
    let sum = 0;
    while (stack.length > 0) {
      const index = stack.pop()!;
      const x = index % width;
      const y = (index - x) / width;
      xs.push(x);
      ys.push(y);
      sum += data[index]!;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const neighbour = ny * width + nx;
          if (label[neighbour] === 0 && data[neighbour]! > threshold) {
            label[neighbour] = next;
            stack.push(neighbour);
          }
        }
      }
    }
    const score = sum / xs.length;
    if (score < minScore || xs.length < minSize * minSize) continue;
    const region = orientedRegion(xs, ys, score);
    if (Math.min(region.length, region.thickness) < minSize) continue;
    regions.push(grow(region, unclip));
  }
  return regions;
}

/** The rectangle along a pixel set's principal axis that holds all of it. */
function orientedRegion(xs: number[], ys: number[], score: number): TextRegion {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  let theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  // Near-axis angles snap to the axis: a scanned page's lines are level within a degree or so.
  const snap = (0.5 * Math.PI) / 180;
  if (Math.abs(theta) < snap) theta = 0;
  else if (Math.abs(Math.abs(theta) - Math.PI / 2) < snap) theta = Math.PI / 2;
  const ux = Math.cos(theta);
  const uy = Math.sin(theta);
  let [minU, maxU, minV, maxV] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    const u = dx * ux + dy * uy;
    const v = -dx * uy + dy * ux;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  // Pixels are squares: the region reaches half a pixel past the outer centres.
  minU -= 0.5;
  maxU += 0.5;
  minV -= 0.5;
  maxV += 0.5;
  const centreU = (minU + maxU) / 2;
  const centreV = (minV + maxV) / 2;
  const centre: [number, number] = [mx + centreU * ux - centreV * uy, my + centreU * uy + centreV * ux];
  let length = maxU - minU;
  let thickness = maxV - minV;
  let angle = (theta * 180) / Math.PI;
  // The long axis is the text's direction: a vertical line's is down the page.
  if (thickness > length) {
    [length, thickness] = [thickness, length];
    angle = angle > 0 ? angle - 90 : angle + 90;
  }
  return { polygon: corners(centre, angle, length, thickness), angle, length, thickness, centre, score };
}

function grow(region: TextRegion, unclip: number): TextRegion {
  const area = region.length * region.thickness;
  const perimeter = 2 * (region.length + region.thickness);
  const distance = (area * unclip) / perimeter;
  const length = region.length + 2 * distance;
  const thickness = region.thickness + 2 * distance;
  return { ...region, length, thickness, polygon: corners(region.centre, region.angle, length, thickness) };
}

export function corners(centre: [number, number], angle: number, length: number, thickness: number): [number, number][] {
  const a = (angle * Math.PI) / 180;
  const ux = Math.cos(a);
  const uy = Math.sin(a);
  const hl = length / 2;
  const ht = thickness / 2;
  const at = (u: number, v: number): [number, number] => [centre[0] + u * ux - v * uy, centre[1] + u * uy + v * ux];
  return [at(-hl, -ht), at(hl, -ht), at(hl, ht), at(-hl, ht)];
}

/** The axis-aligned box around a polygon, clamped to `width` × `height`. */
export function envelope(polygon: readonly [number, number][], width: number, height: number): { x: number; y: number; w: number; h: number } {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const x = Math.max(0, Math.floor(Math.min(...xs)));
  const y = Math.max(0, Math.floor(Math.min(...ys)));
  return { x, y, w: Math.max(1, Math.min(width, Math.ceil(Math.max(...xs))) - x), h: Math.max(1, Math.min(height, Math.ceil(Math.max(...ys))) - y) };
}

/** The region grown by `along` at each end and `across` on each side (a line read with the margins a recognizer expects). */
export function widened(region: TextRegion, along: number, across: number): TextRegion {
  const length = region.length + 2 * along;
  const thickness = region.thickness + 2 * across;
  return { ...region, length, thickness, polygon: corners(region.centre, region.angle, length, thickness) };
}
