/**
 * People and organizations named in news text, for tag suggestions. Pure: the segmentation comes
 * in as tokens, the surnames as data.
 *
 * People: a name the segmenter tags `nr` with a known surname (a compound one counts: 欧阳, 司马)
 * and a given name of one or two characters; or any surname-led name a news cue frames — a title
 * before it (记者林晓红, 馆长陈志强), 同志 / 先生 / 女士 after it, or a verb of saying after it
 * (戚本禹说, 习仲勋指出). Names outside the hundred commonest surnames need such a cue once in the
 * text, which is what keeps 打电话 and 顾全大局 out.
 *
 * Organizations: a word ending as organizations do (…图书馆, …委员会, …局, …公司, …中学), extended
 * to the left over the nouns and place names that name it (河源市 + 源城区 + 图书馆), kept only when it
 * starts with a place or proper name — 市图书馆 alone is not a name.
 */
import { tokenOffsets, type Token } from './suggestions.ts';

/** The hundred commonest surnames (2020 census order): trusted with the segmenter's tag alone. */
export const commonSurnames = new Set('王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文');

const titlesBefore =
  '村民|市民|居民|群众|游客|读者|学生|家长|志愿者|本报记者|特约记者|记者|通讯员|实习生|摄影|摄|编辑|馆长|副馆长|局长|副局长|厅长|部长|主任|副主任|书记|副书记|市长|副市长|县长|副县长|区长|副区长|镇长|乡长|村长|省长|主席|副主席|总理|校长|院长|教授|研究员|老师|主编|经理|董事长|总经理|会长|秘书长|委员|代表|作家|画家|专家|医生|同学|老人|烈士|先生';
const titlesAfter = '同志|先生|女士|老师|教授|老人|烈士|主席|总理';
const sayingVerbs = '说|表示|指出|介绍|强调|认为|告诉|回忆|坦言|透露|称|谈到|发言|讲话|报道';

export interface PersonMention {
  name: string;
  count: number;
  /** What framed it: a title before it, a verb after it, or the segmenter's tag alone. */
  cue: 'title' | 'verb' | 'tag';
}

/** The surname a name starts with (a compound one first), or null. */
export function surnameOf(name: string, surnames: ReadonlySet<string>): string | null {
  const chars = [...name];
  if (chars.length >= 3 && surnames.has(chars.slice(0, 2).join(''))) return chars.slice(0, 2).join('');
  return surnames.has(chars[0]!) ? chars[0]! : null;
}

/** Whether a name is a surname and a given name of one or two characters. */
/** What ends a word for a thing or a body, never a given name (龙舟赛, 陈镇); and titles (周总理, 王书记). */
const notGivenName = /[赛队站镇县区市省局会馆村厅部院校所处社团组乡街路桥河江湖山楼场]$/u;
const titleAsGiven = /(?:总理|主席|书记|市长|县长|局长|馆长|校长|院长|主任|老师|同志|先生|女士|师傅|经理|委员|代表|教授)$/u;

function nameShaped(name: string, surnames: ReadonlySet<string>): boolean {
  if (!/^\p{Script=Han}+$/u.test(name) || notGivenName.test(name) || titleAsGiven.test(name)) return false;
  const surname = surnameOf(name, surnames);
  if (!surname) return false;
  const given = [...name].length - [...surname].length;
  return given >= 1 && given <= 2;
}

