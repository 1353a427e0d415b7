/**
 * From column pieces in reading order to articles, as a person cutting the page would go: page
 * furniture (masthead, running head) first; a headline — a line set larger than the body text of
 * its column, or a short centred line standing apart, in capitals — starts an article; body text
 * belongs to whatever is printed directly above it in its column (the headline over it, the
 * article it continues), and text at the head of a column with nothing of its own above it carries
 * on the article the previous column ended with, unless a rule closes it off. Adverts the OCR marks
 * are units of their own. Regions are the column pieces' share of each article, so no two
 * articles ever claim the same area.
 */
import type { Box } from '../region.ts';
import type { Atom } from './atoms.ts';
import { bottom, centreX, median, overlapX, right } from './frame.ts';
import { leaves, type Cell, type FrameRule } from './xy-cut.ts';

export type UnitKind = 'article' | 'masthead' | 'running-head' | 'advertisement' | 'table' | 'picture';

export interface LayoutUnit {
  kind: UnitKind;
  headline: Atom[];
  /** Everything else of the unit, in reading order. */
  body: Atom[];
  /** Frame boxes of the unit, column piece by column piece, in reading order. */
  regions: Box[];
}

export type Role = 'speck' | 'furniture' | 'headline' | 'body';

interface Options {
  bodySize: number;
  frameWidth: number;
  frameHeight: number;
  rules: readonly FrameRule[];
  /** Latin script: words are told apart by spaces, and capitals say something. */
  latin: boolean;
  /** The page is the first of its issue (it may carry the masthead). */
  firstPage?: boolean;
  /** Rectangles drawn by rules (文章框, advert frames), in the frame. */
  frames?: readonly Box[];
}

export interface Assembly {
  units: LayoutUnit[];
  roles: Map<Atom, Role>;
}

/** Articles of the page below its furniture (`root` is the cut of what lies under it). */
export function assembleArticles(root: Cell, furniture: Furniture, options: Options): Assembly {
  const cells = leaves(root);
  const roles = new Map<Atom, Role>();
  for (const atom of furniture.atoms) roles.set(atom, 'furniture');
  const units: LayoutUnit[] = [];
  if (furniture.atoms.length > 0) units.push({ kind: furniture.kind, headline: [], body: furniture.atoms, regions: [] });

  const unitOf = new Map<Atom, LayoutUnit>();
  const cellOf = new Map<Atom, Cell>();
  for (const cell of cells) for (const atom of cell.atoms) cellOf.set(atom, cell);
  const placed: Atom[] = [];
  let current: LayoutUnit | null = null;
  const newArticle = (kind: UnitKind = 'article'): LayoutUnit => {
    const unit: LayoutUnit = { kind, headline: [], body: [], regions: [] };
    units.push(unit);
    return unit;
  };

  for (const cell of cells) {
    const atoms = cell.atoms.filter((a) => !roles.has(a)).sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
    classify(atoms, cell, options, roles);
    let previous: Atom | null = null;
    for (const atom of atoms) {
      const role = roles.get(atom)!;
      if (role === 'speck') continue;
      if (atom.kind === 'zone') {
        const unit = newArticle(atom.zoneKind === 'advertisement' ? 'advertisement' : atom.zoneKind === 'table' ? 'table' : 'picture');
        unit.body.push(atom);
        unitOf.set(atom, unit);
        placed.push(atom);
        continue;
      }
      let owner: LayoutUnit;
      if (role === 'headline') {
        // Headline lines that follow each other (a kicker, a two-line title, a subtitle) head one
        // article, also when the line above sits in the piece above (a headline across columns).
        const above = previous ? null : nearestAbove(atom, placed);
        // From the piece above only where the columns are the same: a headline over one column under
        // one over two starts an article of its own.
        const sameColumns = above !== null && Math.abs((cellOf.get(above)?.box.w ?? 0) - cell.box.w) <= cell.box.w * 0.15;
        const stacked = previous !== null && overlapX(previous.box, atom.box) > 0 && previous.box.y < atom.box.y;
        const last: Atom | null = stacked ? previous : previous === null && sameColumns ? above : null;
        const lastUnit = last ? unitOf.get(last) : undefined;
        const continues = last !== null && lastUnit !== undefined && lastUnit.body.length === 0 && lastUnit.headline.includes(last) && atom.box.y - bottom(last.box) < Math.max(atom.size, last.size) * 1.6;
        owner = continues ? lastUnit! : newArticle();
        owner.headline.push(atom);
      } else {
        // The line before in this piece counts only if it is above this one (a piece cut as a row
        // across columns holds lines side by side, of different articles).
        const lastUnit = previous && overlapX(previous.box, atom.box) >= Math.min(previous.box.w, atom.box.w) * 0.3 ? unitOf.get(previous) : undefined;
        owner = lastUnit && previous && !ruleBetween(previous, atom, options.rules) ? lastUnit : ownerFromAbove(atom, placed, unitOf, current, options.rules) ?? newArticle(atom.kind === 'picture' ? 'picture' : 'article');
        owner.body.push(atom);
      }
      unitOf.set(atom, owner);
      placed.push(atom);
      previous = atom;
      current = owner;
    }
  }
  absorbFragments(units, placed, roles);
  const kept = units.filter((unit) => unit.headline.length + unit.body.length > 0);
  regionsOf(kept, cells, roles, options.bodySize * 3);
  for (const frame of options.frames ?? []) framed(kept, frame, options.bodySize);
  // The furniture band gives way to what stands in it (adverts in the ears of a front page).
  for (const unit of kept.filter((u) => u.kind === 'masthead' || u.kind === 'running-head')) {
    for (const other of kept) if (other !== unit) for (const hole of other.regions) unit.regions = unit.regions.flatMap((region) => outside(region, hole));
  }
  joinRegions(kept);
  return { units: kept.filter((unit) => unit.regions.length > 0), roles };
}

