/** @jsxImportSource hono/jsx */
/** 报刊页: a title's calendar (years → month grids with the days that have issues) or its volumes. */
import type { CalendarYear, IssueSummary, TitleSummary } from '../../domain/api-schemas.ts';
import type { Title } from '../../domain/title.ts';
import type { Lang } from '../../i18n.ts';
import { monthName, quantity, t } from '../messages.ts';
import { Breadcrumbs, Layout, type PageFrame } from '../layout.tsx';

export function TitlePage(props: { frame: Omit<PageFrame, 'title'>; title: Title; summary: TitleSummary; calendar: CalendarYear[]; year: number | null; volumes: IssueSummary[]; manifestCollection: string }) {
  const { lang } = props.frame;
  const { title, summary } = props;
  const selected = props.calendar.find((entry) => entry.year === props.year) ?? props.calendar[0] ?? null;
  return (
    <Layout {...props.frame} title={title.name} links={[{ rel: 'alternate', href: props.manifestCollection, type: 'application/ld+json' }]}>
      <Breadcrumbs lang={lang} items={[{ label: t(lang, 'navHome'), href: '/' }, { label: title.name }]} />
      <h1>{title.name}</h1>
      <p class="meta">
        {[t(lang, title.kind === 'newspaper' ? 'newspaper' : 'document'), title.place, title.cn, title.publisher].filter(Boolean).join(' · ')}
      </p>
      <p class="counts">
        {`${quantity(lang, summary.issues, title.kind === 'newspaper' ? 'issues' : 'volumes')} · ${quantity(lang, summary.pages, 'pages')} · ${quantity(lang, summary.articles, 'articles')}`}
      </p>
      {title.description ? <p>{title.description}</p> : null}
      <form class="search-inline" role="search" action="/search" method="get">
        <input type="hidden" name="title" value={title.key.title} />
        <label for="title-q">{lang === 'en' ? `Search ${title.name}` : `在《${title.name}》中检索`}</label>
        <input id="title-q" maxlength={500} type="search" name="q" />
        <button type="submit">{t(lang, 'searchButton')}</button>
      </form>
      {props.calendar.length > 0 && selected ? (
        <section aria-labelledby="calendar-heading" class="calendar">
          <h2 id="calendar-heading">{t(lang, 'calendar')}</h2>
          <nav class="years" aria-label={t(lang, 'facetYear')}>
            <ul>
              {props.calendar.map((entry) => (
                <li>
                  <a href={`?year=${entry.year}`} aria-current={entry.year === selected.year ? 'true' : undefined}>
                    {t(lang, 'year', { n: entry.year })}
                    <span class="count">{t(lang, 'issuesInYear', { n: entry.issues })}</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {/* Only the months that have issues get a grid (a year with three issues was twelve grids, 3,300 px on a phone); the rest are named in a line. */}
          <div class="months">
            {selected.months
              .filter((entry) => entry.days.length > 0)
              .map((entry) => (
                <MonthGrid lang={lang} year={selected.year} month={entry.month} days={entry.days} />
              ))}
          </div>
          {(() => {
            const without = Array.from({ length: 12 }, (_, i) => i + 1).filter((month) => !selected.months.some((entry) => entry.month === month && entry.days.length > 0));
            if (without.length === 0) return null;
            const names = without.map((month) => (lang === 'en' ? monthName(lang, month) : `${month}月`)).join(lang === 'en' ? ', ' : '、');
            return <p class="hint months-without">{t(lang, 'monthsWithout', { months: names })}</p>;
          })()}
        </section>
      ) : null}
      {props.volumes.length > 0 ? (
        <section aria-labelledby="volumes-heading">
          <h2 id="volumes-heading">{t(lang, 'volumesList')}</h2>
          <ul class="volume-list">
            {props.volumes.map((volume) => (
              <li>
                <a href={volume.url}>{volume.volume ? (lang === 'en' ? `Volume ${volume.volume}` : `第${volume.volume}卷`) : volume.id}</a>
                <span class="count">{` ${quantity(lang, volume.pages, 'pages')}`}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

function MonthGrid(props: { lang: Lang; year: number; month: number; days: CalendarYear['months'][number]['days'] }) {
  const { lang, year, month } = props;
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (number | null)[] = [...Array.from({ length: firstWeekday }, () => null), ...Array.from({ length }, (_, i) => i + 1)];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const weekdays = [...t(lang, 'weekdays')];
  const caption = lang === 'en' ? `${monthName(lang, month)} ${year}` : `${year}年${month}月`;
  return (
    <table class={props.days.length > 0 ? 'month' : 'month empty'}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {weekdays.map((day) => (
            <th scope="col" abbr={day}>
              {day}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr>
            {week.map((day) => {
              if (day === null) return <td />;
              const issues = props.days.find((d) => d.day === day)?.issues ?? [];
              if (issues.length === 0) return <td>{day}</td>;
              const label = lang === 'en' ? `${day} ${monthName(lang, month)} ${year}` : `${year}年${month}月${day}日`;
              return (
                <td class="has-issue">
                  <a href={issues[0]!.url} aria-label={label}>
                    {day}
                  </a>
                  {issues.slice(1).map((issue) => (
                    <a href={issue.url} class="edition" aria-label={`${label} ${issue.edition ?? ''}`}>
                      {issue.edition}
                    </a>
                  ))}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
