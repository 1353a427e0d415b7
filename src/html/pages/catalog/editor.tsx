/** @jsxImportSource hono/jsx */
/**
 * 编目: one article in the workspace — the page image with the article's regions to edit, the OCR
 * text to correct beside it (the original kept), the fields with suggestions, the workflow
 * buttons this person's roles allow, and the article's history. /static/catalog.js drives it.
 */
import { raw } from 'hono/html';
import { creatorRoles, genres, type Article } from '../../../domain/article.ts';
import { checkStep, type AuditEntry, type WorkflowAction } from '../../../domain/catalog.ts';
import type { Region } from '../../../domain/region.ts';
import type { CatalogRecord } from '../../../services/catalog.ts';
import { ct, statusLabel } from '../../catalog-messages.ts';
import { pageLabelText } from '../../messages.ts';
import type { Lang } from '../../../i18n.ts';
import { WorkspaceLayout, type WorkspaceFrame } from './frame.tsx';
import { scriptJson } from '../../layout.tsx';

export interface EditorPage {
  seq: number;
  label: string | null;
  width: number;
  height: number;
  /** A screen-sized rendering of the page, from its IIIF image service. */
  image: string;
}

export interface EditorData {
  id: string;
  version: number;
  article: Article;
  pages: EditorPage[];
  /** Other articles' regions on these pages, drawn faintly for orientation. */
  others: { id: string; title: string; regions: Region[] }[];
  /** The next article of the issue still to catalogue (opened after 送审), if any. */
  next?: string | null;
  /** The articles printed just before and after this one in the issue (any status). */
  around?: { before: string | null; after: string | null } | null;
  /** The paper's template (著录模板): fields most of its articles share. */
  template?: { title: string; fields: Partial<Pick<Article, 'genre' | 'column' | 'creators' | 'subjects' | 'places' | 'organizations'>> } | null;
  /** The article printed before this one, with what it was given that often carries over. */
  previous?: { id: string; title: string; column: string | null; genre: string | null; creators: Article['creators'] } | null;
}

/** The OCR inside the article's regions, line by line, each with its place on its page. */
export interface OcrLinesView {
  lines: { seq: number; box: { x: number; y: number; w: number; h: number }; html: string }[];
  /** Characters the OCR scored below 0.6. */
  count: number;
  /** Whether the OCR gave character scores at all. */
  scored: boolean;
}


const listText = (values: string[]): string => values.join('、');