/**
 * Who owns body text with nothing of its own above it in its column piece: the headline directly
 * over it (if that article has no text yet, or is the one being read); the article whose text is
 * directly over it; else the article the previous column ended with. A rule in between, or a
 * picture, ends what is above.
 */
function ownerFromAbove(atom: Atom, placed: readonly Atom[], unitOf: Map<Atom, LayoutUnit>, current: LayoutUnit | null, rules: readonly FrameRule[]): LayoutUnit | null {
  const nearest = nearestAbove(atom, placed);
  if (nearest && ruleBetween(nearest, atom, rules)) return null;
  const above = nearest ? unitOf.get(nearest) : undefined;
  // The article read last runs on into this column unless a rule down the gutter closes it off.
  const flow = current && current.kind === 'article' && !ruleDownBetween(current, atom, rules) ? current : null;
  if (above && nearest) {
    if (above.kind !== 'article') return flow;
    if (above.headline.includes(nearest)) return above.body.length === 0 || above === current || !flowsHere(current, atom, nearest) ? above : current;
    return above;
  }
  return flow;
}

/** A rule down the page between the article's last line and this one (it stands in the gutter they would flow across). */
function ruleDownBetween(unit: LayoutUnit, atom: Atom, rules: readonly FrameRule[]): boolean {
  const last = unit.body.at(-1) ?? unit.headline.at(-1);
  if (!last || right(last.box) > atom.box.x) return false;
  return rules.some((rule) => rule.orientation === 'vertical' && rule.box.x >= right(last.box) - 2 && rule.box.x + rule.box.w <= atom.box.x + 2 && rule.box.y <= atom.box.y + atom.size && bottom(rule.box) >= atom.box.y);
}

/**
 * Pieces no person would cut as an article: a headline with no text under it, a line or two of
 * text with no headline. They join the article printed right above them (a headline, the one
 * below it); with none there they stay as they are.
 */
