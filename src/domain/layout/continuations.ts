/**
 * Continuation cues (转版): where the text of an article says it goes on (转第3版, 下转第四版,
 * continued on page 3, voir la suite page 3) or comes from (接第1版, 上接第一版, continued from
 * page 2, suite de la 1re page), and joining the pieces of one article across the pages of an
 * issue. Page numbers are as printed: 3, 三, A3.
 */

export interface ContinuationCues {
  /** The printed page the article goes on to. */
  continuesTo?: string;
  /** The printed page it came from. */
  continuedFrom?: string;
}

const chineseDigits: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 3, 三, 十二, 二十四, A3 → the page label as it would be written in digits ("3", "12", "A3"). */
export function pageNumberOf(written: string): string | null {
  const value = written.normalize('NFKC').trim().toUpperCase();
  if (/^[A-Z]?\d{1,3}$/.test(value)) return value.replace(/^([A-Z]?)0+(\d)/, '$1$2');
  if (/^[〇零一二两三四五六七八九十]+$/.test(value)) {
    if (!value.includes('十')) return String(Number([...value].map((ch) => chineseDigits[ch]).join('')));
    const [tens, ones] = value.split('十');
    return String((tens ? chineseDigits[tens]! : 1) * 10 + (ones ? chineseDigits[ones]! : 0));
  }
  const ordinal = /^(\d{1,3})(?:E|ER|RE|ÈME|EME)$/.exec(value);
  if (ordinal) return ordinal[1]!;
  if (/^PREMI[EÈ]RE$/.test(value)) return '1';
  return null;
}

const number = '([A-Za-zＡ-Ｚ]?[0-9０-９]{1,3}|[〇零一二两三四五六七八九十]{1,3})';
const to = [
  new RegExp(`(?:下)?转(?:至|到)?第?\\s*${number}\\s*(?:版|页)`),
  new RegExp(`continued\\s+on\\s+page\\s*\\W{0,2}\\s*${number}`, 'i'),
  new RegExp(`(?:voir\\s+la\\s+)?suite\\s+(?:en\\s+)?(?:page\\s+)?${number}(?:e|re|ème)?\\s*page`, 'i'),
  new RegExp(`(?:voir\\s+la\\s+)?suite\\s+page\\s+${number}`, 'i'),
];
const from = [
  new RegExp(`(?:上)?接(?:自)?第?\\s*${number}\\s*(?:版|页)`),
  new RegExp(`continued\\s+from\\s+page\\s*(?:\\W|[a-z]\\b){0,3}\\s*${number}`, 'i'),
  new RegExp(`suite\\s+de\\s+la\\s+(\\d{1,2}(?:e|re|ère|ème)|premi[eè]re)\\s+page`, 'i'),
];

/** The cues a text holds; only the first of each kind counts. */
export function continuationCues(text: string): ContinuationCues {
  const flat = text.replace(/\s+/g, ' ');
  const find = (patterns: RegExp[]): string | undefined => {
    for (const pattern of patterns) {
      const match = pattern.exec(flat);
      const page = match?.[1] ? pageNumberOf(match[1]) : null;
      if (page) return page;
    }
    return undefined;
  };
  const continuesTo = find(to);
  const continuedFrom = find(from);
  return { ...(continuesTo ? { continuesTo } : {}), ...(continuedFrom ? { continuedFrom } : {}) };
}

export interface ContinuationPiece {
  /** Where the piece is: the page's position in the issue and its printed label. */
  seq: number;
  label: string;
  cues: ContinuationCues;
}

/**
 * Pairs of pieces (indexes into `pieces`) that are one article: a piece that continues on page P
 * and a piece on page P that says it is continued from the first one's page. Each piece joins at
 * most one other each way; the nearest later page wins where a label repeats.
 */
export function linkContinuations(pieces: readonly ContinuationPiece[]): [number, number][] {
  const links: [number, number][] = [];
  const taken = new Set<number>();
  pieces.forEach((piece, i) => {
    const target = piece.cues.continuesTo;
    if (!target) return;
    const candidates = pieces
      .map((other, j) => ({ other, j }))
      .filter(({ other, j }) => j !== i && !taken.has(j) && other.seq !== piece.seq && other.label === target && other.cues.continuedFrom === piece.label)
      .sort((a, b) => Math.abs(a.other.seq - piece.seq) - Math.abs(b.other.seq - piece.seq));
    const match = candidates[0];
    if (!match) return;
    taken.add(match.j);
    links.push([i, match.j]);
  });
  return links;
}
