/** @jsxImportSource hono/jsx */
/**
 * 检索结果: facets with counts, a histogram of hits by year, date range, sort, hits with their
 * snippet and page thumbnail, and pagination. Everything a reader chose lives in the URL.
 */
import { raw } from 'hono/html';
import type { SearchHit, SearchResponse } from '../../domain/api-schemas.ts';
import { issueKeyOf, parseId, urls, type ArticleKey } from '../../domain/natural-keys.ts';
import type { SearchParams } from '../../domain/search-request.ts';
import type { Lang } from '../../i18n.ts';
import { count, longDate, pageLabelText, t, type MessageKey } from '../messages.ts';
import { Layout, type PageFrame } from '../layout.tsx';

type Facets = SearchResponse['facets'];
type FilterName = 'title' | 'section' | 'genre' | 'subject' | 'place';

/** The search URL with some parameters changed (null removes one); back to the first page unless `page` is given. */
export function searchUrl(current: URLSearchParams, changes: Record<string, string | number | null>): string {
  const next = new URLSearchParams(current);
  next.delete('lang');
  if (!('page' in changes)) next.delete('page');
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(name);
    else next.set(name, String(value));
  }
  const query = next.toString();
  return query ? `/search?${query}` : '/search';
}

/** Where a hit opens: the page viewer at the hit's page, told what to highlight. */
export function viewerUrlOfHit(hit: SearchHit, q: string): string {
  const parsed = parseId(hit.id);
  let path = hit.url;
  const query = new URLSearchParams();
  if (q) query.set('q', q);
  if (parsed?.kind === 'article') {
    path = urls.page({ ...issueKeyOf(parsed.key as ArticleKey), seq: hit.page.seq });
    query.set('article', hit.id);
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

export function SearchPage(props: { frame: Omit<PageFrame, 'title'>; params: SearchParams; result: SearchResponse; query: URLSearchParams }) {
  const { lang } = props.frame;
  const { params, result, query } = props;
  const title = params.q ? `${params.q} · ${t(lang, 'results')}` : t(lang, 'results');
  const facetLabel = (name: FilterName, value: string): string => {
    const facet = { title: result.facets.title, section: result.facets.section, genre: result.facets.genre, subject: result.facets.subject, place: result.facets.place }[name];
    return facet.find((entry) => entry.value === value)?.label ?? value;
  };
  const active: { name: string; label: string; remove: string }[] = [];
  for (const name of ['title', 'section', 'genre', 'subject', 'place'] as const) {
    const value = params[name];
    if (value) active.push({ name, label: facetLabel(name, value), remove: searchUrl(query, { [name]: null }) });
  }
  if (params.from || params.to) active.push({ name: 'date', label: `${params.from ?? '…'} – ${params.to ?? '…'}`, remove: searchUrl(query, { from: null, to: null, year: null }) });

  return (
    <Layout {...props.frame} title={title} q={params.q} wide>
      <h1 class="visually-hidden">{t(lang, 'results')}</h1>
      {/* Results come first (on a phone, and for keyboard and screen-reader users); the filters are placed beside them by CSS on wide screens. */}
      <div class="search-layout">
        <section class="results-column" aria-labelledby="result-count">
          <div class="results-bar">
            <p id="result-count" role="status" class={result.approximate ? 'approximate' : undefined}>
              {t(lang, result.approximate ? 'approximateCount' : 'resultCount', { n: count(lang, result.total) })}
            </p>
            <form method="get" action="/search" class="sort">
              {[...query.entries()]
                .filter(([name]) => !['sort', 'page', 'lang'].includes(name))
                .map(([name, value]) => (
                  <input type="hidden" name={name} value={value} />
                ))}
              <label for="sort">{t(lang, 'sort')}</label>
              <select id="sort" name="sort" data-autosubmit>
                {(['relevance', 'oldest', 'newest'] as const).map((option) => (
                  <option value={option} selected={params.sort === option}>
                    {t(lang, option === 'relevance' ? 'sortRelevance' : option === 'oldest' ? 'sortOldest' : 'sortNewest')}
                  </option>
                ))}
              </select>
              <noscript>
                <button type="submit">{t(lang, 'apply')}</button>
              </noscript>
            </form>
          </div>
          {result.hits.length === 0 ? (
            <div class="empty">
              <p>{t(lang, 'noResults')}</p>
              <ul>
                <li>{t(lang, 'tipFewerWords')}</li>
                <li>{t(lang, 'tipOtherForm')}</li>
                {active.length > 0 ? (
                  <li>
                    <a href={searchUrl(new URLSearchParams(params.q ? { q: params.q } : {}), {})}>{t(lang, 'tipClearFilters')}</a>
                  </li>
                ) : null}
                <li>
                  <a href="/">{t(lang, 'tipBrowse')}</a>
                </li>
              </ul>
            </div>
          ) : null}
          {result.approximate ? <p class="approximate-hint">{t(lang, 'approximateHint')}</p> : null}
          <ol class="results" start={(result.page - 1) * result.per + 1}>
            {result.hits.map((hit) => (
              <Hit lang={lang} hit={hit} q={params.q} />
            ))}
          </ol>
          <Pagination lang={lang} page={result.page} totalPages={result.totalPages} query={query} />
        </section>
        <aside class="facets" aria-label={t(lang, 'refine')}>
          <h2>{t(lang, 'refine')}</h2>
          {active.length > 0 ? (
            <ul class="chips" aria-label={lang === 'en' ? 'Active filters' : '已选筛选'}>
              {active.map((filter) => (
                <li>
                  <a href={filter.remove} aria-label={t(lang, 'removeFilter', { name: filter.label })}>
                    {filter.label} <span aria-hidden="true">×</span>
                  </a>
                </li>
              ))}
              <li>
                <a href={searchUrl(new URLSearchParams(params.q ? { q: params.q } : {}), {})}>{t(lang, 'clearFilters')}</a>
              </li>
            </ul>
          ) : null}
          <AdvancedSearch lang={lang} params={params} />
          <YearHistogram lang={lang} facets={result.facets} query={query} />
          <DateRange lang={lang} params={params} query={query} years={result.facets.year} />
          <Facet lang={lang} label="facetTitle" name="title" values={result.facets.title} query={query} selected={params.title} />
          <Facet lang={lang} label="facetSection" name="section" values={result.facets.section} query={query} selected={params.section} />
          <Facet lang={lang} label="facetGenre" name="genre" values={result.facets.genre} query={query} selected={params.genre} />
          <Facet lang={lang} label="facetSubject" name="subject" values={result.facets.subject} query={query} selected={params.subject} />
          <Facet lang={lang} label="facetPlace" name="place" values={result.facets.place} query={query} selected={params.place} />
        </aside>
      </div>
    </Layout>
  );
}

/** 高级检索: all / phrase / any / none, made one query by the server (advancedQuery), within the same paper and dates. */
function AdvancedSearch(props: { lang: Lang; params: SearchParams }) {
  const { lang, params } = props;
  const field = (name: 'all' | 'phrase' | 'any' | 'none', label: MessageKey) => (
    <label>
      {t(lang, label)}
      <input name={name} maxlength={200} />
    </label>
  );
  return (
    <details class="facet advanced-search">
      <summary>{t(lang, 'advancedSearch')}</summary>
      <form method="get" action="/search">
        {(['title', 'from', 'to'] as const).map((name) => (params[name] ? <input type="hidden" name={name} value={String(params[name])} /> : null))}
        {field('all', 'advancedAll')}
        {field('phrase', 'advancedPhrase')}
        {field('any', 'advancedAny')}
        {field('none', 'advancedNone')}
        <p class="hint">{t(lang, 'advancedHint')}</p>
        <button type="submit">{t(lang, 'searchButton')}</button>
      </form>
    </details>
  );
}

/** A search that cannot be run as asked (a query over 500 characters, a page number out of range): the reason, in the site, with the search box to try again. */
export function SearchProblemPage(props: { frame: Omit<PageFrame, 'title'>; message: string; q: string }) {
  const { lang } = props.frame;
  return (
    <Layout {...props.frame} title={t(lang, 'searchProblem')} q={props.q}>
      <h1>{t(lang, 'searchProblem')}</h1>
      <p class="empty">{props.message}</p>
    </Layout>
  );
}

function Hit(props: { lang: Lang; hit: SearchHit; q: string }) {
  const { lang, hit } = props;
  const pageName = [pageLabelText(lang, hit.page.label, hit.page.seq, hit.date ? 'newspaper' : 'document'), hit.page.section].filter(Boolean).join(' ');
  return (
    <li class="hit" data-kind={hit.kind}>
      <a class="thumb" href={viewerUrlOfHit(hit, props.q)} tabindex={-1} aria-hidden="true">
        <img src={hit.thumbnail} alt="" loading="lazy" width="96" />
      </a>
      <div class="hit-body">
        <h3>
          <a href={viewerUrlOfHit(hit, props.q)}>{raw(hit.title)}</a>
          {hit.kind === 'page' ? <span class="badge">{t(lang, 'pageHit')}</span> : null}
          {hit.kind === 'article' && !hit.reviewed ? <span class="badge muted">{t(lang, 'unreviewed')}</span> : null}
        </h3>
        <p class="meta">
          {hit.titleName}
          {hit.date ? ` · ${longDate(lang, hit.date)}` : ''}
          {` · ${pageName}`}
        </p>
        <p class="snippet">{raw(hit.snippet)}</p>
        {hit.kind === 'article' ? (
          <p class="more">
            <a href={hit.url}>{t(lang, 'articleDetails')}</a>
          </p>
        ) : null}
      </div>
    </li>
  );
}

function Facet(props: { lang: Lang; label: MessageKey; name: FilterName; values: Facets['title']; query: URLSearchParams; selected: string | undefined }) {
  if (props.values.length === 0) return null;
  const shown = props.values.slice(0, 12);
  return (
    <section class="facet">
      <h3>{t(props.lang, props.label)}</h3>
      <ul>
        {shown.map((entry) => {
          const selected = props.selected === entry.value;
          return (
            <li>
              <a href={searchUrl(props.query, { [props.name]: selected ? null : entry.value })} aria-current={selected ? 'true' : undefined} class={selected ? 'selected' : undefined}>
                <span>{entry.label}</span>
                <span class="count">{count(props.lang, entry.count)}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Hits per year as bars (an SVG chart); each bar narrows the search to its year. */
export function YearHistogram(props: { lang: Lang; facets: Facets; query: URLSearchParams }) {
  const years = props.facets.year.map((entry) => ({ year: Number(entry.value), count: entry.count })).filter((entry) => Number.isFinite(entry.year));
  if (years.length === 0) return null;
  const first = Math.min(...years.map((y) => y.year));
  const last = Math.max(...years.map((y) => y.year));
  const all = Array.from({ length: last - first + 1 }, (_, i) => ({ year: first + i, count: years.find((y) => y.year === first + i)?.count ?? 0 }));
  const highest = Math.max(...all.map((y) => y.count));
  const width = 240;
  const height = 72;
  const bar = Math.min(width / all.length, 24);
  const offset = (width - bar * all.length) / 2;
  const label = t(props.lang, 'yearHistogram');
  return (
    <section class="facet histogram">
      <h3 id="histogram-title">{t(props.lang, 'facetYear')}</h3>
      <svg viewBox={`0 0 ${width} ${height + 14}`} role="group" aria-labelledby="histogram-title" class="year-chart">
        <title>{label}</title>
        {all.map((entry, i) => {
          const h = entry.count === 0 ? 0 : Math.max(2, (entry.count / highest) * height);
          const name = `${entry.year}: ${count(props.lang, entry.count)}`;
          return entry.count === 0 ? null : (
            <a href={searchUrl(props.query, { from: String(entry.year), to: String(entry.year), year: null })} aria-label={name}>
              <rect x={offset + i * bar + 0.5} y={height - h} width={Math.max(1, bar - 1)} height={h}>
                <title>{name}</title>
              </rect>
            </a>
          );
        })}
        <text x="0" y={height + 12}>
          {first}
        </text>
        <text x={width} y={height + 12} text-anchor="end">
          {last}
        </text>
      </svg>
    </section>
  );
}

/** The date range form; its placeholders are the first and last years the results span (not a fixed 1990–2003). */
function DateRange(props: { lang: Lang; params: SearchParams; query: URLSearchParams; years: readonly { value: string }[] }) {
  const { lang } = props;
  const first = props.years[0]?.value ?? '';
  const last = props.years.at(-1)?.value ?? '';
  return (
    <form class="facet date-range" method="get" action="/search">
      <fieldset>
        <legend>{t(lang, 'dateRange')}</legend>
        {[...props.query.entries()]
          .filter(([name]) => !['from', 'to', 'year', 'page', 'lang'].includes(name))
          .map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
        <label>
          {t(lang, 'dateFrom')}
          <input name="from" value={props.params.from ?? ''} inputmode="numeric" pattern="\d{4}(-\d{2}(-\d{2})?)?" placeholder={first} aria-describedby="date-hint" />
        </label>
        <label>
          {t(lang, 'dateTo')}
          <input name="to" value={props.params.to ?? ''} inputmode="numeric" pattern="\d{4}(-\d{2}(-\d{2})?)?" placeholder={last ? `${last}-12` : ''} aria-describedby="date-hint" />
        </label>
        <p id="date-hint" class="hint">
          {t(lang, 'dateHint')}
        </p>
        <button type="submit">{t(lang, 'apply')}</button>
      </fieldset>
    </form>
  );
}

function Pagination(props: { lang: Lang; page: number; totalPages: number; query: URLSearchParams }) {
  const { page, totalPages } = props;
  if (totalPages <= 1) return null;
  const last = Math.min(totalPages, 500);
  const numbers = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
  return (
    <nav class="pagination" aria-label={t(props.lang, 'pagination')}>
      {page > 1 ? (
        <a href={searchUrl(props.query, { page: page - 1 })} rel="prev">
          {t(props.lang, 'previous')}
        </a>
      ) : null}
      {numbers.map((n, i) => (
        <>
          {i > 0 && n - numbers[i - 1]! > 1 ? <span aria-hidden="true">…</span> : null}
          {n === page ? <span aria-current="page">{n}</span> : <a href={searchUrl(props.query, { page: n })}>{n}</a>}
        </>
      ))}
      {page < last ? (
        <a href={searchUrl(props.query, { page: page + 1 })} rel="next">
          {t(props.lang, 'next')}
        </a>
      ) : null}
    </nav>
  );
}
