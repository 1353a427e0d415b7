/**
 * A small PDF written by hand for tests: one page per entry, each its own size in points with a
 * grey box drawn on it (no fonts, no images), so pages render to pixels whose size the test
 * chooses — a 14,400-pt page is one no archive should tile.
 */
export interface VectorPage {
  widthPt: number;
  heightPt: number;
  /** Grey level of the box, 0 (black) to 1 (white); pages with different levels differ. */
  grey?: number;
}

export function vectorPdf(pages: readonly VectorPage[]): Uint8Array {
  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 3 + index * 2);
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  for (const [index, page] of pages.entries()) {
    const content = `${(page.grey ?? 0.5).toFixed(2)} g ${page.widthPt * 0.1} ${page.heightPt * 0.1} ${page.widthPt * 0.8} ${page.heightPt * 0.8} re f`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.widthPt} ${page.heightPt}] /Contents ${pageIds[index]! + 1} 0 R /Resources << >> >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [index, object] of objects.entries()) {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
