/** Tag suggestions from real Chinese text (the fixtures' printed articles), segmented by jieba. */
import { describe, expect, it } from 'vitest';
import { jiebaSegmenter } from '../../src/adapters/jieba/jieba-segmenter.ts';
import { npmNameData } from '../../src/adapters/name-data/name-data.ts';
import { placesIn } from '../../src/domain/gazetteer.ts';
import { keywordCandidates, rankKeywords } from '../../src/domain/keywords.ts';
import { organizationsIn, personsIn } from '../../src/domain/name-recognition.ts';
import { classesFromSubjects, datesInText, termsInText, textRank } from '../../src/domain/suggestions.ts';
import { suggestForArticle } from '../../src/services/article-suggestions.ts';
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

  it('recognizes people by title, verb and tag — rare and compound surnames too — and not words shaped like names', () => {
    const text = '本报记者林晓红报道：馆长陈志强介绍，戚本禹说，村民欧阳红梅告诉记者，王芳在会上发言。他打电话说要顾全大局，才刚觉得；周总理来过，龙舟赛开赛，注册读者 61.74 万人，文明实践站。';
    const names = personsIn(jiebaSegmenter.tag(text), text, npmNameData.surnames()).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['林晓红', '陈志强', '戚本禹', '欧阳红梅', '王芳']));
    for (const wrong of ['打电话', '顾全大局', '才刚觉', '周总理', '龙舟赛', '万人', '文明']) expect(names).not.toContain(wrong);
  });

  it('finds places in the gazetteer: official names, short forms read as places, former 县 names, with their codes', () => {
    const text = '陕西西安的读者来到河源市源城区，岳阳平江县的代表说起番禺县沙湾的往事；西安市民很多，安康是个好词。';
    const places = placesIn(text, jiebaSegmenter.tag(text), npmNameData.gazetteer());
    const byName = new Map(places.map((p) => [p.division.name, p]));
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['陕西省', '西安市', '河源市', '源城区', '岳阳市', '平江县', '番禺区']));
    expect(byName.get('源城区')!.division.code).toBe('441602');
    expect(byName.get('番禺区')!.form).toBe('former');
    expect(byName.has('安康市')).toBe(false);
  });

  it('reads organizations whole, from a place or proper name to a body, and not a kind of body', () => {
    const text = '河源市源城区图书馆、清远市少年儿童图书馆、广东省文化和旅游厅、罗定市人民医院院长王伟、国务院和社区图书馆、全国图书馆。';
    const names = organizationsIn(jiebaSegmenter.tag(text), (word) => npmNameData.gazetteer().names.has(word)).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['河源市源城区图书馆', '清远市少年儿童图书馆', '广东省文化和旅游厅', '罗定市人民医院', '国务院']));
    expect(names).not.toContain('社区图书馆');
    expect(names).not.toContain('全国图书馆');
  });

  it('ranks keywords by TF-IDF with the collection\'s frequencies, keeping quoted and repeated compounds whole', () => {
    const text = '“书香小城”读书节开幕。书香小城的读者说，书香小城让图书馆更热闹；图书馆开展服务。';
    const candidates = keywordCandidates(jiebaSegmenter.tag(text), text);
    const ranked = rankKeywords(candidates, { total: 100, documents: new Map([['图书馆', 90], ['书香小城', 1], ['读书节', 3]]) }).map((k) => k.word);
    expect(ranked[0]).toBe('书香小城');
    expect(ranked).not.toContain('书香');
    expect(ranked.indexOf('读书节')).toBeLessThan(ranked.indexOf('图书馆'));
  });

  it('suggests 中图法 classes whose captions a loaded class table prints in the text', async () => {
    const { terms } = termsFromTable('clc', [['类号', '类名'], ['G258.2', '公共图书馆'], ['G258.6', '少年儿童图书馆'], ['K', '历史']], (h) => columnFor(h, vocabularyColumns));
    const article = { title: '公共图书馆开放', text: { ocr: '清远市的公共图书馆延长开放时间，历史文献专区也开放。' }, keywords: [], subjects: [], persons: [], organizations: [], places: [], clc: [] };
    const { clc } = await suggestForArticle(article, { terms, segmenter: jiebaSegmenter, nameData: npmNameData });
    expect(clc.map((c) => c.clc)).toEqual(['G258.2']);
    expect(clc[0]!.why['zh-CN']).toContain('公共图书馆');
  });

  it('says where each suggestion came from and why, and leaves out what was rejected', async () => {
    const article = { title: '源城区图书馆开放', text: { ocr: '记者林晓红报道：河源市源城区图书馆新馆开放。' }, keywords: [], subjects: [], persons: [], organizations: [], places: [], clc: [] };
    const sources = { terms: [], segmenter: jiebaSegmenter, nameData: npmNameData };
    const first = await suggestForArticle(article, sources);
    const place = first.places.find((p) => p.name === '源城区')!;
    expect(place).toMatchObject({ source: 'gazetteer', code: '441602' });
    expect(place.why['zh-CN']).toContain('广东省河源市源城区');
    expect(first.persons.map((p) => p.name)).toContain('林晓红');
    const again = await suggestForArticle(article, { ...sources, rejected: new Set(['persons:林晓红', 'places:源城区']) });
    expect(again.persons.map((p) => p.name)).not.toContain('林晓红');
    expect(again.places.map((p) => p.name)).not.toContain('源城区');
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
