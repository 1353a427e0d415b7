/** @jsxImportSource hono/jsx */
/**
 * An entity's page (人物 / 地方 / 机构 / 主题): its names and what the vocabulary says, a timeline of
 * its published articles per year (each year a link that lists that year's), the entities printed
 * with it most often, and its articles — and the index of a kind, most articles first.
 */
import { entityKinds, type Entity, type EntityKind } from '../../domain/entities.ts';
import { JsonLd, Layout, type PageFrame } from '../layout.tsx';
import { t, type MessageKey } from '../messages.ts';
import { ArticleList } from './article-list.tsx';
import type { EntityArticles, EntitySort } from '../../services/entities.ts';

export const entityPath = (kind: EntityKind, id: string): string => `/${kind}/${encodeURIComponent(id)}`;
const kindLabel = (kind: EntityKind): MessageKey => `entity_${kind}`;


export function EntityPage(props: { frame: Omit<PageFrame, 'title'>; entity: Entity; found: EntityArticles; jsonLd: Record<string, unknown> }) {
  const { lang } = props.frame;
  const { entity, found } = props;
  const here = (change: Partial<{ sort: EntitySort; year: number | null; page: number }>) => {
    const next = { sort: found.sort, year: found.year, page: found.page, ...change };
    const query = new URLSearchParams();
    if (next.sort !== 'newest') query.set('sort', next.sort);
    if (next.year) query.set('year', String(next.year));
    if (next.page > 1) query.set('page', String(next.page));
    if (found.title) query.set('title', found.title);
    const text = query.toString();
    return `${entityPath(entity.kind, entity.id)}${text ? `?${text}` : ''}`;
  };
  const most = Math.max(1, ...found.years.map((y) => y.count));
  const pages = Math.ceil(found.total / found.per);
  return (
    <Layout {...props.frame} title={`${entity.name} · ${t(lang, kindLabel(entity.kind))}`} links={[{ rel: 'alternate', href: `/api${entityPath(entity.kind, entity.id)}`, type: 'application/json' }]}>
      <JsonLd data={props.jsonLd} />
      <p class="breadcrumb">
        <a href={`/${entity.kind}`}>{t(lang, kindLabel(entity.kind))}</a>
      </p>
      <h1>{entity.name}</h1>
      <dl class="fields">
        {entity.variants.length > 0 ? (
          <>
            <dt>{t(lang, 'entityVariants')}</dt>
            <dd>{entity.variants.join('、')}</dd>
          </>
        ) : null}
        {entity.code ? (
          <>
            <dt>{t(lang, 'entityCode')}</dt>
            <dd>{entity.code}</dd>
          </>
        ) : null}
        {entity.note ? (
          <>
            <dt>{t(lang, 'entityNote')}</dt>
            <dd>{entity.note}</dd>
          </>
        ) : null}
        {entity.broader.length > 0 ? (
          <>
            <dt>{t(lang, 'entityBroader')}</dt>
            <dd>{entity.broader.map((b) => <a href={entityPath(entity.kind, b.id)}>{b.name}</a>)}</dd>
          </>
        ) : null}
        {entity.narrower.length > 0 ? (
          <>
            <dt>{t(lang, 'entityNarrower')}</dt>
            <dd>
              <ul class="tags">
                {entity.narrower.map((n) => (
                  <li>
                    <a href={entityPath(entity.kind, n.id)}>{n.name}</a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      {found.years.length > 0 ? (
        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t(lang, 'entityTimeline')}</h2>
          {/* Each year a bar and a link: the chart is the list of years, readable without the picture. */}
          <ol class="timeline" data-testid="timeline">
            {found.years.map((y) => (
              <li>
                <a href={here({ year: y.year, page: 1 })} aria-current={found.year === y.year ? 'true' : undefined} data-year={y.year} data-count={y.count}>
                  <span class="bar" style={`height:${Math.max(4, Math.round((y.count / most) * 80))}px`} aria-hidden="true" />
                  <span class="label">{t(lang, 'entityYear', { year: y.year, n: y.count })}</span>
                </a>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {(Object.keys(entityKinds) as EntityKind[]).some((kind) => found.related[kind].length > 0) ? (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">{t(lang, 'entityRelated')}</h2>
          <dl class="fields">
            {(Object.keys(entityKinds) as EntityKind[])
              .filter((kind) => found.related[kind].length > 0)
              .map((kind) => (
                <>
                  <dt>{t(lang, kindLabel(kind))}</dt>
                  <dd>
                    <ul class="tags" data-kind={kind}>
                      {found.related[kind].map((r) => (
                        <li>
                          <a href={entityPath(kind, r.id)}>{r.name}</a> <span class="count">{r.count}</span>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              ))}
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="articles-heading">
        <h2 id="articles-heading">{found.year ? t(lang, 'entityArticlesYear', { year: found.year, n: found.total }) : t(lang, 'entityArticles', { n: found.total })}</h2>
        <p class="sort">
          {found.year ? <a href={here({ year: null, page: 1 })}>{t(lang, 'entityAllYears')}</a> : null}{' '}
          {(['newest', 'oldest', 'relevance'] as const).map((sort) => (
            <>
              <a href={here({ sort, page: 1 })} aria-current={found.sort === sort ? 'true' : undefined}>
                {t(lang, sort === 'newest' ? 'entitySortNewest' : sort === 'oldest' ? 'entitySortOldest' : 'entitySortRelevance')}
              </a>{' '}
            </>
          ))}
        </p>
        {found.articles.length === 0 ? (
          <p>{t(lang, 'entityNone')}</p>
        ) : (
          <ArticleList lang={lang} articles={found.articles} start={(found.page - 1) * found.per + 1} />
        )}
        <nav class="pager" aria-label={t(lang, 'entityArticles', { n: found.total })}>
          {found.page > 1 ? <a href={here({ page: found.page - 1 })}>{t(lang, 'previous')}</a> : <span />}
          {found.page < pages ? <a href={here({ page: found.page + 1 })}>{t(lang, 'next')}</a> : <span />}
        </nav>
      </section>
      <p>
        <a href={`/search?q=${encodeURIComponent(`"${entity.name}"`)}`}>
          {t(lang, 'searchButton')}：{entity.name}
        </a>
      </p>
    </Layout>
  );
}

export function EntityIndexPage(props: { frame: Omit<PageFrame, 'title'>; kind: EntityKind; q: string; entries: { id: string; name: string; count: number }[] }) {
  const { lang } = props.frame;
  return (
    <Layout {...props.frame} title={t(lang, kindLabel(props.kind))}>
      <h1>{t(lang, kindLabel(props.kind))}</h1>
      <nav class="entity-kinds" aria-label={t(lang, kindLabel(props.kind))}>
        {(Object.keys(entityKinds) as EntityKind[]).map((kind) => (
          <a href={`/${kind}`} aria-current={kind === props.kind ? 'page' : undefined}>
            {t(lang, kindLabel(kind))}
          </a>
        ))}
      </nav>
      <form method="get" action={`/${props.kind}`} role="search">
        <label>
          {t(lang, 'entityIndexSearch')} <input name="q" value={props.q} maxlength={50} />
        </label>{' '}
        <button type="submit">{t(lang, 'searchButton')}</button>
      </form>
      {props.entries.length === 0 ? (
        <p>{t(lang, 'entityNone')}</p>
      ) : (
        <ul class="tags entity-index">
          {props.entries.slice(0, 500).map((entry) => (
            <li>
              <a href={entityPath(props.kind, entry.id)}>{entry.name}</a> <span class="count">{t(lang, 'entityIndexCount', { n: entry.count })}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
