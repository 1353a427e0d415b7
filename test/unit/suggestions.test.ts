/** Tag suggestions from real Chinese text (the fixtures' printed articles), segmented by jieba. */
import { describe, expect, it } from 'vitest';
import { jiebaSegmenter } from '../../src/adapters/jieba/jieba-segmenter.ts';
import { classesFromSubjects, datesInText, recognizedNames, termsInText, textRank } from '../../src/domain/suggestions.ts';
import { termsFromTable, vocabularyColumns } from '../../src/domain/vocabulary.ts';
import { columnFor } from '../../indexer/readers/read-table.ts';
import { groundTruth } from '../helpers/fixtures.ts';

const article = groundTruth[0]!.articles[0]!;

describe('suggestions', () => {
  it('ranks keywords by TextRank over the segmented text: nouns of the subject, no particles or numbers', () => {
    const keywords = textRank(jiebaSegmenter.tag(article.text), { top: 10 }).map((k) => k.word);
    expect(keywords).toHaveLength(10);
    expect(keywords).toEqual(expect.arrayContaining(['图书馆', '读者']));
    for (const word of keywords) {
      expect([...word].length).toBeGreaterThanOrEqual(2);
      expect(word).not.toMatch(/^\d|[，。、]/);
    }
  });

  it('finds vocabulary terms in the text in either script, and their 中图法 classes', () => {
    const { terms } = termsFromTable('subject', [['主题词', '用代项', '分类号'], ['公共图书馆', '', 'G258.2'], ['乡村振兴', '', 'F320.3'], ['航天', '', 'V4']], (h) => columnFor(h, vocabularyColumns));
    const found = termsInText(`公共圖書館與${article.text}`, terms);
    expect(found.map((f) => f.name)).toContain('公共图书馆');
    expect(found.map((f) => f.name)).not.toContain('航天');
    expect(classesFromSubjects(found).map((c) => c.clc)).toContain('G258.2');
  });

  it('recognizes people named after their titles, and places with place-name endings', () => {
    const text = '本报记者林晓红报道：清远市图书馆馆长陈志强介绍，英德市和连州市的分馆已经开放。';
    const names = recognizedNames(jiebaSegmenter.tag(text), text);
    expect(names.persons.map((p) => p.name)).toEqual(expect.arrayContaining(['林晓红', '陈志强']));
    expect(names.places.map((p) => p.name)).toEqual(expect.arrayContaining(['清远市']));
  });

  it('reads dates as printed, including Chinese numerals and the Republican era', () => {
    expect(datesInText('1995年3月1日开馆，1996年2月扩建；一九九八年；民国二十五年；2003-12-31。')).toEqual([
      { text: '1995年3月1日', iso: '1995-03-01' },
      { text: '1996年2月', iso: '1996-02' },
      { text: '2003-12-31', iso: '2003-12-31' },
      { text: '一九九八年', iso: '1998' },
      { text: '民国二十五年', iso: '1936' },
    ]);
    expect(datesInText('1995年13月')).toEqual([]);
  });
});
