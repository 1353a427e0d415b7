/** @jsxImportSource hono/jsx */
/**
 * 篇目页: headline, text, catalogue fields, tags that lead to searches, the article as printed
 * (crops of its regions from the page tiles), a GB/T 7714 citation and the stable link.
 */
import type { ArticleViewJson } from '../../domain/api-schemas.ts';
import { creatorRoles, displayText, genres, pagesOfArticle } from '../../domain/article.ts';
import { gbt7714Citation, printedPageNumber } from '../../domain/citation.ts';
import { issueKeyOf, isVolumeKey, pageId, urls, type PageKey } from '../../domain/natural-keys.ts';
import { longDate, pageLabelText, t, type MessageKey } from '../messages.ts';
import { Breadcrumbs, JsonLd, Layout, type PageFrame } from '../layout.tsx';
import { entityId, type EntityKind } from '../../domain/entities.ts';
import { entityPath } from './entity.tsx';
import { issueHeading } from './issue.tsx';
import { raw } from 'hono/html';
import { foldAligned } from '../../domain/fold.ts';
import { findMatches } from '../../domain/highlight.ts';
import { markText } from '../../domain/snippets.ts';

const statusKey: Record<ArticleViewJson['article']['status'], MessageKey> = {
  draft: 'statusDraft',
  in_review: 'statusInReview',
  reviewed: 'statusReviewed',
  published: 'statusPublished',
};

