/**
 * iArchives article-segmented export (namespace http://www.iarchives.com/schema/2002/export), as
 * vendors delivered US newspaper digitization: a page file of word boxes (<n><r l t r b/><o>word</o></n>)
 * and one file per article with its classification, headline and clipping rectangles — the
 * segmentation people made. Word boxes become page OCR (words → lines → blocks).
 */
import type { OcrLine, OcrWord, PageOcr } from '../../src/domain/page-ocr.ts';
import { unionBox, type Box } from '../../src/domain/region.ts';
import { groupLinesIntoBlocks } from './group-lines.ts';
import { inputError } from './input-error.ts';
import { walkXml } from './safe-xml.ts';

const boxOf = (attributes: Record<string, string>): Box | null => {
  const [l, t, r, b] = ['l', 't', 'r', 'b'].map((name) => Number(attributes[name]));
  if (![l, t, r, b].every((n) => Number.isFinite(n)) || r! <= l! || b! <= t!) return null;
  return { x: l!, y: t!, w: r! - l!, h: b! - t! };
};

/** Words of one page; lines are words whose vertical middles line up and that follow closely. */
export function parseIarchivesPage(xml: string, image: { imageWidth: number; imageHeight: number }): PageOcr {
  const words: OcrWord[] = [];
  let box: Box | null = null;
  let root = '';
  walkXml(xml, {
    open(element, depth) {
      if (depth === 1) root = element.local;
      if (element.local === 'n') box = null;
      if (element.local === 'r') box = boxOf(element.attributes);
    },
    close(local, _uri, text) {
      if (local === 'o' && box && text.trim()) words.push({ text: text.trim(), box });
    },
  });
  if (root !== 'page') throw inputError('invalid_ocr', `不是 iArchives 版面文件（根元素是 ${root}）`, `not an iArchives page file (root element ${root})`);
  return { width: image.imageWidth, height: image.imageHeight, source: { format: 'alto', version: 'iarchives' }, script: 'latin', blocks: groupLinesIntoBlocks(wordsIntoLines(words)) };
}

function wordsIntoLines(words: OcrWord[]): OcrLine[] {
  const heights = words.map((w) => w.box.h).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)] ?? 10;
  const lines: OcrWord[][] = [];
  for (const word of [...words].sort((a, b) => a.box.x - b.box.x)) {
    const middle = word.box.y + word.box.h / 2;
    const line = lines.find((l) => {
      const last = l[l.length - 1]!;
      return Math.abs(last.box.y + last.box.h / 2 - middle) < Math.max(last.box.h, word.box.h) * 0.5 && word.box.x - (last.box.x + last.box.w) < typical * 1.2;
    });
    if (line) line.push(word);
    else lines.push([word]);
  }
  return lines.map((l) => ({ box: unionBox(l.map((w) => w.box))!, words: l })).sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
}

export interface IarchivesArticle {
  classification: string;
  headline: string;
  clippings: Box[];
}

export function parseIarchivesArticle(xml: string): IarchivesArticle {
  const article: IarchivesArticle = { classification: '', headline: '', clippings: [] };
  let headlineItem = false;
  walkXml(xml, {
    open(element, depth) {
      if (depth === 1) article.classification = element.attributes.classification ?? '';
      if (element.local === 'header-item') headlineItem = element.attributes.name === 'headline';
      if (element.local === 'article-clipping') {
        const clipping = boxOf(element.attributes);
        if (clipping) article.clippings.push(clipping);
      }
    },
    close(local, _uri, text) {
      if (local === 'header-item' && headlineItem) article.headline = text.trim();
    },
  });
  return article;
}