function absorbFragments(units: LayoutUnit[], placed: readonly Atom[], roles: Map<Atom, Role>): void {
  const owner = (atom: Atom): LayoutUnit | undefined => units.find((unit) => unit.headline.includes(atom) || unit.body.includes(atom));
  for (const unit of units) {
    if (unit.kind !== 'article') continue;
    const lines = unit.body.filter((a) => a.kind === 'line' && roles.get(a) !== 'speck');
    const headlineOnly = unit.body.length === 0 && unit.headline.length > 0;
    const scrap = unit.headline.length === 0 && unit.body.every((a) => a.kind === 'line') && lines.length <= 2;
    if (!headlineOnly && !scrap) continue;
    const mine = [...unit.headline, ...unit.body];
    const others = placed.filter((a) => !mine.includes(a));
    const edge = headlineOnly ? Math.max(...mine.map((a) => bottom(a.box))) : Math.min(...mine.map((a) => a.box.y));
    const span = { x: Math.min(...mine.map((a) => a.box.x)), w: Math.max(...mine.map((a) => right(a.box))) - Math.min(...mine.map((a) => a.box.x)), y: 0, h: 1 };
    const beside = others.filter((a) => overlapX(a.box, span) >= Math.min(a.box.w, span.w) * 0.3);
    // A headline joins what is under it; a scrap of text what is above it, or, at the head of its column (a kicker), what is under it.
    const below = beside.filter((a) => a.box.y >= (headlineOnly ? edge : Math.max(...mine.map((m) => bottom(m.box)))) - 2).sort((a, b) => a.box.y - b.box.y)[0];
    const above = beside.filter((a) => bottom(a.box) <= edge + 2).sort((a, b) => bottom(b.box) - bottom(a.box))[0];
    const next = headlineOnly ? below : (above ?? below);
    const target = next ? owner(next) : undefined;
    if (!target || target === unit || target.kind !== 'article') continue;
    if (headlineOnly) target.headline.unshift(...unit.headline);
    else if (next === above) target.body.push(...unit.body);
    // A kicker goes before the headline it stands over.
    else target.headline.unshift(...unit.body);
    unit.headline = [];
    unit.body = [];
  }
}

const advertCues = [/电话|電話|热线|熱線|tel\.?|phone/i, /地址|地點|地点/, /优惠|優惠|特价|特價|折/, /报名|報名|招生|招聘|咨询|諮詢|订购|訂購/, /有限公司|书店|書店|商场|商場/, /声明|聲明|启事|啟事|作废|作廢/, /\d{3,4}-\d{7,8}/];

/** Short, and saying at least two of the things adverts and notices say (a telephone number, an address, offers, 声明…). */
function readsLikeAdvert(text: string): boolean {
  return text.length < 400 && advertCues.filter((cue) => cue.test(text)).length >= 2;
}

/**
 * A unit that is all of what a ruled frame holds is the frame (its region the frame's box); one
 * whose text reads like an advert or a notice (telephone, address, offers, 声明) is an advert.
 */
function framed(units: LayoutUnit[], frame: Box, bodySize: number): void {
  const inside = (atom: Atom): boolean => atom.box.x >= frame.x - bodySize * 0.5 && right(atom.box) <= right(frame) + bodySize * 0.5 && atom.box.y >= frame.y - bodySize * 0.5 && bottom(atom.box) <= bottom(frame) + bodySize * 0.5;
  const holders = units.filter((unit) => [...unit.headline, ...unit.body].some(inside));
  if (holders.length !== 1) return;
  const unit = holders[0]!;
  const atoms = [...unit.headline, ...unit.body];
  if (unit.kind === 'masthead' || unit.kind === 'running-head' || !atoms.every(inside)) return;
  unit.regions = [frame];
  if (unit.kind === 'article' && readsLikeAdvert(atoms.map((a) => a.text).join(''))) unit.kind = 'advertisement';
  // What the others' regions reached into the frame is the frame's now.
  for (const other of units) {
    if (other === unit) continue;
    other.regions = other.regions.flatMap((region) => outside(region, frame));
  }
}

/**
 * A unit's regions that can become one box without taking in anything of another unit do (slivers
 * left by rows cut across columns go back into the column they belong to); reading order is kept
 * by the first of each pair.
 */