export function EditorPageView(props: { frame: WorkspaceFrame; record: CatalogRecord; data: EditorData; audit: AuditEntry[]; readerUrl: string; ocr?: OcrLinesView }) {
  const { lang, principal } = props.frame;
  const { record } = props;
  const article = record.article;
  const roles = principal?.roles ?? [];
  const steps = (['submit', 'approve', 'return', 'publish'] as WorkflowAction[]).filter((action) => checkStep(action, article.status, roles) === null);
  const field = (name: string, label: string, value: string | undefined, hint?: string) => (
    <label class="field">
      <span>{label}</span>
      <input name={name} value={value ?? ''} aria-describedby={hint ? `${name}-hint` : undefined} />
      {hint ? (
        <small id={`${name}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
    </label>
  );
  return (
    <WorkspaceLayout {...props.frame} title={`${article.title || record.id} · ${ct(lang, 'workspace')}`}>
      <script type="application/json" id="editor-data">
        {raw(scriptJson(props.data))}
      </script>
      <header class="editor-head">
        <h1 id="article-heading">{article.title || record.id}</h1>
        <p>
          <span class={`status status-${article.status}`} data-testid="status">
            {statusLabel(lang, article.status)}
          </span>{' '}
          <span data-testid="version">{ct(lang, 'version', { n: record.version })}</span> ·{' '}
          {ct(lang, 'readersSee', { n: record.public.version, status: record.public.status === 'published' ? statusLabel(lang, 'published') : ct(lang, 'unreviewed') })} ·{' '}
          <a href={props.readerUrl}>{ct(lang, 'viewPublic')}</a>
        </p>
        {article.review ? (
          <p class="review-note" role="note">
            {ct(lang, 'returnedBy', { by: article.review.by })}
            {article.review.comment}
          </p>
        ) : null}
        {props.data.around && (props.data.around.before || props.data.around.after) ? (
          <nav class="article-steps" aria-label={ct(lang, 'articleSteps')}>
            {props.data.around.before ? (
              <a href={`/catalog/articles/${props.data.around.before}`} rel="prev" id="article-before" aria-keyshortcuts="Alt+PageUp">
                {ct(lang, 'articleBefore')}
              </a>
            ) : null}{' '}
            {props.data.around.after ? (
              <a href={`/catalog/articles/${props.data.around.after}`} rel="next" id="article-after" aria-keyshortcuts="Alt+PageDown">
                {ct(lang, 'articleAfter')}
              </a>
            ) : null}
          </nav>
        ) : null}
        <div id="editor-message" role="status" aria-live="polite" />
      </header>
      <noscript>
        <p class="problem">{ct(lang, 'needsScript')}</p>
      </noscript>
      <div class="editor-layout">
        <RegionPane lang={lang} pages={props.data.pages} splitsArticles />
        <form class="record-pane" id="record-form" aria-labelledby="fields-heading">
          <h2 id="fields-heading">{ct(lang, 'fields')}</h2>
          <p class="template-actions">
            {props.data.template && Object.keys(props.data.template.fields).length > 0 ? (
              <button type="button" id="apply-template" aria-keyshortcuts="Alt+T">
                {ct(lang, 'applyTemplate')}
              </button>
            ) : null}{' '}
            <button type="button" id="save-template" data-title={article.key.title}>
              {ct(lang, 'saveTemplate')}
            </button>
          </p>
          {props.data.previous ? (
            <button type="button" id="carry-previous" aria-keyshortcuts="Alt+P" title={ct(lang, 'carryPreviousHint', { title: props.data.previous.title || props.data.previous.id })}>
              {ct(lang, 'carryPrevious')}
            </button>
          ) : null}
          {field('title', ct(lang, 'headline'), article.title)}
          <label class="field">
            <span>{ct(lang, 'genre')}</span>
            <select name="genre">
              <option value="">—</option>
              {Object.entries(genres).map(([value, name]) => (
                <option value={value} selected={article.genre === value}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{ct(lang, 'creators')}</span>
            <textarea name="creators" rows={2} data-roles={Object.entries(creatorRoles).map(([role, term]) => `${role}:${term}`).join(',')}>
              {article.creators.map((creator) => `${creator.name},${creatorRoles[creator.role]}`).join('\n')}
            </textarea>
          </label>
          <section aria-labelledby="suggestions-heading" class="suggestions">
            <h3 id="suggestions-heading">{ct(lang, 'suggestions')}</h3>
            <p class="hint">{ct(lang, 'suggestionsHint')}</p>
            <button type="button" id="accept-controlled" aria-keyshortcuts="Alt+A">
              {ct(lang, 'acceptControlled')}
            </button>
            <ul id="suggestions" data-accept={ct(lang, 'accept')} data-reject={ct(lang, 'reject')} data-empty={ct(lang, 'noSuggestions')} />
          </section>
          {field('subjects', ct(lang, 'subjects'), listText(article.subjects.map((subject) => subject.term)), ct(lang, 'listHint'))}
          {field('keywords', ct(lang, 'keywords'), listText(article.keywords), ct(lang, 'listHint'))}
          {field('persons', ct(lang, 'persons'), listText(article.persons), ct(lang, 'listHint'))}
          {field('places', ct(lang, 'places'), listText(article.places.map((place) => place.name)), ct(lang, 'listHint'))}
          {field('organizations', ct(lang, 'organizations'), listText(article.organizations), ct(lang, 'listHint'))}
          {field('clc', ct(lang, 'clc'), listText(article.clc), ct(lang, 'listHint'))}
          <label class="field">
            <span>{ct(lang, 'text')}</span>
            <textarea name="correctedText" rows={14} class="ocr-edit" lang="zh-CN">
              {article.text.corrected ?? article.text.ocr}
            </textarea>
          </label>
          {props.ocr && props.ocr.lines.length > 0 ? (
            // The machine's reading, line by line: a click shows the line on the page (a double click on the page shows the line here).
            <details open={props.ocr.count > 0} class="ocr-lines-pane">
              <summary>{props.ocr.scored ? ct(lang, 'ocrDoubtful', { n: props.ocr.count }) : ct(lang, 'ocrOriginal')}</summary>
              <p class="hint">{ct(lang, 'ocrLinesHint')}</p>
              <ol class="ocr-lines ocr-original" lang="zh-CN" data-doubtful={props.ocr.count}>
                {props.ocr.lines.map((line) => (
                  <li>
                    <button type="button" class="ocr-line" data-seq={line.seq} data-box={`${line.box.x},${line.box.y},${line.box.w},${line.box.h}`}>
                      {raw(line.html)}
                    </button>
                  </li>
                ))}
              </ol>
            </details>
          ) : (
            <details>
              <summary>{ct(lang, 'ocrOriginal')}</summary>
              <pre class="ocr-original" lang="zh-CN">
                {article.text.ocr}
              </pre>
            </details>
          )}
          {field('kicker', ct(lang, 'kicker'), article.kicker)}
          {field('subtitle', ct(lang, 'subtitle'), article.subtitle)}
          {field('column', ct(lang, 'column'), article.column)}
          {field('temporal', ct(lang, 'temporal'), article.temporal)}
          <label class="field">
            <span>{ct(lang, 'abstract')}</span>
            <textarea name="abstract" rows={3}>
              {article.abstract ?? ''}
            </textarea>
          </label>
          <div class="workflow-actions">
            <button type="submit" data-action="save" aria-keyshortcuts="Control+S">
              {ct(lang, 'save')}
            </button>
            {steps.map((action) => (
              <button type="button" data-action={action} aria-keyshortcuts={action === 'submit' ? 'Control+Enter' : undefined}>
                {ct(lang, action)}
              </button>
            ))}
            {steps.includes('return') ? (
              <label class="field">
                <span>{ct(lang, 'reviewComment')}</span>
                <input name="reviewComment" />
              </label>
            ) : null}
          </div>
        </form>
      </div>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">{ct(lang, 'audit')}</h2>
        {props.audit.length === 0 ? (
          <p>{ct(lang, 'noAudit')}</p>
        ) : (
          <ol class="audit" reversed>
            {[...props.audit].reverse().map((entry) => (
              <li>
                <strong>{ct(lang, 'auditLine', { version: entry.version, at: entry.at.slice(0, 16).replace('T', ' '), by: entry.by, action: ct(lang, entry.action) })}</strong>
                {entry.comment ? <q>{entry.comment}</q> : null}
                <ul>
                  {entry.changes.map((change) => (
                    <li>
                      {auditFieldLabel(lang, change.field)}：<del>{summary(lang, change.field, change.before)}</del> → <ins>{summary(lang, change.field, change.after)}</ins>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>
    </WorkspaceLayout>
  );
}

const regionTools = [
  ['draw', 'D'],
  ['split', 'S'],
  ['merge', 'M'],
  ['remove', 'Delete'],
  ['earlier', '['],
  ['later', ']'],
] as const;

/**
 * The page image with the regions to edit, its tools and the regions' order (driven by
 * /static/catalog.js). In an existing article's editor it can also split the article in two.
 */
export function RegionPane(props: { lang: Lang; pages: EditorPage[]; splitsArticles?: boolean }) {
  const { lang } = props;
  return (
    <section class="region-pane" aria-labelledby="regions-heading">
      <h2 id="regions-heading">{ct(lang, 'regions')}</h2>
      <div class="page-tabs" role="tablist" aria-label={ct(lang, 'pageTabsLabel')}>
        {props.pages.map((page) => (
          <button type="button" role="tab" data-seq={page.seq} aria-selected="false">
            {page.label ? pageLabelText(lang, page.label, page.seq) : ct(lang, 'pageTab', { n: page.seq })}
          </button>
        ))}
      </div>
      <div class="region-toolbar" role="toolbar" aria-label={ct(lang, 'regions')}>
        {regionTools.map(([tool, keys]) => (
          <button type="button" data-tool={tool} aria-pressed={tool === 'draw' ? 'false' : undefined} aria-keyshortcuts={keys}>
            {ct(lang, tool)}
          </button>
        ))}
        {props.splitsArticles ? (
          <button type="button" data-tool="splitArticle" aria-keyshortcuts="X" title={ct(lang, 'splitArticleHint')}>
            {ct(lang, 'splitArticle')}
          </button>
        ) : null}
        <button type="button" data-zoom="in" aria-keyshortcuts="+">
          {ct(lang, 'zoomIn')}
        </button>
        <button type="button" data-zoom="out" aria-keyshortcuts="-">
          {ct(lang, 'zoomOut')}
        </button>
        <button type="button" data-zoom="fit" aria-keyshortcuts="0">
          {ct(lang, 'zoomFit')}
        </button>
      </div>
      <p class="hint" id="region-help">
        {ct(lang, 'regionHelp')} {props.splitsArticles ? ct(lang, 'editorKeys') : null}
      </p>
      <div class="region-viewport" id="region-viewport">
        <div class="region-editor" id="region-editor" role="group" tabindex={0} aria-describedby="region-help" aria-label={ct(lang, 'regions')} />
      </div>
      <h3>{ct(lang, 'regionList')}</h3>
      <ol id="region-list" class="region-list" data-item={ct(lang, 'regionItem')} />
    </section>
  );
}

/** An audited field's name as the form shows it. */
const auditFieldLabels: Record<string, Parameters<typeof ct>[1]> = {
  title: 'headline',
  kicker: 'kicker',
  subtitle: 'subtitle',
  column: 'column',
  genre: 'genre',
  creators: 'creators',
  abstract: 'abstract',
  subjects: 'subjects',
  keywords: 'keywords',
  persons: 'persons',
  places: 'places',
  organizations: 'organizations',
  clc: 'clc',
  temporal: 'temporal',
  text: 'text',
  regions: 'regions',
};

function auditFieldLabel(lang: Lang, field: string): string {
  const key = auditFieldLabels[field];
  return key ? ct(lang, key).replace(/（.*）|\s*\(.*\)/, '') : field;
}

/** A value from the audit trail as a person reads it (not JSON), short enough for a line. */
function summary(lang: Lang, field: string, value: unknown): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '∅';
  const list = (values: string[]) => values.join('、');
  let text: string;
  if (field === 'regions' && Array.isArray(value)) text = lang === 'en' ? `${value.length} region${value.length === 1 ? '' : 's'}` : `${value.length} 个区域`;
  else if (field === 'genre' && typeof value === 'string') text = lang === 'en' ? value : (genres[value as keyof typeof genres] ?? value);
  else if (field === 'status' && typeof value === 'string') text = statusLabel(lang, value as Article['status']);
  else if (field === 'creators' && Array.isArray(value)) text = list((value as Article['creators']).map((c) => `${c.name}（${creatorRoles[c.role] ?? c.role}）`));
  else if (field === 'subjects' && Array.isArray(value)) text = list((value as Article['subjects']).map((subject) => subject.term));
  else if (field === 'places' && Array.isArray(value)) text = list((value as Article['places']).map((place) => (place.code ? `${place.name}（${place.code}）` : place.name)));
  else if (field === 'text' && typeof value === 'object') text = (value as Article['text']).corrected ?? (value as Article['text']).ocr;
  else if (Array.isArray(value)) text = list(value.map(String));
  else text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