export function ArticlePage(props: { frame: Omit<PageFrame, 'title'>; view: ArticleViewJson; stableUrl: string; today: string; terms?: readonly string[] }) {
  const { lang } = props.frame;
  const { view } = props;
  const { article, title } = view;
  const key = article.key;
  const issueKey = issueKeyOf(key);
  const issueTitle = issueHeading(lang, { title, issue: view.issue, id: urls.issue(issueKey).slice('/titles/'.length).replaceAll('/', '_') });
  const headline = article.title || t(lang, 'untitled');
  const seqs = pagesOfArticle(article);
  const pageLabel = (seq: number): string => pageLabelText(lang, view.pages.find((p) => p.key.seq === seq)?.label, seq, title.kind);
  const citation = gbt7714Citation({
    creators: article.creators.map((creator) => creator.name),
    title: [article.kicker, article.title, article.subtitle].filter(Boolean).join(' '),
    source: title.name,
    ...(isVolumeKey(key)
      ? { volume: { label: view.issue?.label ?? `第${key.volume}卷`, ...(view.issue?.published ? { published: view.issue.published } : {}), ...(title.place ? { place: title.place } : {}), ...(title.publisher ? { publisher: title.publisher } : {}) } }
      : { date: key.date }),
    pages: seqs.map((seq) => printedPageNumber(view.pages.find((p) => p.key.seq === seq)?.label, seq)),
    url: props.stableUrl,
    accessed: props.today,
  });
  const firstPage: PageKey = { ...issueKey, seq: seqs[0] ?? 1 };
  const search = (name: string, value: string) => `/search?${new URLSearchParams({ [name]: value })}`;
  const phrase = (value: string) => `/search?${new URLSearchParams({ q: `"${value}"` })}`;
  const entityHref = (kind: EntityKind, name: string, otherwise: string) => (article.status === 'published' ? entityPath(kind, entityId(name)) : otherwise);
  const tags: { label: MessageKey; values: { text: string; href: string }[] }[] = [
    // A tag leads to its entity's page (issue 20) — its timeline, its company, its articles — once the article is published.
    { label: 'fieldSubjects', values: article.subjects.map((s) => ({ text: s.term, href: entityHref('subjects', s.term, search('subject', s.term)) })) },
    { label: 'fieldKeywords', values: article.keywords.map((k) => ({ text: k, href: phrase(k) })) },
    { label: 'fieldPersons', values: article.persons.map((p) => ({ text: p, href: entityHref('people', p, phrase(p)) })) },
    { label: 'fieldPlaces', values: article.places.map((p) => ({ text: p.name, href: entityHref('places', p.name, search('place', p.name)) })) },
    { label: 'fieldOrganizations', values: article.organizations.map((o) => ({ text: o, href: entityHref('organizations', o, phrase(o)) })) },
  ];
  // What Zotero and other reference managers read from the page (Highwire Press citation_* tags, and Dublin Core).
  const published = isVolumeKey(key) ? view.issue?.published : key.date;
  const metas = [
    { name: 'citation_title', content: [article.kicker, article.title, article.subtitle].filter(Boolean).join(' ') || headline },
    ...article.creators.map((creator) => ({ name: 'citation_author', content: creator.name })),
    ...(published ? [{ name: 'citation_publication_date', content: published.replaceAll('-', '/') }, { name: 'citation_date', content: published.replaceAll('-', '/') }] : []),
    { name: 'citation_journal_title', content: title.name },
    ...(title.publisher ? [{ name: 'citation_publisher', content: title.publisher }] : []),
    ...(seqs.length > 0 ? [{ name: 'citation_firstpage', content: printedPageNumber(view.pages.find((p) => p.key.seq === seqs[0])?.label, seqs[0]!) }] : []),
    { name: 'citation_language', content: article.language },
    { name: 'citation_public_url', content: props.stableUrl },
    { name: 'DC.type', content: title.kind === 'newspaper' ? 'newspaperArticle' : 'bookSection' },
    { name: 'DC.title', content: article.title || headline },
    ...(published ? [{ name: 'DC.date', content: published }] : []),
    { name: 'DC.source', content: title.name },
  ];
  return (
    <Layout {...props.frame} title={`${headline} · ${issueTitle}`} links={[{ rel: 'canonical', href: props.stableUrl }, { rel: 'alternate', href: `/api/articles/${view.id}`, type: 'application/json' }]} metas={metas}>
      <JsonLd data={articleJsonLd(view, props.stableUrl, published ?? null)} />
      <Breadcrumbs
        lang={lang}
        items={[
          { label: t(lang, 'navHome'), href: '/' },
          { label: title.name, href: urls.title(title.key.title) },
          { label: issueTitle, href: urls.issue(issueKey) },
          { label: headline },
        ]}
      />
      <article class="article-record" lang={article.language === 'eng' ? 'en' : 'zh'}>
        <header>
          {article.kicker ? <p class="kicker">{article.kicker}</p> : null}
          <h1>{headline}</h1>
          {article.subtitle ? <p class="subtitle">{article.subtitle}</p> : null}
          <p class="meta" lang={lang}>
            {title.name}
            {isVolumeKey(key) ? '' : ` · ${longDate(lang, key.date)}`}
            {` · ${seqs.map(pageLabel).join('、')}`}
            {article.status === 'draft' ? <span class="badge muted">{t(lang, 'unreviewed')}</span> : null}
          </p>
          <p>
            <a class="button" href={`${urls.page(firstPage)}?article=${encodeURIComponent(view.id)}`}>
              {t(lang, 'viewOnPage')}
            </a>
          </p>
        </header>
        <div class="article-columns">
          <section aria-labelledby="text-heading" class="article-text">
            <h2 id="text-heading" lang={lang}>
              {t(lang, 'fullText')}
            </h2>
            {article.abstract ? (
              <p class="abstract">
                <strong lang={lang}>{t(lang, 'fieldAbstract')}：</strong>
                {article.abstract}
              </p>
            ) : null}
            {displayText(article)
              .split(/\n+/)
              .filter((paragraph) => paragraph.trim())
              .map((paragraph) => (
                // The words of the search that led here, marked where they are printed.
                <p>{props.terms?.length ? raw(markText(paragraph, findMatches(foldAligned(paragraph), props.terms))) : paragraph}</p>
              ))}
          </section>
          <section aria-labelledby="crops-heading" class="article-crops" lang={lang}>
            <h2 id="crops-heading">{t(lang, 'regionsOfArticle')}</h2>
            {article.regions.map((region, i) => {
              const page = { ...issueKey, seq: region.seq } as PageKey;
              const width = Math.min(region.w, 900);
              return (
                <figure>
                  <a href={`${urls.page(page)}?article=${encodeURIComponent(view.id)}`}>
                    <img
                      src={`${urls.iiifImage(page)}/${region.x},${region.y},${region.w},${region.h}/${width},/0/default.jpg`}
                      width={width}
                      height={Math.round((region.h * width) / region.w)}
                      loading={i > 1 ? 'lazy' : undefined}
                      alt={`${headline}（${pageLabel(region.seq)}${article.regions.length > 1 ? `，${i + 1}/${article.regions.length}` : ''}）`}
                      data-page={pageId(page)}
                    />
                  </a>
                  <figcaption>{pageLabel(region.seq)}</figcaption>
                </figure>
              );
            })}
          </section>
        </div>
        <section aria-labelledby="fields-heading" lang={lang}>
          <h2 id="fields-heading">{t(lang, 'fields')}</h2>
          <dl class="fields">
            {article.creators.length > 0 ? (
              <>
                <dt>{t(lang, 'fieldCreators')}</dt>
                <dd>{article.creators.map((c) => `${c.name}（${creatorRoles[c.role]}）`).join('；')}</dd>
              </>
            ) : null}
            {article.column ? (
              <>
                <dt>{t(lang, 'fieldColumn')}</dt>
                <dd>{article.column}</dd>
              </>
            ) : null}
            {article.genre ? (
              <>
                <dt>{t(lang, 'fieldGenre')}</dt>
                <dd>
                  <a href={search('genre', article.genre)}>{genres[article.genre]}</a>
                </dd>
              </>
            ) : null}
            {tags
              .filter((tag) => tag.values.length > 0)
              .map((tag) => (
                <>
                  <dt>{t(lang, tag.label)}</dt>
                  <dd>
                    <ul class="tags">
                      {tag.values.map((value) => (
                        <li>
                          <a href={value.href}>{value.text}</a>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              ))}
            {article.clc.length > 0 ? (
              <>
                <dt>{t(lang, 'fieldClc')}</dt>
                <dd>{article.clc.join('；')}</dd>
              </>
            ) : null}
            <dt>{t(lang, 'fieldRights')}</dt>
            <dd>{article.rights ?? title.rights}</dd>
            <dt>{t(lang, 'fieldStatus')}</dt>
            <dd>{t(lang, statusKey[article.status])}</dd>
          </dl>
        </section>
        <section aria-labelledby="cite-heading" class="cite" lang={lang}>
          <h2 id="cite-heading">{t(lang, 'citation')}</h2>
          <p>
            <output id="citation" data-testid="citation" lang="zh">
              {citation}
            </output>{' '}
            <button type="button" data-copy="citation" data-copied={t(lang, 'copied')}>
              {t(lang, 'copy')}
            </button>
          </p>
          <p class="downloads">
            <a href={`/api/articles/${view.id}/text.txt`} download>
              {t(lang, 'downloadText')}
            </a>
          </p>
          <p>
            <label for="stable-link">{t(lang, 'stableLink')}</label>{' '}
            <input id="stable-link" readonly value={props.stableUrl} size={48} />{' '}
            <button type="button" data-copy="stable-link" data-copied={t(lang, 'copied')}>
              {t(lang, 'copy')}
            </button>
          </p>
        </section>
      </article>
    </Layout>
  );
}

/** schema.org NewsArticle (or Article, in a document) for the page: what it is, where printed, what about. */
function articleJsonLd(view: ArticleViewJson, url: string, published: string | null): Record<string, unknown> {
  const { article, title } = view;
  const about = [
    ...article.persons.map((name) => ({ '@type': 'Person', name })),
    ...article.places.map((place) => ({ '@type': 'Place', name: place.name })),
    ...article.organizations.map((name) => ({ '@type': 'Organization', name })),
    ...article.subjects.map((subject) => ({ '@type': 'DefinedTerm', name: subject.term })),
  ];
  return {
    '@context': 'https://schema.org',
    '@type': title.kind === 'newspaper' ? 'NewsArticle' : 'Article',
    '@id': url,
    url,
    headline: article.title || undefined,
    ...(published ? { datePublished: published } : {}),
    inLanguage: article.language,
    isPartOf: { '@type': title.kind === 'newspaper' ? 'Periodical' : 'Book', name: title.name },
    ...(article.creators.length > 0 ? { author: article.creators.map((creator) => ({ '@type': 'Person', name: creator.name })) } : {}),
    ...(article.keywords.length > 0 ? { keywords: article.keywords.join(', ') } : {}),
    ...(about.length > 0 ? { about } : {}),
  };
}
