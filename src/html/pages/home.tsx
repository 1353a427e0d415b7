/** @jsxImportSource hono/jsx */
/** 首页: what the archive holds, years covered, counts, and the search box. */
import type { TitleSummary } from '../../domain/api-schemas.ts';
import { isoDateOf } from '../../domain/search-documents.ts';
import type { OnThisDay } from '../../services/on-this-day.ts';
import { count, longDate, quantity, t } from '../messages.ts';
import { Layout, type PageFrame } from '../layout.tsx';

export function HomePage(props: { frame: Omit<PageFrame, 'title'>; titles: TitleSummary[]; onThisDay?: OnThisDay | null }) {
  const { lang } = props.frame;
  const totals = props.titles.reduce((sum, title) => ({ pages: sum.pages + title.pages, articles: sum.articles + title.articles }), { pages: 0, articles: 0 });
  return (
    <Layout {...props.frame} title={t(lang, 'navHome')}>
      <section class="hero">
        <h1>{t(lang, 'siteTagline')}</h1>
        <form class="search-large" role="search" action="/search" method="get">
          <label for="home-q">{t(lang, 'searchLabel')}</label>
          <div class="row">
            <input id="home-q" maxlength={500} type="search" name="q" placeholder={t(lang, 'searchPlaceholder')} autofocus />
            <button type="submit">{t(lang, 'searchButton')}</button>
          </div>
        </form>
        <p class="totals" data-testid="totals">
          {`${count(lang, props.titles.length)} ${lang === 'en' ? (props.titles.length === 1 ? 'title' : 'titles') : '种报刊文献'} · ${quantity(lang, totals.pages, 'pages')} · ${quantity(lang, totals.articles, 'articles')}`}
        </p>
      </section>
      {props.onThisDay ? <OnThisDaySection lang={lang} day={props.onThisDay} /> : null}
      <section aria-labelledby="holdings">
        <h2 id="holdings">{t(lang, 'holdings')}</h2>
        {props.titles.length === 0 ? <p>{t(lang, 'nothingHeld')}</p> : null}
        <ul class="cards">
          {props.titles.map((title) => (
            <li class="card">
              <h3>
                <a href={title.url}>{title.name}</a>
              </h3>
              <p class="meta">
                {t(lang, title.kind === 'newspaper' ? 'newspaper' : 'document')}
                {title.place ? ` · ${title.place}` : ''}
              </p>
              {title.coverage ? (
                <p>
                  {t(lang, 'coverage')}：{title.coverage.from.slice(0, 4) === title.coverage.to.slice(0, 4) ? title.coverage.from.slice(0, 4) : `${title.coverage.from.slice(0, 4)}–${title.coverage.to.slice(0, 4)}`}
                </p>
              ) : null}
              <p class="counts">
                {`${quantity(lang, title.issues, title.kind === 'newspaper' ? 'issues' : 'volumes')} · ${quantity(lang, title.pages, 'pages')} · ${quantity(lang, title.articles, 'articles')}`}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

function OnThisDaySection(props: { lang: PageFrame['lang']; day: OnThisDay }) {
  const { lang, day } = props;
  const [month, date] = [Math.floor(day.monthDay / 100), day.monthDay % 100];
  return (
    <section aria-labelledby="on-this-day" data-testid="on-this-day" data-month-day={day.monthDay}>
      <h2 id="on-this-day">{t(lang, 'onThisDay')}</h2>
      <p>{t(lang, day.exact ? 'onThisDayExact' : 'onThisDayNearest', { month, day: date, n: day.total })}</p>
      <ul class="on-this-day">
        {day.articles.map((article) => {
          const iso = isoDateOf(article.date);
          return (
            <li>
              <a href={`/articles/${article.id}`}>{article.title || article.id}</a> <span class="meta">{`${article.titleName}${iso ? ` · ${longDate(lang, iso)}` : ''}`}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
