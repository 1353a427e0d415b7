/** @jsxImportSource hono/jsx */
/** 期次页: the issue's pages as thumbnails with 版次 / 版名, its articles, and the issues either side. */
import type { IssueViewJson } from '../../domain/api-schemas.ts';
import { issueLabel } from '../../domain/iiif.ts';
import { parseId, urls, type IssueKey } from '../../domain/natural-keys.ts';
import type { Lang } from '../../i18n.ts';
import { pageLabelText, t } from '../messages.ts';
import { Breadcrumbs, Layout, type PageFrame } from '../layout.tsx';

export function issueHeading(lang: Lang, view: Pick<IssueViewJson, 'title' | 'issue' | 'id'>): string {
  const key = parseId(view.id)!.key as IssueKey;
  const label = issueLabel(view.title, key, view.issue);
  return lang === 'en' ? label.en : label.zh;
}

export function IssuePage(props: { frame: Omit<PageFrame, 'title'>; view: IssueViewJson; manifest: string }) {
  const { lang } = props.frame;
  const { view } = props;
  const heading = issueHeading(lang, view);
  return (
    <Layout {...props.frame} title={heading} links={[{ rel: 'alternate', href: props.manifest, type: 'application/ld+json' }]}>
      <Breadcrumbs lang={lang} items={[{ label: t(lang, 'navHome'), href: '/' }, { label: view.title.name, href: urls.title(view.title.key.title) }, { label: heading }]} />
      <h1>{heading}</h1>
      {view.issue?.issueNo || view.issue?.printedDate ? <p class="meta">{[view.issue.issueNo ? `${lang === 'en' ? 'No.' : '第'}${view.issue.issueNo}${lang === 'en' ? '' : '期'}` : null, view.issue.printedDate].filter(Boolean).join(' · ')}</p> : null}
      <IssueNav lang={lang} previous={view.previous?.url ?? null} next={view.next?.url ?? null} />
      <section aria-labelledby="pages-heading">
        <h2 id="pages-heading">{t(lang, 'pagesOfIssue')}</h2>
        <ul class="page-grid">
          {view.pages.map((page) => {
            const name = pageLabelText(lang, page.label, page.seq, view.title.kind);
            return (
              <li>
                <a href={page.url}>
                  <img src={page.thumbnail} alt="" loading="lazy" />
                  <span class="caption">
                    <strong>{name}</strong>
                    {page.section ? <span>{page.section}</span> : null}
                    {!page.hasText ? <span class="badge muted">{t(lang, 'noText')}</span> : null}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      </section>
      {view.articles.length > 0 ? (
        <section aria-labelledby="articles-heading">
          <h2 id="articles-heading">{t(lang, 'articlesOfIssue')}</h2>
          <ol class="article-list">
            {view.articles.map((article) => (
              <li>
                <a href={article.url}>{article.title || t(lang, 'untitled')}</a>
                <span class="meta">{` · ${article.pages.map((seq) => pageLabelText(lang, view.pages.find((p) => p.seq === seq)?.label, seq, view.title.kind)).join('、')}`}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p class="iiif-link">
        <a href={props.manifest} type="application/ld+json">
          {t(lang, 'iiifManifest')}
        </a>
      </p>
    </Layout>
  );
}

export function IssueNav(props: { lang: Lang; previous: string | null; next: string | null }) {
  return (
    <nav class="pager" aria-label={props.lang === 'en' ? 'Issues' : '期次'}>
      {props.previous ? (
        <a href={props.previous} rel="prev">
          ← {t(props.lang, 'previousIssue')}
        </a>
      ) : (
        <span />
      )}
      {props.next ? (
        <a href={props.next} rel="next">
          {t(props.lang, 'nextIssue')} →
        </a>
      ) : null}
    </nav>
  );
}