function joinRegions(units: LayoutUnit[]): void {
  const touches = (a: Box, b: Box): boolean => overlapX(a, b) > 0 && Math.min(bottom(a), bottom(b)) - Math.max(a.y, b.y) > 0;
  for (const unit of units) {
    for (let joined = true; joined; ) {
      joined = false;
      search: for (let i = 0; i < unit.regions.length; i++) {
        for (let j = i + 1; j < unit.regions.length; j++) {
          const a = unit.regions[i]!;
          const b = unit.regions[j]!;
          const union = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.max(right(a), right(b)) - Math.min(a.x, b.x), h: Math.max(bottom(a), bottom(b)) - Math.min(a.y, b.y) };
          // Only neighbours: the union may not be much more than the two.
          if (union.w * union.h > (a.w * a.h + b.w * b.h) * 1.15) continue;
          if (units.some((other) => other !== unit && other.regions.some((r) => touches(r, union)))) continue;
          unit.regions[i] = union;
          unit.regions.splice(j, 1);
          joined = true;
          break search;
        }
      }
    }
  }
}

/** The part of `box` outside `hole`: the box itself when they do not meet, else its largest piece beside the hole. */
function outside(box: Box, hole: Box): Box[] {
  if (overlapX(box, hole) === 0 || Math.min(bottom(box), bottom(hole)) - Math.max(box.y, hole.y) <= 0) return [box];
  const pieces = [
    { x: box.x, y: box.y, w: box.w, h: hole.y - box.y },
    { x: box.x, y: bottom(hole), w: box.w, h: bottom(box) - bottom(hole) },
    { x: box.x, y: box.y, w: hole.x - box.x, h: box.h },
    { x: right(hole), y: box.y, w: right(box) - right(hole), h: box.h },
  ].filter((piece) => piece.w > 0 && piece.h > 0);
  const largest = pieces.sort((a, b) => b.w * b.h - a.w * a.h)[0];
  return largest ? [largest] : [];
}

/** What is printed nearest above an atom, over at least a third of the narrower of the two. */
function nearestAbove(atom: Atom, placed: readonly Atom[]): Atom | null {
  let nearest: Atom | null = null;
  for (const other of placed) {
    if (bottom(other.box) > atom.box.y + Math.max(1, atom.size) * 0.5) continue;
    if (overlapX(other.box, atom.box) < Math.min(other.box.w, atom.box.w) * 0.3) continue;
    if (!nearest || bottom(other.box) > bottom(nearest.box)) nearest = other;
  }
  return nearest;
}

/** A rule across the column between two lines — not an underline of a headline above. */
/**
 * Whether the article being read runs on into this column (its text ended lower down the column to
 * the left): then text at the head of this column is its, even under another article's headline.
 */
function flowsHere(current: LayoutUnit | null, atom: Atom, headline: Atom): boolean {
  const last = current?.body.at(-1);
  if (!current || current.kind !== 'article' || !last) return false;
  return right(last.box) <= atom.box.x + atom.size && bottom(last.box) > bottom(headline.box);
}

function ruleBetween(upper: Atom, lower: Atom, rules: readonly FrameRule[]): boolean {
  if (upper.kind === 'line' && upper.size > lower.size * 1.3) return false;
  const top = bottom(upper.box) - upper.size * 0.2;
  const end = lower.box.y + lower.size * 0.2;
  const span = { x: Math.max(upper.box.x, lower.box.x), w: Math.max(1, Math.min(right(upper.box), right(lower.box)) - Math.max(upper.box.x, lower.box.x)) };
  return rules.some((rule) => rule.orientation === 'horizontal' && rule.box.y >= top && bottom(rule.box) <= end && overlapX(rule.box, { ...span, y: 0, h: 1 }) >= span.w * 0.5);
}

