/**
 * What a reader sees of a match: the original (not folded) text with <mark> around what matched
 * (found in the folded text, whose characters stand where the original's do), marks that touch
 * merged into one, everything else HTML-escaped. Ranges are UTF-16 offsets.
 */
import { sortedByStart, type TextRange } from './highlight.ts';

export type CharRange = TextRange;

/** Sorted, with ranges that overlap or touch merged into one. */
export function mergeRanges(ranges: readonly CharRange[]): CharRange[] {
  const sorted = sortedByStart([...ranges]);
  const merged: CharRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

const htmlSpecial = /[&<>"']/;
const everyHtmlSpecial = new RegExp(htmlSpecial.source, 'g');
const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  // Most text has nothing to escape: it comes back as it is.
  return htmlSpecial.test(text) ? text.replace(everyHtmlSpecial, (char) => htmlEntities[char]!) : text;
}

/** The whole text, escaped, with every range marked. */
export function markText(text: string, ranges: readonly CharRange[]): string {
  let out = '';
  let at = 0;
  for (const range of mergeRanges(ranges)) {
    if (range.start < at || range.start >= text.length) continue;
    out += escapeHtml(text.slice(at, range.start));
    out += `<mark>${escapeHtml(text.slice(range.start, Math.min(range.end, text.length)))}</mark>`;
    at = Math.min(range.end, text.length);
  }
  return out + escapeHtml(text.slice(at));
}

/**
 * A window of about `length` characters around the densest group of matches, marked, with "…"
 * where the text was cut; the start of the text when nothing matched.
 */
export function snippet(text: string, ranges: readonly CharRange[], length = 120): string {
  const merged = mergeRanges(ranges).filter((range) => range.start < text.length);
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
      if (/[。！？；]/.test(text[back - 1] ?? '')) {
        start = back;
        break;
      }
    }
    // Never cut a character outside the BMP in half.
    if (/[\udc00-\udfff]/.test(text[start] ?? '')) start--;
  }
  let end = Math.min(text.length, start + length);
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end++;
  // Each whitespace character becomes one space (offsets stay valid); runs are squeezed at the end.
  const window = text.slice(start, end).replace(/\s/g, ' ');
  const shifted = merged.filter((r) => r.end > start && r.start < end).map((r) => ({ start: Math.max(0, r.start - start), end: Math.min(end, r.end) - start }));
  return `${start > 0 ? '…' : ''}${markText(window, shifted).replace(/ {2,}/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}
