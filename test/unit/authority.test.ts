/** Authority control on save: variants become preferred terms, unknown names are reported, not refused. */
import { describe, expect, it } from 'vitest';
import { underAuthority } from '../../src/domain/authority.ts';
import { termsFromTable, vocabularyColumns } from '../../src/domain/vocabulary.ts';
import { columnFor } from '../../indexer/readers/read-table.ts';

const table = (vocabulary: Parameters<typeof termsFromTable>[0], rows: string[][]) => termsFromTable(vocabulary, rows, (header) => columnFor(header, vocabularyColumns)).terms;
const terms = [
  ...table('person', [['人名', '异名'], ['周恩来', '周总理'], ['毛泽东', '毛主席；毛润之']]),
  ...table('place', [['地名', '行政区划代码', '旧名'], ['西安市', '610100', '长安'], ['番禺区', '440113', '番禺县']]),
  ...table('organization', [['机构名', '异名'], ['中国共产党中央委员会', '党中央；中共中央']]),
  ...table('subject', [['主题词', '用代项', '分类号'], ['公共图书馆', '公共圖書館', 'G258.2']]),
  ...table('clc', [['类名', '类号'], ['公共图书馆', 'G258.2'], ['历史', 'K']]),
];

describe('authority control', () => {
  it('saves variants as their preferred terms, places with their codes, and says what it changed', () => {
    const { edit, report } = underAuthority(
      { persons: ['周总理', '毛主席', '周恩来'], places: [{ name: '长安' }, { name: '番禺县' }], organizations: ['党中央'], subjects: [{ term: '公共圖書館', scheme: 'CCT' }] },
      terms,
    );
    expect(edit.persons).toEqual(['周恩来', '毛泽东']);
    expect(edit.places).toEqual([{ name: '西安市', code: '610100' }, { name: '番禺区', code: '440113' }]);
    expect(edit.organizations).toEqual(['中国共产党中央委员会']);
    expect(edit.subjects).toEqual([{ term: '公共图书馆', scheme: 'CCT' }]);
    expect(report.changed).toContainEqual({ field: 'persons', typed: '周总理', preferred: '周恩来' });
    expect(report.unknown).toEqual([]);
  });

  it('keeps a name no vocabulary knows as typed and reports it; checks 中图法 numbers against a loaded table', () => {
    const { edit, report } = underAuthority({ persons: ['林晓红'], clc: ['G258.21', 'XYZ', 'K29'] }, terms);
    expect(edit.persons).toEqual(['林晓红']);
    expect(report.unknown).toEqual([
      { field: 'persons', name: '林晓红' },
      { field: 'clc', name: 'XYZ' },
    ]);
  });

  it('without vocabularies changes nothing and reports nothing', () => {
    const edit = { persons: ['周总理'], clc: ['XYZ'] };
    expect(underAuthority(edit, [])).toEqual({ edit, report: { changed: [], unknown: [] } });
  });
});
