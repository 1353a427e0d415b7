/** @jsxImportSource hono/jsx */
/**
 * 版面阅读: the page image in a deep-zoom viewer (OpenSeadragon on difang's IIIF tiles, loaded by
 * /static/viewer.js), its articles outlined, the referring search's hits boxed, the OCR text
 * beside it, neighbouring pages and issues, and downloads. Without scripts: a plain image, the
 * article list and the text.
 */
import { raw } from 'hono/html';
import type { HitBox, PageViewJson } from '../../domain/api-schemas.ts';
import { printedPageNumber } from '../../domain/citation.ts';
import { urls } from '../../domain/natural-keys.ts';
import type { Lang } from '../../i18n.ts';
import { pageLabelText, t } from '../messages.ts';
import { Breadcrumbs, Layout, type PageFrame } from '../layout.tsx';
import { issueHeading, IssueNav } from './issue.tsx';
import { bcp47Of } from '../../domain/language.ts';

export interface PageViewerProps {
  frame: Omit<PageFrame, 'title'>;
  view: PageViewJson;
  /** The OCR text with line breaks, HTML-escaped, with <mark> around the hits. */
  textHtml: string;
  hasText: boolean;
  q: string;
  hits: HitBox[];
  /** The article the reader came from, to outline it first. */
  article: string | null;
}

export function pageName(lang: Lang, view: Pick<PageViewJson, 'page' | 'title'>): string {
  const label = pageLabelText(lang, view.page.label, view.page.key.seq, view.title.kind);
  return [label, view.page.section].filter(Boolean).join(' ');
}

export function PageViewerPage(props: PageViewerProps) {
  const { lang } = props.frame;
  const { view } = props;
  const issueTitle = issueHeading(lang, { title: view.title, issue: view.issue, id: view.id.replace(/_seq-\d+$/, '') });
  const name = pageName(lang, view);
  // A local-history volume has pages (页) and contents of its own, not a newspaper's 版 and 期.
  const isVolume = view.title.kind !== 'newspaper';
  const keep = (href: string | null): string | null => (href && props.q ? `${href}?q=${encodeURIComponent(props.q)}` : href);
  const outlines = view.articles.map((article) => ({
    id: article.id,
    title: article.title || t(lang, 'untitled'),
    url: keep(article.url)!,
    regions: article.regions.filter((region) => region.seq === view.page.key.seq).map(({ x, y, w, h }) => ({ x, y, w, h })),
  }));
  const service = view.iiif.image;
  const fallbackWidth = Math.min(1000, view.page.width);
  return (
    <Layout {...props.frame} title={`${name} · ${issueTitle}`} q={props.q} scripts={['viewer']} wide links={[{ rel: 'alternate', href: view.iiif.manifest, type: 'application/ld+json' }]}>
      <Breadcrumbs
        lang={lang}
        items={[
          { label: t(lang, 'navHome'), href: '/' },
          { label: view.title.name, href: urls.title(view.title.key.title) },
          { label: issueTitle, href: urls.issue(view.page.key) },
          { label: name },
        ]}
      />
      <h1>
        {issueTitle} <span class="subtle">{name}</span>
      </h1>
      <nav class="pager" aria-label={lang === 'en' ? 'Pages' : '翻页'}>
        {keep(view.previousPage) ? (
          <a href={keep(view.previousPage)!} rel="prev" data-key="[">
            ← {t(lang, isVolume ? 'previousLeaf' : 'previousPage')}
          </a>
        ) : (
          <span />
        )}
        <a href={urls.issue(view.page.key)}>{t(lang, isVolume ? 'backToVolume' : 'backToIssue')}</a>
        {keep(view.nextPage) ? (
          <a href={keep(view.nextPage)!} rel="next" data-key="]">
            {t(lang, isVolume ? 'nextLeaf' : 'nextPage')} →
          </a>
        ) : (
          <span />
        )}
      </nav>
      <div class="viewer-layout">
        <div class="viewer-column">
          <div class="viewer-toolbar" role="toolbar" aria-label={lang === 'en' ? 'Viewer' : '阅读工具'}>
            <button type="button" id="zoom-in" aria-label={t(lang, 'zoomIn')} title={t(lang, 'zoomIn')}>
              ＋
            </button>
            <button type="button" id="zoom-out" aria-label={t(lang, 'zoomOut')} title={t(lang, 'zoomOut')}>
              －
            </button>
            <button type="button" id="zoom-home" title={t(lang, 'zoomHome')}>
              {t(lang, 'zoomHome')}
            </button>
            <a class="button" href={`${service}/full/max/0/default.jpg?download`} download>
              {t(lang, 'downloadPage')}
            </a>
            <button type="button" id="crop-mode" aria-pressed="false" aria-describedby="crop-hint">
              {t(lang, 'downloadCrop')}
            </button>
            <span id="crop-hint" class="hint" hidden>
              {t(lang, 'cropHint')}
            </span>
          </div>
          <div
            id="viewer"
            class="viewer"
            role="region"
            aria-label={t(lang, 'viewerLabel')}
            data-service={service}
            data-width={String(view.page.width)}
            data-height={String(view.page.height)}
            data-articles={JSON.stringify(outlines)}
            data-hits={JSON.stringify(props.hits.map(({ x, y, w, h }) => ({ x, y, w, h })))}
            data-article={props.article ?? ''}
            data-lang={lang}
          >
            <img class="fallback" src={`${service}/full/${fallbackWidth},/0/default.jpg`} width={fallbackWidth} alt={`${issueTitle} ${name}`} />
          </div>
        </div>
        <aside class="viewer-side">
          {props.q ? (
            <p class="hits-summary" role="status" data-testid="hits-summary">
              {t(lang, 'hitsOnPage', { n: props.hits.length, q: `“${props.q}”` })}
            </p>
          ) : null}
          {outlines.length > 0 ? (
            <section aria-labelledby="on-page">
              <h2 id="on-page">{t(lang, 'articlesOnPage')}</h2>
              <ol class="article-list">
                {outlines.map((article) => (
                  <li>
                    <a href={keep(article.url)!} data-article={article.id} aria-current={article.id === props.article ? 'true' : undefined}>
                      {article.title}
                    </a>
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <section aria-labelledby="ocr-heading" class="ocr-pane">
            <h2 id="ocr-heading">{t(lang, 'ocrText')}</h2>
            {props.hasText ? (
              <>
                <p class="hint">{t(lang, 'ocrNotice')}</p>
                <div class="ocr-text" lang={bcp47Of(view.title.language)} tabindex={0}>
                  {raw(props.textHtml)}
                </div>
                <p class="downloads">
                  <a href={`/api/pages/${view.id}/ocr.txt`} download>
                    {t(lang, 'downloadText')}
                  </a>{' '}
                  ·{' '}
                  <a href={`/api/pages/${view.id}/alto.xml`} download>
                    {t(lang, 'downloadAlto')}
                  </a>
                </p>
              </>
            ) : (
              <p>{t(lang, 'noText')}</p>
            )}
          </section>
          <IssueNav lang={lang} previous={view.previousIssue} next={view.nextIssue} />
          <p class="iiif-link">
            <a href={view.iiif.manifest}>{t(lang, 'iiifManifest')}</a>
            {` · ${lang === 'en' ? 'page' : '版次'} ${printedPageNumber(view.page.label, view.page.key.seq)}`}
          </p>
        </aside>
      </div>
    </Layout>
  );
}