export function personsIn(tokens: readonly Token[], text: string, surnames: ReadonlySet<string>): PersonMention[] {
  const found = new Map<string, PersonMention>();
  const strength = { tag: 0, verb: 1, title: 2 } as const;
  const add = (name: string, cue: PersonMention['cue']) => {
    const known = found.get(name);
    if (known) {
      known.count++;
      if (strength[cue] > strength[known.cue]) known.cue = cue;
    } else found.set(name, { name, count: 1, cue });
  };
  // Cues: the name's length is what the segmenter read, or 2–3 characters, whichever is name-shaped.
  // jieba tags names it knows `nr`, and names it guesses (王芳, 张伟) `x`: those only with a common surname.
  const personTag = (token: Token) => token.tag === 'nr' || token.tag === 'nrfg' || (token.tag === 'x' && commonSurnames.has(token.word[0]!) && [...token.word].length <= 3);
  const names = new Set(tokens.filter(personTag).map((token) => token.word));
  // A cue's name starts and ends where words do (学者 inside 专家学者 is no name).
  const offsets = tokenOffsets(text, tokens);
  const starts = new Set(offsets.filter((at) => at >= 0));
  const ends = new Set(offsets.flatMap((at, i) => (at >= 0 ? [at + tokens[i]!.word.length] : [])));
  const onWords = (start: number, length: number) => tokens.length === 0 || (starts.has(start) && ends.has(start + length));
  // A word the segmenter read as something else (学者, 马拉松, 高水平) is not a name, whatever frames it.
  const otherWords = new Set(tokens.filter((token) => !personTag(token) && token.tag !== 'x').map((token) => token.word));
  const framed = (all: string[]): string | null => {
    const candidates = all.filter((candidate) => !otherWords.has(candidate));
    return  candidates.find((candidate) => names.has(candidate) && nameShaped(candidate, surnames)) ?? candidates.find((candidate) => nameShaped(candidate, surnames)) ?? null;
  };
  // After the name comes a verb, a particle or punctuation — not more of a word (主任委员会).
  const boundary = new RegExp(`^(?:${sayingVerbs}|${titlesAfter}|在|和|与|及|等|的|为|是|也|到|对|向|摄|文|图|[^\\p{Script=Han}]|$)`, 'u');
  for (const match of text.matchAll(new RegExp(`(?:${titlesBefore})\\s*(\\p{Script=Han}{2,4})`, 'gu'))) {
    const run = match[1]!;
    const rest = text.slice(match.index! + match[0].length);
    const start = match.index! + match[0].length - run.length;
    const name = framed([run.slice(0, 3), run.slice(0, 2)].filter((candidate) => boundary.test(run.slice(candidate.length) + rest) && onWords(start, candidate.length)));
    if (name) add(name, 'title');
  }
  for (const match of text.matchAll(new RegExp(`(\\p{Script=Han}{2,4}?)(?:${titlesAfter}|${sayingVerbs})`, 'gu'))) {
    const run = match[1]!;
    // The longest name-shaped ending whose surname is common or compound (郝玉兰 before 玉兰), else one the segmenter tagged.
    const runEnd = match.index! + run.length;
    const endings = [run.slice(-4), run.slice(-3), run.slice(-2)].filter((candidate, index, all) => all.indexOf(candidate) === index && nameShaped(candidate, surnames) && !otherWords.has(candidate) && onWords(runEnd - candidate.length, candidate.length));
    const trusted = (candidate: string) => commonSurnames.has(candidate[0]!) || [...surnameOf(candidate, surnames)!].length === 2;
    const name = endings.find(trusted) ?? endings.find((candidate) => names.has(candidate));
    if (name) add(name, 'verb');
  }
  // On the tag alone: not after a number (61.74 万人), and a guessed word (x) only where a name
  // would end (王芳在…, 张伟、李明) — 文旅融合 is not a person.
  for (const [i, token] of tokens.entries()) {
    const at = offsets[i]!;
    const offset = at + token.word.length;
    if (!personTag(token) || !nameShaped(token.word, surnames) || at < 0) continue;
    if (/[\d〇一二三四五六七八九十百千万亿.%]$/u.test(text.slice(Math.max(0, at - 4), at).trimEnd())) continue;
    // Only where a name would end (王芳在…, 张伟、李明; not 文明实践, 高水平引领).
    if (!(boundary.test(text.slice(offset)) || /^[、，]/.test(text.slice(offset)))) continue;
    const surname = surnameOf(token.word, surnames)!;
    // Two characters on the tag alone (贺岁, 智慧) only when printed more than once.
    const trusted = commonSurnames.has(surname) || [...surname].length === 2;
    if (found.has(token.word) || (trusted && ([...token.word].length >= 3 || token.tag === 'x' || text.split(token.word).length > 2))) add(token.word, 'tag');
  }
  // How often each is printed, whatever framed it.
  for (const person of found.values()) person.count = text.split(person.name).length - 1;
  return [...found.values()].sort((a, b) => b.count - a.count);
}

