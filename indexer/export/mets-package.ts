/**
 * A METS + ALTO package of one issue or volume, as a zip streamed to a file: mets.xml, the page
 * images exactly as delivered (images/0001.tif …), and ALTO v4 per page (alto/0001.xml), all read
 * from storage, the source of truth.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { alto } from '../../src/domain/export/alto.ts';
import type { ExportRecord } from '../../src/domain/export/export-record.ts';
import { metsDocument, type PackagePage } from '../../src/domain/export/mets.ts';
import { storageKeys, urls, type ArticleKey, type IssueKey, type PageKey } from '../../src/domain/natural-keys.ts';
import { membersOf } from '../../src/services/issue-members.ts';
import type { ObjectStore } from '../../src/ports.ts';
import type { RecordStore } from '../../src/services/record-store.ts';
import { xmlDeclaration } from '../../src/domain/xml.ts';
import { extensionOf } from '../images/sniff-format.ts';

const mimeTypes: Record<string, string> = { tif: 'image/tiff', jpg: 'image/jpeg', png: 'image/png', jp2: 'image/jp2', pdf: 'application/pdf' };

export interface PackageReport {
  file: string;
  pages: number;
  articles: number;
  bytes: number;
}

export async function writeIssuePackage(options: { store: ObjectStore; records: RecordStore; key: IssueKey; out: string; publicBaseUrl: string }): Promise<PackageReport | null> {
  const { store, records, key } = options;
  const title = (await records.getTitle(key.title))?.record;
  if (!title) return null;
  const { seqs, articles: numbers } = await membersOf(store, key);
  if (seqs.length === 0) return null;
  const issue = (await records.getIssue(key))?.record ?? null;

  const output = createWriteStream(options.out);
  let bytes = 0;
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else {
      bytes += chunk.length;
      output.write(chunk);
    }
    if (final || error) output.end();
  });
  const addFile = (path: string, data: Uint8Array, compress: boolean) => {
    const entry = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    zip.add(entry);
    entry.push(data, true);
  };
  const encoder = new TextEncoder();

  const pages: PackagePage[] = [];
  for (const seq of seqs) {
    const pageKey = { ...key, seq } as PageKey;
    const page = (await records.getPage(pageKey))?.record;
    if (!page) continue;
    const extension = extensionOf[page.image.format];
    const original = await store.get(storageKeys.pageOriginal(pageKey, extension));
    const name = String(seq).padStart(4, '0');
    const imagePath = `images/${name}.${extension}`;
    if (original) addFile(imagePath, original.bytes ?? new Uint8Array(await new Response(original.body).arrayBuffer()), false);
    const ocr = await records.getPageOcr(pageKey);
    const altoPath = ocr ? `alto/${name}.xml` : null;
    if (ocr && altoPath) addFile(altoPath, encoder.encode(xmlDeclaration + alto(ocr, { seq, imageFileName: imagePath })), true);
    pages.push({ page, ocr, imagePath, imageMimeType: mimeTypes[extension] ?? 'application/octet-stream', altoPath });
  }
  const articles: ExportRecord[] = [];
  for (const number of numbers) {
    const articleKey = { ...key, article: number } as ArticleKey;
    const article = (await records.getArticle(articleKey))?.record;
    if (article) articles.push({ article, title, issue, pages: pages.map((p) => p.page), url: `${options.publicBaseUrl}${urls.article(articleKey)}` });
  }
  addFile('mets.xml', encoder.encode(xmlDeclaration + metsDocument({ title, key, issue, pages, articles, created: new Date() })), true);
  zip.end();
  await finished(output);
  if (failure) throw failure;
  return { file: options.out, pages: pages.length, articles: articles.length, bytes };
}
