/**
 * ALTO v4.4 from difang's normalized page OCR, for METS/ALTO packages: blocks, lines and strings
 * with pixel coordinates and confidence, block ids a METS logical structMap can point at.
 * https://www.loc.gov/standards/alto/
 */
import type { PageOcr } from '../page-ocr.ts';
import type { Box } from '../region.ts';
import { element, emptyElement, textElement } from '../xml.ts';

export const altoNamespace = 'http://www.loc.gov/standards/alto/ns-v4#';

const position = (box: Box) => ({ HPOS: box.x, VPOS: box.y, WIDTH: box.w, HEIGHT: box.h });

/** The id of block `index` (0-based) on page `seq`: P3_TB12. */
export const altoBlockId = (seq: number, index: number) => `P${seq}_TB${index + 1}`;

export function alto(ocr: PageOcr, options: { seq: number; imageFileName: string }): string {
  const { seq } = options;
  const blocks = ocr.blocks.map((block, b) =>
    element(
      'TextBlock',
      block.lines.map((line, l) => {
        const strings = line.words.flatMap((word, w) => [
          ...(w > 0 && ocr.script === 'latin' ? ['<SP/>'] : []),
          emptyElement('String', { ID: `P${seq}_TB${b + 1}_L${l + 1}_S${w + 1}`, CONTENT: word.text, ...position(word.box), WC: word.confidence?.toFixed(2) }),
        ]);
        return element('TextLine', strings, { ID: `P${seq}_TB${b + 1}_L${l + 1}`, ...position(line.box) }, true);
      }),
      { ID: altoBlockId(seq, b), ...position(block.box) },
      true,
    ),
  );
  return element(
    'alto',
    [
      element('Description', [textElement('MeasurementUnit', 'pixel'), element('sourceImageInformation', [textElement('fileName', options.imageFileName)])]),
      element('Layout', [
        element('Page', [element('PrintSpace', blocks, { HPOS: 0, VPOS: 0, WIDTH: ocr.width, HEIGHT: ocr.height }, true)], { ID: `P${seq}`, PHYSICAL_IMG_NR: seq, WIDTH: ocr.width, HEIGHT: ocr.height }, true),
      ]),
    ],
    { xmlns: altoNamespace, 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:schemaLocation': `${altoNamespace} http://www.loc.gov/standards/alto/v4/alto-4-4.xsd` },
  );
}