/** Roles of a column piece's atoms: specks, and headlines by size relative to the piece's body text. */
function classify(atoms: readonly Atom[], cell: Cell, options: Options, roles: Map<Atom, Role>): void {
  const lines = atoms.filter((a) => a.kind === 'line' && !a.speck);
  const bodyLines = lines.filter((a) => a.letters >= 6);
  const local = bodyLines.length >= 3 ? median(bodyLines.map((a) => a.size)) : options.bodySize;
  const reference = Math.min(local, options.bodySize * 1.15);
  let above: Atom | undefined;
  atoms.forEach((atom) => {
    if (atom.kind !== 'line') return roles.set(atom, 'body');
    if (atom.speck) return roles.set(atom, 'speck');
    const previous = above;
    above = atom;
    const wide = atom.box.w >= atom.size * 1.5;
    // A headline stands apart from the text above it; a paragraph's last line swollen by the OCR does not.
    // (In Chinese, a line of much larger type than the one above it — a headline under its kicker,
    // set close — stands apart by its size; Latin OCR sizes words too unevenly for that.)
    const apart = !previous || roles.get(previous) === 'headline' || atom.box.y - bottom(previous.box) >= atom.size * 0.35 || overlapX(previous.box, atom.box) === 0 || (!options.latin && atom.size >= previous.size * 1.3);
    // One lower-case word alone on a line pushed to the right is a carried-over word, however the OCR sized it.
    const lone = options.latin && atom.parts.length === 1 && /^[^\p{L}]*\p{Ll}/u.test(atom.text);
    const pushedRight = atom.box.x - cell.box.x > cell.box.w * 0.4 && Math.abs(centreX(atom.box) - centreX(cell.box)) > cell.box.w * 0.15;
    // The last line of a headline may hold two characters (引领); a Latin headline line has a word or more.
    const enough = atom.letters >= (options.latin ? 3 : 2);
    const continuesHeadline = previous !== undefined && roles.get(previous) === 'headline' && Math.abs(previous.size - atom.size) <= previous.size * 0.15;
    // A subtitle (副题): set a little larger than the text, right under the headline.
    const subtitle = previous !== undefined && roles.get(previous) === 'headline' && atom.size >= reference * 1.1 && atom.size < previous.size && atom.box.y - bottom(previous.box) < previous.size;
    if (subtitle && enough) return roles.set(atom, 'headline');
    if (atom.size >= reference * 1.35 && enough && (wide || continuesHeadline) && apart && !lone && !pushedRight && !isDropCap(atom, atoms)) return roles.set(atom, 'headline');
    roles.set(atom, 'body');
  });
}

/** A drop cap: one large letter with body lines beside it, to its right. */
function isDropCap(atom: Atom, atoms: readonly Atom[]): boolean {
  if (atom.letters > 2) return false;
  return atoms.some((other) => other !== atom && other.box.x >= right(atom.box) - 2 && other.box.y < bottom(atom.box) && bottom(other.box) > atom.box.y);
}


export interface Furniture {
  kind: 'masthead' | 'running-head';
  atoms: Atom[];
  /** Where the furniture ends and the page's articles begin, in the frame. */
  bottom: number;
}

/**
 * Page furniture at the top: a masthead (type far larger than anything else, across much of the
 * page, in the top quarter) with everything beside it and the date line under it, down to the
 * first rule across the page or the first headline; or a running head (one line of small type
 * across the top: page number, paper, date).
 */
