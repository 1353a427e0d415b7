import { describe, expect, it } from 'vitest';
import { foldPairs } from '../../../src/domain/data/fold-table.ts';
import { fold, foldTableSize } from '../../../src/domain/fold.ts';
import { pinyinForms } from '../../../src/domain/pinyin.ts';
import { numberTokens } from '../../../src/domain/number-tokens.ts';
import { advancedQuery, buildFilters, dateBound, filterValue, queryWords, searchParamsSchema, searchQuery } from '../../../src/domain/search-request.ts';
import { findMatches, highlightTerms } from '../../../src/domain/highlight.ts';
import { markText, mergeRanges, snippet } from '../../../src/domain/snippets.ts';
import { foldAligned } from '../../../src/domain/fold.ts';
import { synonymsOf } from '../../../src/services/search-indexes.ts';
import { simplifiedTraditionalPairs } from '../../helpers/pairs.ts';

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

  it('folds each character on its own, whatever surrounds it: the whole table, one character at a time and run together', () => {
    const chars = [...foldPairs].filter((_, i) => i % 2 === 0);
    const oneByOne = (text: string, keepLength: boolean) =>
      [...text].map((char) => {
        const folded = fold(char);
        return keepLength && folded.length !== char.length ? char : folded;
      }).join('');
    const mixed = chars.map((char, i) => (i % 3 === 0 ? `${char}图书馆 ` : char)).join('') + '𠀀末';
    for (const text of [mixed, chars.join(''), '清远市图书馆', '', '𠀀']) {
      expect(fold(text)).toBe(oneByOne(text, false));
      expect(foldAligned(text)).toBe(oneByOne(text, true));
      expect(foldAligned(text)).toHaveLength(text.length);
    }
    expect(fold('清远市图书馆')).toBe('清远市图书馆');
  });
});

describe('searchQuery', () => {
  it('folds the query, keeps balanced phrases and drops a stray quote', () => {
    expect(searchQuery('廣州 "圖書館 新館"')).toBe('广州 "图书馆 新馆"');
    expect(searchQuery('"unbalanced 報紙')).toBe('unbalanced 报纸');
    expect(searchQuery('  ')).toBe('');
    // Numbers stand whole, as phrases; the characters printed against them stay words.
    expect(searchQuery('2024年')).toBe('"2024x5e74"');
    expect(searchQuery('2024年度')).toBe('"2024x5e74" 年度');
    expect(searchQuery('第20240期 ０７６３-3362611 3630㎡ G258.2')).toBe('"x7b2c20240 20240x671f" "0763" "3362611" "3630" ㎡ G258.2');
    expect(numberTokens('2023年12月，第12期，年12日')).toBe('2023 2023x5e74 12 x5e7412 12x6708 12 x7b2c12 12x671f 12 x5e7412 12x65e5');
    expect(searchQuery('“书香小城” 「要聞」')).toBe('"书香小城" "要闻"');
    expect(advancedQuery({ all: '周恩来', phrase: '人民代表大会', any: '广州 深圳', none: '上海' })).toBe('广州 周恩来 "人民代表大会" -上海 OR 深圳 周恩来 "人民代表大会" -上海');
    expect(advancedQuery({ all: '图书馆', none: '-深圳' })).toBe('图书馆 -深圳');
    // Words, phrases and numbers to leave out keep their minus.
    expect(searchQuery('圖書館 -深圳 -"阅读推广" -2024', new Set(['深圳']))).toBe('图书馆 -深圳 -"阅读推广" -"2024"');
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
      shared: ['hidden = false', 'titleId = "qingyuan-ribao"', 'date >= 19950101', 'date <= 19960630', 'sectionFolded = "要闻\\" OR hidden = true"'],
      articleOnly: ['placesFolded = "a\\\\\\" OR 1=1"'],
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
  it('keeps offsets aligned between a text and its folded form, characters outside the BMP included', () => {
    const text = '圖𠀀書館';
    const folded = foldAligned(text);
    expect(folded.length).toBe(text.length);
    const [match] = findMatches(folded, ['书馆']);
    expect(text.slice(match!.start, match!.end)).toBe('書館');
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

describe('finding matches', () => {
  it('marks a word where it stands whole, and covers it with its longest pieces where it does not', () => {
    const text = foldAligned('清遠市今年新建了圖書館，圖書館開放');
    const terms = highlightTerms('清远市图书馆');
    const marked = findMatches(text, terms).map((r) => text.slice(r.start, r.end));
    expect(marked).toEqual(['清远市', '图书馆', '图书馆']);
    expect(findMatches(foldAligned('清远市图书馆新馆'), highlightTerms('"清远市图书馆"')).map((r) => [r.start, r.end])).toEqual([[0, 6]]);
  });

  it('matches Latin words without regard to case, and a place under its synonyms', () => {
    expect(findMatches('The Park Record', highlightTerms('park')).map((r) => [r.start, r.end])).toEqual([[4, 8]]);
    const terms = highlightTerms('番禺区', { 番禺区: ['番禺县'] });
    expect(terms).toEqual(['番禺区', '番禺县']);
    expect(mergeRanges(findMatches('番禺县召开大会', terms))).toEqual([{ start: 0, end: 3 }]);
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
