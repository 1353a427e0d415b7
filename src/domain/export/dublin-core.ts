/**
 * Simple Dublin Core (oai_dc) for one article, as OAI-PMH requires and FIELDS.md maps it. The
 * paper, date and 版次 go into dc:source as a citation, since simple DC has no isPartOf.
 */
import { creatorRoles, genres } from '../article.ts';
import { element, textElement } from '../xml.ts';
import { exportFacts, type ExportRecord } from './export-record.ts';

export const oaiDcNamespace = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
export const oaiDcSchema = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';

export function dublinCore(record: ExportRecord): string {
  const { article, title } = record;
  const facts = exportFacts(record);
  const dc = (name: string, value: string | null | undefined) => textElement(`dc:${name}`, value);
  const source = [title.name, title.cn, facts.date, facts.issueNo ? `第${facts.issueNo}期` : null, facts.pageNumbers.length ? `第${facts.pageNumbers.join('、')}版` : null].filter(Boolean).join(', ');
  return element(
    'oai_dc:dc',
    [
      dc('title', facts.fullTitle || article.title),
      ...article.creators.map((creator) => dc('creator', `${creator.name}（${creatorRoles[creator.role]}）`)),
      ...article.subjects.map((subject) => dc('subject', subject.term)),
      ...article.keywords.map((keyword) => dc('subject', keyword)),
      ...article.clc.map((clc) => textElement('dc:subject', clc)),
      ...article.persons.map((person) => dc('subject', person)),
      ...article.organizations.map((organization) => dc('subject', organization)),
      dc('description', article.abstract),
      dc('publisher', title.publisher),
      dc('date', facts.date),
      dc('type', 'Text'),
      dc('type', article.genre ? genres[article.genre] : null),
      dc('format', 'text/plain'),
      dc('identifier', record.url),
      dc('source', source),
      dc('language', article.language),
      dc('relation', article.column),
      ...article.places.map((place) => dc('coverage', place.name)),
      dc('coverage', article.temporal),
      dc('rights', facts.rights),
    ],
    {
      'xmlns:oai_dc': oaiDcNamespace,
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${oaiDcNamespace} ${oaiDcSchema}`,
    },
  );
}
