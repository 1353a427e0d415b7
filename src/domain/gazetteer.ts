/**
 * Place names printed in a text, found in a gazetteer of China's administrative divisions
 * (province, prefecture, county, township, with their GB/T 2260 / statistics codes). Pure: the
 * divisions come in as data (src/adapters/gazetteer reads them from an npm data package), the
 * text's word segmentation as tokens.
 *
 * What counts as a mention, for precision on news text:
 * - an official name (广东省, 河源市, 源城区, 龙岗街道) whose ends fall on word boundaries;
 * - a short form of a province or prefecture (广东, 西安, 内蒙古, 延边) only where the segmenter
 *   also reads it as a place name (tag `ns`) — 安康, 普洱 and 日照 are words too;
 * - the former 县 name of a county-level 区 or 市 (番禺县 → today's 番禺区), common in papers of
 *   the 1990s.
 * A name several divisions share (城关镇 ×88) takes the one inside another place the text names,
 * else the highest level, else stays without a code.
 */
import { tokenOffsets, type Token } from './suggestions.ts';

export interface Division {
  /** Statistics code: 2 digits for a province, 4 for a prefecture, 6 for a county, 9 for a township. */
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4;
}

export type NameForm = 'official' | 'short' | 'former';

export interface Gazetteer {
  byCode: ReadonlyMap<string, Division>;
  names: ReadonlyMap<string, { division: Division; form: NameForm }[]>;
  /** The longest name, in characters. */
  longest: number;
}

export interface PlaceMention {
  division: Division;
  /** How the text printed it. */
  printed: string;
  form: NameForm;
  count: number;
  /** Other divisions with the same name, when none could be chosen (then `division` is the first). */
  ambiguous: number;
  /** Where it is printed: [start, end) offsets in the text. */
  spans: [number, number][];
}

const ethnicGroups =
  '蒙古|藏|回|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺';
const ethnicPart = new RegExp(`(?:${ethnicGroups})族`, 'g');
/** Names that stand for no one place: the statistics tables' placeholders. */
const placeholders = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划', '直辖县']);
const townshipEnding = /(镇|乡|街道|苏木)$/;
/** What follows a place's short form when the two make a body's name. */
const bodyAfter = /^(?:图书馆|博物馆|大学|学院|卫视|电视台|日报|晚报|集团|公司|银行)/u;

/** 广东省 → 广东, 广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边, 西安市 → 西安; null where no short form is used. */
export function shortForm(division: Division): string | null {
  if (division.level > 2) return null;
  const stem = division.name
    .replace(ethnicPart, '')
    .replace(/(特别行政区|自治区|自治州|地区|省|市|盟)$/, '');
  return [...stem].length >= 2 && stem !== division.name ? stem : null;
}

export function buildGazetteer(divisions: readonly Division[]): Gazetteer {
  const byCode = new Map(divisions.map((division) => [division.code, division]));
  const names = new Map<string, { division: Division; form: NameForm }[]>();
  const add = (name: string, division: Division, form: NameForm) => {
    const list = names.get(name) ?? [];
    if (!list.some((entry) => entry.division.code === division.code)) list.push({ division, form });
    names.set(name, list);
  };
  for (const division of divisions) {
    if (placeholders.has(division.name)) continue;
    const length = [...division.name].length;
    // Two-character counties are real (涉县, 沛县); two-character townships and 城区 / 郊区 are not names.
    if (length < 2 || (length === 2 && !(division.level === 3 && division.name.endsWith('县')))) continue;
    if (division.level === 4 && !townshipEnding.test(division.name)) continue;
    add(division.name, division, 'official');
    const short = shortForm(division);
    if (short) add(short, division, 'short');
  }
  // Former county names of today's districts and county-level cities, where no county has the name now.
  for (const division of divisions) {
    if (division.level !== 3 || !/[区市]$/.test(division.name) || placeholders.has(division.name)) continue;
    const stem = division.name.slice(0, -1);
    if ([...stem].length < 2 || names.has(`${stem}县`)) continue;
    add(`${stem}县`, division, 'former');
  }
  // Prefer the higher level for a name several levels share (吉林 the province before 吉林 the city).
  for (const list of names.values()) list.sort((a, b) => a.division.level - b.division.level || (a.form === 'official' ? -1 : 0) - (b.form === 'official' ? -1 : 0));
  let longest = 0;
  for (const name of names.keys()) longest = Math.max(longest, name.length);
  return { byCode, names, longest };
}