export function findFurniture(atoms: readonly Atom[], options: Options): Furniture {
  const all = atoms.filter((a) => a.kind === 'line' && !a.speck);
  const none: Furniture = { kind: 'running-head', atoms: [], bottom: 0 };
  if (all.length === 0) return none;
  const top = Math.min(...all.map((a) => a.box.y));
  const quarter = top + (options.frameHeight - top) * 0.22;
  // The front page's title may come out of the OCR as a row of garbled pieces: together they span it.
  // Only the largest type near the top: a lead story's headline under the title is no part of it.
  const large = all.filter((a) => a.box.y < quarter && a.size >= options.bodySize * (options.firstPage ? 2 : 3.2));
  const largest = Math.max(0, ...large.map((a) => a.size));
  const bigType = large.filter((a) => a.size >= largest * 0.8);
  const bigSpan = bigType.length === 0 ? 0 : Math.max(...bigType.map((a) => right(a.box))) - Math.min(...bigType.map((a) => a.box.x));
  const giant = bigSpan >= options.frameWidth * 0.2 ? bigType : [];
  const fullRules = options.rules.filter((r) => r.orientation === 'horizontal' && r.box.w >= options.frameWidth * 0.55);
  // A rule across the page near the top with only a few rows above it closes off the masthead or
  // running head (the lowest such rule: a date line often sits between two).
  let closing: Furniture | null = null;
  for (const rule of fullRules.filter((r) => r.box.y < quarter).sort((a, b) => a.box.y - b.box.y)) {
    const above = atoms.filter((a) => a.kind !== 'zone' && a.box.y + a.box.h / 2 < rule.box.y);
    const lines = above.filter((a) => a.kind === 'line' && !a.speck);
    if (lines.length === 0) continue;
    const rows = new Set(lines.map((a) => Math.round(a.box.y / options.bodySize))).size;
    if (rows > 8) break;
    const large = above.some((a) => a.kind === 'picture' || a.size >= options.bodySize * 2) || rule.box.y - top >= options.bodySize * 6;
    closing = { kind: large ? 'masthead' : 'running-head', atoms: above, bottom: Math.round(rule.box.y + rule.box.h / 2) };
  }
  if (closing) return closing;
  if (giant.length > 0) {
    const mastBottom = Math.max(...giant.map((a) => bottom(a.box)));
    const rule = fullRules.filter((r) => r.box.y >= mastBottom - options.bodySize && r.box.y < quarter + options.bodySize * 6).sort((a, b) => a.box.y - b.box.y)[0];
    // Without a rule: the masthead's band is what lies above the first line of the body's columns.
    const limit = rule ? rule.box.y + rule.box.h / 2 : mastBottom + options.bodySize * 3;
    const mast = atoms.filter((a) => a.kind !== 'zone' && a.box.y + a.box.h / 2 < limit);
    return { kind: 'masthead', atoms: mast, bottom: Math.round(rule ? limit : Math.max(...mast.map((a) => bottom(a.box))) + options.bodySize * 0.5) };
  }
  if (options.firstPage) {
    const front = frontPageTitle(atoms, all, top, options);
    if (front) return front;
  }
  // A running head: the first row, close to the top, small type, reaching across most of the page.
  const firstRow = all.filter((a) => a.box.y < top + options.bodySize * 1.2);
  const reach = Math.max(...firstRow.map((a) => right(a.box))) - Math.min(...firstRow.map((a) => a.box.x));
  // Running heads are set small; one in larger type must stand well apart (a headline at the top does not).
  const small = firstRow.every((a) => a.size <= options.bodySize * 1.3);
  const largish = firstRow.every((a) => a.size <= options.bodySize * 2.5);
  const nearTop = top < options.frameHeight * 0.08;
  const below = all.filter((a) => !firstRow.includes(a) && a.box.y < bottom(firstRow[0]!.box) + options.bodySize * 4);
  const gapBelow = below.length === 0 ? Infinity : Math.min(...below.map((a) => a.box.y)) - Math.max(...firstRow.map((a) => bottom(a.box)));
  // Across much of the page, or well apart from what follows (a centred running head stands alone).
  const standsAlone = (reach >= options.frameWidth * 0.3 && gapBelow >= options.bodySize * 0.5) || (reach >= options.frameWidth * 0.15 && gapBelow >= options.bodySize * 1.5);
  const typeFits = small || (largish && gapBelow >= options.bodySize * 3);
  if (typeFits && nearTop && standsAlone && firstRow.length >= 1 && firstRow.length <= 6) {
    const head = atoms.filter((a) => a.kind === 'line' && a.box.y < bottom(firstRow[0]!.box) + options.bodySize * 0.3 && firstRow.some((f) => Math.abs(f.box.y - a.box.y) < options.bodySize * 1.2));
    return { kind: 'running-head', atoms: head, bottom: Math.round(Math.max(...head.map((a) => bottom(a.box))) + options.bodySize * 0.4) };
  }
  return none;
}

/**
 * A front page's title the OCR could not read (an engraved or decorated title comes out as a mess
 * of fragments and specks): everything above the first paragraph of body text, when what is above
 * is large and largely specks or pictures, and ends in the top third of the page.
 */
