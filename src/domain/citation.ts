/**
 * Citations in GB/T 7714—2015 (信息与文献 参考文献著录规则), the form Chinese readers and
 * journals expect: a newspaper article is [N] (online: [N/OL]) with the date and 版次,
 *   余建斌. 我们的科技一直在追赶[N/OL]. 人民日报, 2013-01-12(2)[2013-03-20]. http://…
 * and a piece of a local-history volume is a contribution to a monograph, [M/OL]//.
 */
export interface CitationInput {
  creators: string[];
  title: string;
  /** 报纸名 / 文献名 */
  source: string;
  /** YYYY-MM-DD for a newspaper; absent for an undated volume. */
  date?: string;
  /** For a volume: its label (第1卷) and year of publication, when known. */
  volume?: { label: string; published?: string; place?: string; publisher?: string };
  /** 版次 or page numbers as printed, e.g. ["3"] or ["3", "4"] for an article continued. */
  pages: string[];
  /** Stable URL, and the day it was looked at (YYYY-MM-DD). */
  url: string;
  accessed: string;
}

/** At most three names, then 等 (§8.1.2). */
function creatorsPart(creators: string[]): string {
  if (creators.length === 0) return '';
  const names = creators.slice(0, 3).join(', ');
  return `${names}${creators.length > 3 ? ', 等' : ''}. `;
}

export function gbt7714Citation(input: CitationInput): string {
  const title = input.title.trim() || '[无题]';
  const pages = input.pages.join(', ');
  if (input.volume) {
    const imprint = [input.volume.place, input.volume.publisher].filter(Boolean).join(': ');
    const year = input.volume.published?.slice(0, 4);
    const publication = [imprint, year].filter(Boolean).join(', ');
    return `${creatorsPart(input.creators)}${title}[M/OL]//${input.source}: ${input.volume.label}. ${publication ? `${publication}: ` : ''}${pages}[${input.accessed}]. ${input.url}.`;
  }
  return `${creatorsPart(input.creators)}${title}[N/OL]. ${input.source}, ${input.date ?? ''}(${pages})[${input.accessed}]. ${input.url}.`;
}

/** The 版次 number of a page as printed: "第3版" → "3", "A3" → "A3"; the sequence number otherwise. */
export function printedPageNumber(label: string | undefined, seq: number): string {
  if (!label) return String(seq);
  const number = /^第\s*([0-9A-Za-z]+)\s*[版页]$/.exec(label.trim());
  if (number) return number[1]!;
  return /^[0-9A-Za-z-]+$/.test(label.trim()) ? label.trim() : String(seq);
}
