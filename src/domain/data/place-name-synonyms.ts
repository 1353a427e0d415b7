/**
 * Old and new names of the same places, so a search for one finds the other: county-level
 * divisions of Guangdong renamed as counties became cities (县 → 市) and districts (市 → 区).
 * Compiled by the difang developers from the public record of administrative-division changes
 * (民政部 行政区划变更); each group lists the names in order of use, with the years of change.
 * A library adds its own region's changes here.
 */
export const placeNameSynonyms: { names: string[]; note: string }[] = [
  { names: ['番禺县', '番禺市', '番禺区'], note: '广州：1992 撤县设市，2000 撤市设区' },
  { names: ['花县', '花都市', '花都区'], note: '广州：1993 撤县设市，2000 撤市设区' },
  { names: ['从化县', '从化市', '从化区'], note: '广州：1994 撤县设市，2014 撤市设区' },
  { names: ['增城县', '增城市', '增城区'], note: '广州：1993 撤县设市，2014 撤市设区' },
  { names: ['南海县', '南海市', '南海区'], note: '佛山：1992 撤县设市，2002 撤市设区' },
  { names: ['顺德县', '顺德市', '顺德区'], note: '佛山：1992 撤县设市，2003 撤市设区' },
  { names: ['三水县', '三水市', '三水区'], note: '佛山：1993 撤县设市，2003 撤市设区' },
  { names: ['高明县', '高明市', '高明区'], note: '佛山：1994 撤县设市，2003 撤市设区' },
  { names: ['新会县', '新会市', '新会区'], note: '江门：1992 撤县设市，2002 撤市设区' },
  { names: ['清新县', '清新区'], note: '清远：2012 撤县设区' },
  { names: ['英德县', '英德市'], note: '清远：1994 撤县设市' },
  { names: ['连县', '连州市'], note: '清远：1994 撤县设市' },
  { names: ['曲江县', '曲江区'], note: '韶关：2004 撤县设区' },
  { names: ['梅县', '梅县区'], note: '梅州：2013 撤县设区' },
  { names: ['潮安县', '潮安区'], note: '潮州：2013 撤县设区' },
  { names: ['高要县', '高要市', '高要区'], note: '肇庆：1993 撤县设市，2015 撤市设区' },
  { names: ['东莞县', '东莞市'], note: '1985 撤县设市' },
  { names: ['中山县', '中山市'], note: '1983 撤县设市' },
];