function frontPageTitle(atoms: readonly Atom[], lines: readonly Atom[], top: number, options: Options): Furniture | null {
  const regular = (a: Atom): boolean => a.letters >= 12 && a.size >= options.bodySize * 0.75 && a.size <= options.bodySize * 1.3 && (!options.latin || a.capitals <= 0.5);
  const byTop = [...lines].sort((a, b) => a.box.y - b.box.y);
  const start = byTop.find((line) => regular(line) && lines.filter((other) => other !== line && regular(other) && other.box.y > line.box.y && other.box.y < line.box.y + options.bodySize * 4 && overlapX(other.box, line.box) > 0).length >= 2);
  if (!start || start.box.y > options.frameHeight * 0.33 || start.box.y - top < options.bodySize * 3) return null;
  const above = atoms.filter((a) => a.kind !== 'zone' && bottom(a.box) <= start.box.y);
  const specks = above.filter((a) => a.speck || a.kind === 'picture').length;
  const large = above.some((a) => a.kind === 'picture' || a.size >= options.bodySize * 1.4);
  if (!large || specks < above.length * 0.3) return null;
  return { kind: 'masthead', atoms: above, bottom: Math.round(start.box.y - options.bodySize * 0.3) };
}

/**
 * Each unit's share of each column piece: from its first line's top to its last line's bottom and
 * as wide as its lines, widened towards its neighbours (halfway, and by at most `margin`, so a
 * region says where the article is rather than how much white space the page has), never past the
 * piece's edges — so shares never overlap. A zone the OCR marked keeps its own box. Shares of one
 * unit in one column that meet become one region.
 */
function regionsOf(units: LayoutUnit[], cells: readonly Cell[], roles: Map<Atom, Role>, margin: number): void {
  const owner = new Map<Atom, LayoutUnit>();
  for (const unit of units) for (const atom of [...unit.headline, ...unit.body]) owner.set(atom, unit);
  for (const cell of cells) {
    const runs: { unit: LayoutUnit; top: number; bottom: number; left: number; right: number; zone: Box | null }[] = [];
    const atoms = cell.atoms.filter((a) => owner.has(a) && roles.get(a) !== 'speck').sort((a, b) => a.box.y - b.box.y);
    for (const atom of atoms) {
      const unit = owner.get(atom)!;
      const last = runs.at(-1);
      const zone = atom.kind === 'zone' ? atom.box : null;
      if (last && last.unit === unit && !zone && !last.zone) {
        last.bottom = Math.max(last.bottom, bottom(atom.box));
        last.left = Math.min(last.left, atom.box.x);
        last.right = Math.max(last.right, right(atom.box));
      } else {
        runs.push({ unit, top: atom.box.y, bottom: bottom(atom.box), left: atom.box.x, right: right(atom.box), zone });
      }
    }
    runs.forEach((run, i) => {
      if (run.zone) {
        run.unit.regions.push(run.zone);
        return;
      }
      // Page furniture is a band across its piece of the page, as people cut it (unless something stands beside it there).
      if ((run.unit.kind === 'masthead' || run.unit.kind === 'running-head') && runs.every((other) => other.unit === run.unit)) {
        const end = i === runs.length - 1 ? Math.min(bottom(cell.box), run.bottom + margin) : Math.round((run.bottom + runs[i + 1]!.top) / 2);
        run.unit.regions.push({ x: cell.box.x, y: cell.box.y, w: cell.box.w, h: Math.max(1, Math.round(end - cell.box.y)) });
        return;
      }
      const above = i === 0 ? cell.box.y : Math.round((runs[i - 1]!.bottom + run.top) / 2);
      const below = i === runs.length - 1 ? bottom(cell.box) : Math.round((run.bottom + runs[i + 1]!.top) / 2);
      const top = Math.max(above, run.top - margin);
      const end = Math.min(below, run.bottom + margin);
      const left = Math.max(cell.box.x, run.left - margin);
      const rightEdge = Math.min(right(cell.box), run.right + margin);
      if (end <= top || rightEdge <= left) return;
      const box = { x: Math.round(left), y: Math.round(top), w: Math.round(rightEdge - left), h: Math.round(end - top) };
      const last = run.unit.regions.at(-1);
      // The same unit again right below in the same column: one region.
      // (Pieces of different widths are joined later, only where that takes in nothing of another unit.)
      if (last && last.x === box.x && last.w === box.w && Math.abs(box.y - bottom(last)) <= 1) {
        last.h = bottom(box) - last.y;
      } else {
        run.unit.regions.push(box);
      }
    });
  }
}