/** The division's containing divisions, highest first, then itself: 广东省 › 河源市 › 源城区. */
export function divisionPath(gazetteer: Gazetteer, division: Division): Division[] {
  const path: Division[] = [];
  for (const length of [2, 4, 6]) {
    if (division.code.length <= length) break;
    const parent = gazetteer.byCode.get(division.code.slice(0, length));
    if (parent && !placeholders.has(parent.name)) path.push(parent);
  }
  return [...path, division];
}

/** Where each token starts and ends in the text, when the tokens spell it exactly. */
function tokenSpans(text: string, tokens: readonly Token[]): { starts: Set<number>; ends: Set<number>; tagAt: Map<number, { end: number; tag: string }> } | null {
  const offsets = tokenOffsets(text, tokens);
  if (offsets.includes(-1)) return null;
  const starts = new Set(offsets);
  const ends = new Set(offsets.map((at, i) => at + tokens[i]!.word.length));
  const tagAt = new Map(offsets.map((at, i) => [at, { end: at + tokens[i]!.word.length, tag: tokens[i]!.tag }]));
  return { starts, ends, tagAt };
}

/** Place names in the text, longest first at each position, as divisions of the gazetteer. */
export function placesIn(text: string, tokens: readonly Token[], gazetteer: Gazetteer): PlaceMention[] {
  const spans = tokens.length > 0 ? tokenSpans(text, tokens) : null;
  type Hit = { name: string; at: number; candidates: { division: Division; form: NameForm }[] };
  // Each position's longest name; a short form the segmenter does not read as a place is kept
  // only where the name beside it lies inside it (岳阳平江县, 湘潭雨湖区) or contains it (陕西西安).
  const found = (at: number, shortForms: boolean): Hit | null => {
    for (let length = Math.min(gazetteer.longest, text.length - at); length >= 2; length--) {
      const name = text.slice(at, at + length);
      const candidates = gazetteer.names.get(name);
      if (!candidates) continue;
      if (spans && !(spans.starts.has(at) && spans.ends.has(at + length))) continue;
      // A short form that begins a body's name (中山图书馆, 广东卫视, 中山大学) names the body, not the place.
      const beginsBody = bodyAfter.test(text.slice(at + length, at + length + 6));
      const usable = candidates.filter((candidate) => candidate.form !== 'short' || (shortForms && !beginsBody && readAsPlace(spans, at, at + length)));
      if (usable.length > 0) return { name, at, candidates: usable };
      if (shortForms) {
        const next = found(at + length, false);
        const within = candidates.filter((candidate) => next?.candidates.some((other) => other.division.code.startsWith(candidate.division.code) && other.division.code !== candidate.division.code));
        if (within.length > 0) return { name, at, candidates: within };
      }
    }
    return null;
  };
  const hits: Hit[] = [];
  for (let at = 0; at < text.length; ) {
    const matched = found(at, true);
    if (matched) {
      hits.push(matched);
      at += matched.name.length;
    } else at++;
  }
  // A division is settled when its name has one candidate; an ambiguous name takes the candidate
  // inside (or containing) a settled one.
  const settled = new Set(hits.filter((hit) => hit.candidates.length === 1).map((hit) => hit.candidates[0]!.division.code));
  const related = (code: string) => [...settled].some((other) => other !== code && (other.startsWith(code) || code.startsWith(other)));
  const mentions = new Map<string, PlaceMention>();
  for (const hit of hits) {
    const inContext = hit.candidates.filter((candidate) => related(candidate.division.code));
    const topLevel = hit.candidates.filter((candidate) => candidate.division.level === hit.candidates[0]!.division.level);
    const choice = inContext.length === 1 ? inContext[0]! : topLevel.length === 1 ? topLevel[0]! : (inContext[0] ?? hit.candidates[0]!);
    const ambiguous = inContext.length === 1 || topLevel.length === 1 ? 0 : (inContext.length || topLevel.length) - 1;
    const key = ambiguous ? `?${hit.name}` : choice.division.code;
    const known = mentions.get(key);
    if (known) {
      known.count++;
      known.spans.push([hit.at, hit.at + hit.name.length]);
    } else mentions.set(key, { division: choice.division, printed: hit.name, form: choice.form, count: 1, ambiguous, spans: [[hit.at, hit.at + hit.name.length]] });
  }
  return [...mentions.values()].sort((a, b) => b.count - a.count || a.division.level - b.division.level);
}

/** Whether the segmenter reads text[start, end) as a place name (one `ns` word). */
function readAsPlace(spans: ReturnType<typeof tokenSpans>, start: number, end: number): boolean {
  if (!spans) return false;
  const token = spans.tagAt.get(start);
  return token !== undefined && token.end === end && token.tag === 'ns';
}
