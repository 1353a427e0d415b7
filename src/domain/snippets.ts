/**
 * Turning Meilisearch's match positions into what a reader sees: the original (not folded) text
 * with <mark> around what matched. Meilisearch reports positions in UTF-8 bytes of the folded
 * field; folding keeps every character in place, so byte offsets become character offsets and
 * those are valid in the original. Adjacent marks are merged (Meilisearch marks 图书馆 as 图书 +
 * 馆). All other text is HTML-escaped.
 */

export interface CharRange {
  /** Code point offsets, end exclusive. */
  start: number;
  end: number;
}

const encoder = new TextEncoder();

/** Code point ranges for Meilisearch's UTF-8 byte ranges in `text`. */
export function byteRangesToChars(text: string, ranges: readonly { start: number; length: number }[]): CharRange[] {
  if (ranges.length === 0) return [];
  // Byte offset at which each code point starts.
  const starts: number[] = [];
  let bytes = 0;
  for (const char of text) {
    starts.push(bytes);
    bytes += encoder.encode(char).length;
  }
  starts.push(bytes);
  const charAt = (byte: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= byte) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  return ranges.map((range) => ({ start: charAt(range.start), end: Math.max(charAt(range.start + range.length - 1) + 1, charAt(range.start) + 1) }));
}

/** Sorted, with ranges that overlap or touch merged into one. */
export function mergeRanges(ranges: readonly CharRange[]): CharRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: CharRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The whole text, escaped, with every range marked. */
export function markText(text: string, ranges: readonly CharRange[]): string {
  const chars = [...text];
  let out = '';
  let at = 0;
  for (const range of mergeRanges(ranges)) {
    if (range.start < at || range.start >= chars.length) continue;
    out += escapeHtml(chars.slice(at, range.start).join(''));
    out += `<mark>${escapeHtml(chars.slice(range.start, Math.min(range.end, chars.length)).join(''))}</mark>`;
    at = Math.min(range.end, chars.length);
  }
  return out + escapeHtml(chars.slice(at).join(''));
}

/**
 * A window of about `length` characters around the densest group of matches, marked, with "…"
 * where the text was cut; the start of the text when nothing matched.
 */
export function snippet(text: string, ranges: readonly CharRange[], length = 120): string {
  // Each whitespace character becomes one space (offsets stay valid); runs are squeezed at the end.
  const chars = [...text.replace(/\s/g, ' ')];
  const merged = mergeRanges(ranges).filter((range) => range.start < chars.length);
  let start = 0;
  if (merged.length > 0) {
    // The window that holds the most matches, starting a little before its first one.
    let best = 0;
    let bestCount = 0;
    for (let i = 0; i < merged.length; i++) {
      let count = 0;
      while (i + count < merged.length && merged[i + count]!.end - merged[i]!.start <= length) count++;
      if (count > bestCount) {
        best = i;
        bestCount = count;
      }
    }
    start = Math.max(0, merged[best]!.start - Math.floor(length / 4));
    // Begin at a sentence start when one is close.
    for (let back = start; back > Math.max(0, start - 20); back--) {
      if (/[。！？；\n]/.test(chars[back - 1] ?? '')) {
        start = back;
        break;
      }
    }
  }
  const end = Math.min(chars.length, start + length);
  const window = chars.slice(start, end).join('');
  const shifted = merged.filter((r) => r.end > start && r.start < end).map((r) => ({ start: Math.max(0, r.start - start), end: Math.min(end, r.end) - start }));
  return `${start > 0 ? '…' : ''}${markText(window, shifted).replace(/ {2,}/g, ' ').trim()}${end < chars.length ? '…' : ''}`;
}
