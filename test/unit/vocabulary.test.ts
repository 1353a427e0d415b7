/** Vocabulary spreadsheets into terms, search words from names, and suggestions as a cataloguer types. */
import { describe, expect, it } from 'vitest';
import { columnFor } from '../../indexer/readers/read-table.ts';
import { fold } from '../../src/domain/fold.ts';
import { searchWordsFrom, termsFromTable, TermSuggester, vocabularyColumns } from '../../src/domain/vocabulary.ts';

const columns = (header: string) => columnFor(header, vocabularyColumns);

describe('termsFromTable', () => {
  it('reads Chinese headers, splits variants, keeps codes as ids', () => {
    const { terms, problems } = termsFromTable(
      'place',
      [
        ['地名', '行政区划代码', '旧名', '上级'],
        ['番禺区', '440113', '番禺县；番禺市', '广州市'],
        ['清远市', '441800', '', ''],
        ['', '', '', ''],
      ],
      columns,
    );
    expect(problems).toEqual([]);
    expect(terms).toEqual([
      { vocabulary: 'place', id: '440113', preferred: '番禺区', variants: ['番禺县', '番禺市'], code: '440113', broader: ['广州市'] },
      { vocabulary: 'place', id: '441800', preferred: '清远市', variants: [], code: '441800', broader: [] },
    ]);
  });

  it('reports rows it cannot use, with their numbers, and a table without a term column', () => {
    const { problems } = termsFromTable('subject', [['主题词', '用代项'], ['公共图书馆', '图书馆（公共）'], ['公共图书馆', ''], ['', '孤儿变体']], columns);
    expect(problems.map((p) => p.message['zh-CN'])).toEqual(['第 3 行：与前面的“公共图书馆”重复', expect.stringContaining('第 4 行')]);
    expect(termsFromTable('subject', [['编号', '说明'], ['1', 'x']], columns).problems[0]!.message.en).toContain('no term column');
  });
});

describe('searchWordsFrom', () => {
  it('puts names (not subjects) into the dictionary, folded, and makes a place\'s variants its synonyms', () => {
    const { terms } = termsFromTable('place', [['name', 'variants'], ['番禺区', '番禺縣'], ['英德市', '']], columns);
    const { terms: subjects } = termsFromTable('subject', [['term'], ['阅读推广']], columns);
    const words = searchWordsFrom([...terms, ...subjects]);
    expect(words.dictionary).toEqual([fold('番禺区'), fold('番禺縣'), fold('英德市')].sort());
    expect(words.synonyms[fold('番禺区')]).toEqual([fold('番禺縣')]);
    expect(words.synonyms[fold('番禺縣')]).toEqual([fold('番禺区')]);
  });
});

describe('TermSuggester', () => {
  const { terms } = termsFromTable(
    'subject',
    [
      ['主题词', '用代项', '分类号'],
      ['公共图书馆', '图书馆（公共）', 'G258.2'],
      ['图书馆管理', '', 'G251'],
      ['阅读推广', '读书活动', 'G252.17'],
    ],
    columns,
  );
  const suggester = new TermSuggester(terms);
  const preferred = (typed: string) => suggester.suggest(typed).map((s) => s.term.preferred);

  it('matches characters, traditional characters, full pinyin, initials and codes', () => {
    expect(preferred('图书馆')).toEqual(['图书馆管理', '公共图书馆']);
    expect(preferred('圖書館')).toEqual(['图书馆管理', '公共图书馆']);
    expect(preferred('yuedu')).toEqual(['阅读推广']);
    expect(preferred('ggtsg')).toEqual(['公共图书馆']);
    expect(suggester.suggest('ggtsg')[0]!.via).toBe('initials');
    expect(preferred('G251')).toEqual(['图书馆管理']);
  });

  it('leads from a variant to its preferred term, after terms that match themselves', () => {
    const [first] = suggester.suggest('读书活动');
    expect(first).toMatchObject({ matched: '读书活动', term: { preferred: '阅读推广' } });
    expect(suggester.suggest('')).toEqual([]);
  });
});
