/**
 * MODS 3.8 for one article (FIELDS.md): the paper or document as relatedItem type="host", with
 * the issue, 版次 / 版名 and 栏目 as its part; subjects split by kind; the record's own history
 * in recordInfo. https://www.loc.gov/standards/mods/
 */
import { creatorRoles, genres } from '../article.ts';
import { isVolumeKey } from '../natural-keys.ts';
import { element, textElement } from '../xml.ts';
import { exportFacts, type ExportRecord } from './export-record.ts';

export const modsNamespace = 'http://www.loc.gov/mods/v3';
export const modsSchema = 'http://www.loc.gov/standards/mods/v3/mods-3-8.xsd';

const iso639 = { type: 'code', authority: 'iso639-2b' };

export function mods(record: ExportRecord, options: { standalone?: boolean } = { standalone: true }): string {
  const { article, title, issue } = record;
  const facts = exportFacts(record);
  const name = (kind: 'personal' | 'corporate', value: string) => element('name', [textElement('namePart', value)], { type: kind });
  const subject = (children: string, authority?: string) => element('subject', [children], { authority });
  const pageDetails = facts.pageNumbers.map((number, i) =>
    element('detail', [textElement('number', number), textElement('caption', i === 0 ? facts.pageNames.join('、') : undefined)], { type: 'page' }),
  );
  const host = element(
    'relatedItem',
    [
      element('titleInfo', [textElement('title', title.name)]),
      ...title.otherNames.map((other) => element('titleInfo', [textElement('title', other)], { type: 'alternative' })),
      element('originInfo', [element('place', [textElement('placeTerm', title.place, { type: 'text' })]), textElement('publisher', title.publisher), textElement('issuance', isVolumeKey(article.key) ? 'monographic' : 'continuing')]),
      textElement('identifier', title.issn, { type: 'issn' }),
      textElement('identifier', title.cn, { type: 'cn' }),
      textElement('identifier', title.lccn, { type: 'lccn' }),
      element('part', [
        isVolumeKey(article.key) ? element('detail', [textElement('number', article.key.volume), textElement('caption', issue?.label)], { type: 'volume' }) : '',
        element('detail', [textElement('number', facts.issueNo)], { type: 'issue' }),
        element('detail', [textElement('number', issue?.totalIssueNo)], { type: 'totalIssue' }),
        ...pageDetails,
        element('detail', [textElement('title', article.column)], { type: 'section' }),
        textElement('date', facts.date, { encoding: 'w3cdtf' }),
        textElement('text', issue?.printedDate, { type: 'printedDate' }),
      ]),
    ],
    { type: 'host' },
  );
  const body = [
    element('titleInfo', [textElement('title', article.title || '[无题]'), textElement('subTitle', article.subtitle)]),
    article.kicker ? element('titleInfo', [textElement('title', article.kicker)], { type: 'alternative', displayLabel: '引题' }) : '',
    ...article.creators.map((creator) =>
      element('name', [textElement('namePart', creator.name), element('role', [textElement('roleTerm', creatorRoles[creator.role], { type: 'text' })])], { type: 'personal' }),
    ),
    textElement('typeOfResource', 'text'),
    textElement('genre', article.genre ? genres[article.genre] : undefined, { authority: 'local' }),
    element('originInfo', [textElement('dateIssued', facts.date, { encoding: 'w3cdtf', keyDate: 'yes' })]),
    element('language', [textElement('languageTerm', article.language, iso639)]),
    element('physicalDescription', [textElement('internetMediaType', 'text/plain'), textElement('digitalOrigin', 'reformatted digital')]),
    textElement('abstract', article.abstract),
    ...article.subjects.map((s) => subject(textElement('topic', s.term), s.scheme)),
    ...article.keywords.map((keyword) => subject(textElement('topic', keyword))),
    ...article.persons.map((person) => subject(name('personal', person))),
    ...article.organizations.map((organization) => subject(name('corporate', organization))),
    ...article.places.map((place) => subject([textElement('geographic', place.name), textElement('geographicCode', place.code, { authority: 'GB/T 2260' })].join(''))),
    article.temporal ? subject(textElement('temporal', article.temporal)) : '',
    ...article.clc.map((clc) => textElement('classification', clc, { authority: 'clc' })),
    host,
    textElement('identifier', record.url, { type: 'uri' }),
    element('location', [textElement('url', record.url, { usage: 'primary display', access: 'object in context' })]),
    textElement('accessCondition', facts.rights, { type: 'use and reproduction' }),
    element('recordInfo', [
      textElement('recordContentSource', article.cataloguer),
      textElement('recordChangeDate', article.updatedAt, { encoding: 'iso8601' }),
      textElement('recordIdentifier', facts.id),
      textElement('recordOrigin', { vendor: '加工商提供的切分', machine: '机器切分', cataloguer: '编目员著录' }[article.segmentation]),
      element('languageOfCataloging', [textElement('languageTerm', 'chi', iso639)]),
    ]),
  ];
  return element('mods', body, {
    xmlns: modsNamespace,
    version: '3.8',
    ...(options.standalone === false ? {} : { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:schemaLocation': `${modsNamespace} ${modsSchema}` }),
  });
}
