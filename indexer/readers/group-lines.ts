/**
 * Groups OCR lines into blocks when the source gives only lines (PaddleOCR, PDF text): a line
 * joins the block of a line it continues — the next line of a paragraph in the same column, or
 * the next column of vertical text. Blocks keep the order of their first line.
 */
import type { OcrBlock, OcrLine } from '../../src/domain/page-ocr.ts';
import { unionBox, type Box } from '../../src/domain/region.ts';

export function groupLinesIntoBlocks(lines: readonly OcrLine[]): OcrBlock[] {
  const parent = lines.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i]!;
      const b = lines[j]!;
      if (Boolean(a.vertical) === Boolean(b.vertical) && continues(a.box, b.box, Boolean(a.vertical))) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, OcrLine[]>();
  lines.forEach((line, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), line]);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, group]) => {
      const vertical = Boolean(group[0]?.vertical);
      // Horizontal lines read top to bottom; vertical columns right to left.
      const ordered = [...group].sort((a, b) => (vertical ? b.box.x - a.box.x : a.box.y - b.box.y));
      return { box: unionBox(ordered.map((l) => l.box))!, lines: ordered };
    });
}

/** Whether `b` is the line after (or before) `a` in the same paragraph. */
function continues(a: Box, b: Box, vertical: boolean): boolean {
  const [along, across] = vertical ? (['y', 'x'] as const) : (['x', 'y'] as const);
  const [alongSize, acrossSize] = vertical ? (['h', 'w'] as const) : (['w', 'h'] as const);
  const thickness = Math.max(a[acrossSize], b[acrossSize]);
  const gap = Math.max(a[across], b[across]) - Math.min(a[across] + a[acrossSize], b[across] + b[acrossSize]);
  const overlap = Math.min(a[along] + a[alongSize], b[along] + b[alongSize]) - Math.max(a[along], b[along]);
  const similarSize = Math.max(a[acrossSize], b[acrossSize]) / Math.max(1, Math.min(a[acrossSize], b[acrossSize])) < 1.5;
  return gap < thickness && overlap > Math.min(a[alongSize], b[alongSize]) * 0.5 && similarSize;
}
