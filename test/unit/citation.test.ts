import { describe, expect, it } from 'vitest';
import { gbt7714Citation, printedPageNumber } from '../../src/domain/citation.ts';

describe('GB/T 7714—2015 citations', () => {
  it('cites a newspaper article online as [N/OL] with date, 版次, access date and URL', () => {
    expect(
      gbt7714Citation({ creators: ['余建斌'], title: '我们的科技一直在追赶', source: '人民日报', date: '2013-01-12', pages: ['2'], url: 'http://example.org/a/1', accessed: '2013-03-20' }),
    ).toBe('余建斌. 我们的科技一直在追赶[N/OL]. 人民日报, 2013-01-12(2)[2013-03-20]. http://example.org/a/1.');
  });

  it('names three creators then 等, and starts with the title when there is no creator', () => {
    const base = { title: '题', source: '报', date: '1995-03-01', pages: ['1', '4'], url: 'http://x/a', accessed: '2026-11-23' };
    expect(gbt7714Citation({ ...base, creators: ['甲', '乙', '丙', '丁'] })).toBe('甲, 乙, 丙, 等. 题[N/OL]. 报, 1995-03-01(1, 4)[2026-11-23]. http://x/a.');
    expect(gbt7714Citation({ ...base, creators: [] })).toBe('题[N/OL]. 报, 1995-03-01(1, 4)[2026-11-23]. http://x/a.');
  });

  it('cites a part of a local-history volume as a contribution to a monograph', () => {
    expect(
      gbt7714Citation({ creators: [], title: '图书馆概况', source: '公共图书馆年度报告选编', volume: { label: '第1卷', published: '2023', place: '清远', publisher: '清远市图书馆' }, pages: ['2'], url: 'http://x/a', accessed: '2026-11-23' }),
    ).toBe('图书馆概况[M/OL]//公共图书馆年度报告选编: 第1卷. 清远: 清远市图书馆, 2023: 2[2026-11-23]. http://x/a.');
  });

  it('reads the 版次 from the printed label', () => {
    expect(printedPageNumber('第3版', 9)).toBe('3');
    expect(printedPageNumber('A3', 9)).toBe('A3');
    expect(printedPageNumber('要闻', 9)).toBe('9');
    expect(printedPageNumber(undefined, 2)).toBe('2');
  });
});
