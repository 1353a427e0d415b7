/** Any OCR sidecar difang reads, by format, into normalized page OCR. */
import { normalizeOcrText } from '../../src/domain/ideographs.ts';
import type { PageOcr } from '../../src/domain/page-ocr.ts';
import type { OcrFormat } from '../../src/domain/page.ts';
import { decodeText } from './decode-text.ts';
import { inputError } from './input-error.ts';
import { parseAlto } from './parse-alto.ts';
import { parseHocr } from './parse-hocr.ts';
import { parseIarchivesPage } from './parse-iarchives.ts';
import { parsePaddleOcr } from './parse-paddle-ocr.ts';
import { decodeXml } from './safe-xml.ts';

/** The OCR with look-alike code points (radicals, vertical punctuation forms) as the characters they stand for. */
export function parseOcr(format: Exclude<OcrFormat, 'pdf'>, bytes: Uint8Array, image: { imageWidth: number; imageHeight: number }): PageOcr {
  if (bytes.byteLength === 0) throw inputError('invalid_ocr', 'OCR 文件是空的（0 字节）', 'the OCR file is empty (0 bytes)');
  return normalizeOcrText(parseAs(format, bytes, image));
}

function parseAs(format: Exclude<OcrFormat, 'pdf'>, bytes: Uint8Array, image: { imageWidth: number; imageHeight: number }): PageOcr {
  switch (format) {
    case 'alto':
      return parseAlto(decodeXml(bytes), image);
    case 'hocr':
      return parseHocr(decodeXml(bytes), image);
    case 'paddle':
      return parsePaddleOcr(decodeText(bytes).text, image);
    case 'iarchives':
      return parseIarchivesPage(decodeXml(bytes), image);
  }
}
