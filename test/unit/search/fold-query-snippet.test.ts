import { describe, expect, it } from 'vitest';
import { fold, foldTableSize } from '../../../src/domain/fold.ts';
import { pinyinForms } from '../../../src/domain/pinyin.ts';
import { buildFilters, dateBound, filterValue, queryWords, searchParamsSchema, searchQuery } from '../../../src/domain/search-request.ts';
import { byteRangesToChars, markText, mergeRanges, snippet } from '../../../src/domain/snippets.ts';
import { synonymsOf } from '../../../src/services/search-indexes.ts';

/** Pairs Meilisearch 1.21 alone does not match (measured), and more. */
export const simplifiedTraditionalPairs: [string, string][] = [
  ['广州', '廣州'], ['广东', '廣東'], ['报纸', '報紙'], ['台湾', '臺灣'], ['韶关', '韶關'], ['图书馆', '圖書館'], ['清远', '清遠'], ['读者', '讀者'],
  ['阅读', '閱讀'], ['数字', '數字'], ['资源', '資源'], ['服务', '服務'], ['建设', '建設'], ['活动', '活動'], ['项目', '項目'], ['体系', '體系'],
  ['馆藏', '館藏'], ['书目', '書目'], ['网络', '網絡'], ['专业', '專業'], ['经济', '經濟'], ['历史', '歷史'], ['发展', '發展'], ['会议', '會議'],
  ['儿童', '兒童'], ['乡村', '鄉村'], ['机构', '機構'], ['区域', '區域'], ['国家', '國家'], ['学习', '學習'], ['传统', '傳統'], ['电视', '電視'],
  ['联盟', '聯盟'], ['志愿者', '志願者'], ['开放', '開放'], ['设施', '設施'], ['质量', '質量'], ['宣传', '宣傳'], ['纪念', '紀念'], ['东莞', '東莞'],
];

describe('fold', () => {
  it('makes every traditional form the simplified one, character for character', () => {
    for (const [simplified, traditional] of simplifiedTraditionalPairs) {
      expect(fold(traditional)).toBe(simplified);
      expect(fold(simplified)).toBe(simplified);
    }
    expect(foldTableSize).toBeGreaterThan(4000);
  });

  it('folds old variant characters and full-width Latin too, and keeps every character in place', () => {
    expect(fold('淸遠羣衆峯會')).toBe('清远群众峰会');
    expect(fold('ＣＮ４４－００４３')).toBe('CN44-0043');
    const text = '《淸遠日報》1990年𠀀創刊';
    expect([...fold(text)]).toHaveLength([...text].length);
  });
});

describe('searchQuery', () => {
  it('folds the query, keeps balanced phrases and drops a stray quote', () => {
    expect(searchQuery('廣州 "圖書館 新館"')).toBe('广州 "图书馆 新馆"');
    expect(searchQuery('"unbalanced 報紙')).toBe('unbalanced 报纸');
    expect(searchQuery('  ')).toBe('');
  });

  it('quotes a known name wherever it stands in the words, longest first', () => {
    const names = new Set(['清远市图书馆', '清远市', '番禺区']);
    expect(searchQuery('清遠市圖書館新館開放', names)).toBe('"清远市图书馆" 新馆开放');
    expect(searchQuery('番禺区与清远市', names)).toBe('"番禺区" 与 "清远市"');
  });

  it('gives the folded words back for finding matches on the page', () => {
    expect(queryWords('"廣州 報紙" 圖書館')).toEqual(['广州', '报纸', '图书馆']);
  });
});

describe('search parameters and filters', () => {
  it('turns partial dates into whole years and months', () => {
    expect(dateBound('1995', 'first')).toBe(19950101);
    expect(dateBound('1995', 'last')).toBe(19951231);
    expect(dateBound('1996-02', 'last')).toBe(19960229);
    expect(dateBound('1995-03-07', 'last')).toBe(19950307);
  });

  it('builds filters from values only: quotes and backslashes cannot escape a value', () => {
    const params = searchParamsSchema.parse({ q: '', title: 'qingyuan-ribao', from: '1995', to: '1996-06', section: '要闻" OR hidden = true', place: 'a\\" OR 1=1' });
    expect(buildFilters(params)).toEqual({
      shared: ['hidden = false', 'titleId = "qingyuan-ribao"', 'date >= 19950101', 'date <= 19960630', 'section = "要闻\\" OR hidden = true"'],
      articleOnly: ['places = "a\\\\\\" OR 1=1"'],
    });
    expect(filterValue('x"y')).toBe('"x\\"y"');
  });

  it('refuses what it cannot take, saying which parameter', () => {
    for (const bad of [{ q: 'x'.repeat(501) }, { title: 'x" OR 1=1' }, { from: '1995-13' }, { sort: 'random' }, { page: '0' }, { per: '1000' }, { genre: 'gossip' }]) {
      const result = searchParamsSchema.safeParse(bad);
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error!.issues[0]!.path[0]).toBe(Object.keys(bad)[0]);
    }
    expect(searchParamsSchema.parse({})).toMatchObject({ q: '', sort: 'relevance', page: 1, per: 20 });
  });
});

describe('snippets', () => {
  it('turns UTF-8 byte offsets into character offsets, characters outside the BMP included', () => {
    const text = 'a图𠀀书馆';
    // 'a' = 1 byte, 图 = 3, 𠀀 = 4, 书 = 3, 馆 = 3
    expect(byteRangesToChars(text, [{ start: 8, length: 6 }])).toEqual([{ start: 3, end: 5 }]);
    expect(byteRangesToChars(text, [{ start: 1, length: 3 }])).toEqual([{ start: 1, end: 2 }]);
  });

  it('merges the marks Meilisearch splits (图书 + 馆) and escapes everything else', () => {
    expect(mergeRanges([{ start: 2, end: 4 }, { start: 4, end: 5 }, { start: 7, end: 8 }])).toEqual([{ start: 2, end: 5 }, { start: 7, end: 8 }]);
    expect(markText('清远<市>图书馆', [{ start: 5, end: 7 }, { start: 7, end: 8 }])).toBe('清远&lt;市&gt;<mark>图书馆</mark>');
  });

  it('shows the densest part of a long text, cut at a sentence start where it can', () => {
    const text = `${'前文。'.repeat(60)}清远市图书馆新馆开放。${'后文。'.repeat(60)}`;
    const at = text.indexOf('图书馆');
    const shown = snippet(text, [{ start: at, end: at + 3 }], 60);
    expect(shown).toContain('<mark>图书馆</mark>');
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(snippet('短文', [])).toBe('短文');
  });
});

describe('pinyin and synonyms', () => {
  it('gives full pinyin, spaced syllables and initials', () => {
    expect(pinyinForms('清远日报')).toEqual(['qingyuanribao', 'qing yuan ri bao', 'qyrb']);
    expect(pinyinForms('Times')).toEqual([]);
  });

  it('links every name of a place to all its others, folded', () => {
    expect(synonymsOf([['番禺县', '番禺市', '番禺區']])).toEqual({ 番禺县: ['番禺区', '番禺市'], 番禺市: ['番禺区', '番禺县'], 番禺区: ['番禺县', '番禺市'] });
  });
});