/** Endings of organizations' names, longest first so that 少年儿童图书馆 is read whole. */
const organizationEndings = [
  '少年儿童图书馆', '人民代表大会常务委员会', '人大常委会', '人民政府', '人民法院', '人民检察院', '人民医院', '委员会', '图书馆', '博物馆', '档案馆', '文化馆', '纪念馆', '美术馆', '科技馆', '展览馆',
  '研究院', '研究所', '研究会', '研究中心', '服务中心', '活动中心', '艺术团', '出版社', '电视台', '广播电台', '报社', '杂志社', '书店', '新华书店', '基金会', '联合会', '促进会', '协会', '学会',
  '总工会', '工会', '妇联', '团委', '党委', '党组', '政府', '法院', '检察院', '公安局', '派出所', '医院', '卫生院', '银行', '信用社', '公司', '集团', '有限公司', '工厂', '大学', '学院', '中学', '小学',
  '学校', '幼儿园', '职业技术学院', '联盟', '监狱', '书院', '卫视', '实践站', '宣传部', '组织部', '统战部', '局', '厅', '办公室', '办事处', '管委会', '街道办', '居委会', '村委会', '分馆', '支行', '分行', '中心',
].sort((a, b) => b.length - a.length);
const organizationEnding = new RegExp(`(?:${organizationEndings.join('|')})$`, 'u');
/** Words that make a name when they start it: place names, organization names, abbreviations. */
const properTags = new Set(['ns', 'nt', 'j', 'nrt']);
/** Endings strong enough that a name may start with a common noun after a pause (、清风学校, 。全国图书馆标准化技术委员会). */
const strongEnding = /(学校|图书馆|书院|大学|学院|委员会|监狱|卫视|博物馆|纪念馆|文化馆|研究院|研究所|出版社|报社|电视台|医院|中学|小学|幼儿园)$/u;
/** How a kind of body is named, not one body (全国图书馆, 社区图书馆, 人大常委会). */
const genericStart = /^(?:全国|全市|全省|全县|全区|社区|基层|公共|读者|湾区|乡村|农村|城市|高校|各级|各类|本地|当地|地方|县级|市级|省级|四级|少儿|儿童|数字|智慧|流动|人大|政协|市委|县委|区委|[市县区省镇乡])/u;
/** 医院院长 → 医院 + 院长, 局局长 → 局 + 局长: the segmenter glues a body's name to its head's title. */
function splitTitles(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((token) => {
    const glued = /^(\p{Script=Han}+?)([院校局馆所站厂社行]长|主任|书记)$/u.exec(token.word);
    return glued && organizationEnding.test(glued[1]!) ? [{ word: glued[1]!, tag: 'n' }, { word: glued[2]!, tag: 'n' }] : [token];
  });
}
/** Words that may stand inside an organization's name. */
const innerTags = new Set(['ns', 'nz', 'nt', 'j', 'n', 'vn', 'nrt', 'an', 'm', 'b', 'l', 'x']);
/** 文化和旅游厅: a joining word inside a name, between two of its words. */
const joiningWords = new Set(['和', '与', '及']);

export function organizationsIn(printed: readonly Token[], isPlace: (word: string) => boolean = () => false): { name: string; count: number }[] {
  const tokens = splitTitles(printed);
  const counts = new Map<string, number>();
  const add = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  for (let end = 0; end < tokens.length; end++) {
    const last = tokens[end]!;
    if (!/^\p{Script=Han}+$/u.test(last.word)) continue;
    // A word the segmenter knows as an organization (国务院, 中共中央) is one whole.
    if (last.tag === 'nt' && !organizationEnding.test(last.word) && /(院|部|委|会|局|署|办|社|行|台|所|中央|组织)$/u.test(last.word)) {
      add(last.word);
      continue;
    }
    if (!organizationEnding.test(last.word)) continue;
    let best: number | null = properTags.has(last.tag) && [...last.word].length >= 3 && last.word !== '中心' ? end : null;
    let pauseStart: number | null = null;
    for (let at = end - 1; at >= 0 && end - at <= 6; at--) {
      const token = tokens[at]!;
      // 文化和旅游厅: a joining word only right before the name's last two words.
      const previous = tokens[at - 1];
      const joins = joiningWords.has(token.word) && end - at === 2 && previous !== undefined && innerTags.has(previous.tag) && previous.tag !== 'nt' && !organizationEnding.test(previous.word);
      const inner = isPlace(token.word) || (innerTags.has(token.tag) && !(token.tag === 'x' && [...token.word].length < 2));
      if (!/^\p{Script=Han}+$/u.test(token.word) || !(inner || joins)) break;
      if (properTags.has(token.tag) || isPlace(token.word)) best = at;
      const before = tokens[at - 1];
      if (!before || !/\p{Script=Han}/u.test(before.word) || joiningWords.has(before.word) || before.tag === 'p') pauseStart = at;
    }
    if (best === null && pauseStart !== null && strongEnding.test(last.word)) best = pauseStart;
    // Not from a one-character word that is no place (暨, 立).
    while (best !== null && best < end && [...tokens[best]!.word].length < 2 && !isPlace(tokens[best]!.word)) best++;
    if (best === null) continue;
    const name = tokens
      .slice(best, end + 1)
      .map((token) => token.word)
      .join('');
    if ([...name].length < 4 || [...name].length > 24 || genericStart.test(name)) continue;
    add(name);
  }
  // A name printed only as the start of a longer one (清远市公共图书馆 in 清远市公共图书馆联盟) is that one.
  const names = [...counts.keys()];
  const text = tokens.map((token) => token.word).join('');
  for (const name of names) {
    const longer = names.filter((other) => other !== name && other.includes(name));
    const alone = longer.reduce((rest, other) => rest.split(other).join('□'), text).split(name).length - 1;
    if (longer.length > 0 && alone === 0) counts.delete(name);
  }
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
}
