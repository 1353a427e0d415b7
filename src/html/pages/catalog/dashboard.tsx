/** @jsxImportSource hono/jsx */
/**
 * 进度: the project's progress against its targets (pages, article records) and each person's
 * work per day, as charts (inline SVG, drawn on the server) with the figures beside them.
 */
import type { Lang } from '../../../i18n.ts';
import type { Dashboard } from '../../../services/catalog-queue.ts';
import { ct, statusLabel } from '../../catalog-messages.ts';
import { count } from '../../messages.ts';
import { WorkspaceLayout, type WorkspaceFrame } from './frame.tsx';

/** Colour-blind-safe (Okabe–Ito), each at least 3:1 against white. */
const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8C6D00', '#56B4E9', '#E69F00', '#000000'];

function ProgressBars(props: { lang: Lang; rows: { label: string; n: number; target: number }[] }) {
  const { lang, rows } = props;
  const width = 640;
  const barHeight = 26;
  const gap = 30;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${rows.length * (barHeight + gap)}`} role="img" aria-labelledby="progress-chart-title">
      <title id="progress-chart-title">{ct(lang, 'progressTitle')}</title>
      {rows.map((row, i) => {
        const share = Math.min(1, row.target > 0 ? row.n / row.target : 0);
        const y = i * (barHeight + gap) + 18;
        const percent = ((row.n / Math.max(1, row.target)) * 100).toFixed(1);
        return (
          <g>
            <text x="0" y={y - 5} font-size="14">
              {row.label}: {ct(lang, 'ofTarget', { n: count(lang, row.n), target: count(lang, row.target), percent })}
            </text>
            <rect x="0" y={y} width={width} height={barHeight} fill="#e8e4da" />
            <rect x="0" y={y} width={Math.max(share > 0 ? 2 : 0, share * width)} height={barHeight} fill={palette[i % palette.length]} />
          </g>
        );
      })}
    </svg>
  );
}

function StatusBar(props: { lang: Lang; counts: Record<string, number> }) {
  const { lang } = props;
  const order = ['draft', 'in_review', 'reviewed', 'published'] as const;
  const total = order.reduce((n, status) => n + (props.counts[status] ?? 0), 0);
  const width = 640;
  let x = 0;
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${width} 60`} role="img" aria-labelledby="status-chart-title">
        <title id="status-chart-title">{ct(lang, 'statusChart')}</title>
        {order.map((status, i) => {
          const w = total > 0 ? ((props.counts[status] ?? 0) / total) * width : 0;
          const rect = <rect x={x} y="0" width={w} height="34" fill={palette[i]} />;
          x += w;
          return rect;
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {order.map((status, i) => (
            <li>
              <span class="swatch" style={`background:${palette[i]}`} /> {statusLabel(lang, status)}: {count(lang, props.counts[status] ?? 0)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function WorkPerDay(props: { lang: Lang; board: Dashboard; names: Record<string, string> }) {
  const { lang, board } = props;
  const nameOf = (username: string) => props.names[username] ?? username;
  const people = [...new Set(board.days.flatMap((day) => Object.keys(day.users)))].sort();
  const totalOf = (counts: Record<string, number> | undefined) => (counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0);
  const perDay = board.days.map((day) => people.map((person) => totalOf(day.users[person])));
  const most = Math.max(1, ...perDay.map((values) => values.reduce((a, b) => a + b, 0)));
  const [width, height, bottom] = [640, 200, 24];
  const step = width / Math.max(1, board.days.length);
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${width} ${height + bottom}`} role="img" aria-labelledby="per-day-title">
        <title id="per-day-title">{ct(lang, 'perDay', { days: board.days.length })}</title>
        <line x1="0" y1={height} x2={width} y2={height} stroke="#595959" />
        {board.days.map((day, d) => {
          let y = height;
          return (
            <g>
              {perDay[d]!.map((value, p) => {
                const h = (value / most) * (height - 10);
                y -= h;
                return <rect x={d * step + 2} y={y} width={Math.max(1, step - 4)} height={h} fill={palette[p % palette.length]} />;
              })}
              {d % Math.ceil(board.days.length / 8) === 0 ? (
                <text x={d * step + 2} y={height + 16} font-size="12">
                  {day.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {people.map((person, p) => (
            <li>
              <span class="swatch" style={`background:${palette[p % palette.length]}`} /> {nameOf(person)}
            </li>
          ))}
        </ul>
      </figcaption>
      <details>
        <summary>{ct(lang, 'perDayTable')}</summary>
        <table class="queue">
          <thead>
            <tr>
              <th scope="col">{ct(lang, 'date')}</th>
              <th scope="col">{ct(lang, 'person')}</th>
              <th scope="col">{ct(lang, 'save')}</th>
              <th scope="col">{ct(lang, 'submit')}</th>
              <th scope="col">{ct(lang, 'approve')}</th>
              <th scope="col">{ct(lang, 'return')}</th>
              <th scope="col">{ct(lang, 'publish')}</th>
            </tr>
          </thead>
          <tbody>
            {board.days.flatMap((day) =>
              Object.entries(day.users).map(([person, c]) => (
                <tr>
                  <td>{day.day}</td>
                  <td>{nameOf(person)}</td>
                  <td>{c.saved}</td>
                  <td>{c.submitted}</td>
                  <td>{c.approved}</td>
                  <td>{c.returned}</td>
                  <td>{c.published}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** `names`: staff display names by username (the work is shown by name, not account). */
export function DashboardPage(props: { frame: WorkspaceFrame; board: Dashboard; names?: Record<string, string> }) {
  const { lang } = props.frame;
  const { board } = props;
  const by = board.articles.byStatus;
  const catalogued = (by.in_review ?? 0) + (by.reviewed ?? 0) + (by.published ?? 0);
  const reviewed = (by.reviewed ?? 0) + board.articles.publishedForReaders;
  return (
    <WorkspaceLayout {...props.frame} title={ct(lang, 'progressTitle')} current="dashboard">
      <h1>{ct(lang, 'progressTitle')}</h1>
      <ProgressBars
        lang={lang}
        rows={[
          { label: ct(lang, 'pagesIngested'), n: board.pages.ingested, target: board.targets.pages },
          { label: ct(lang, 'pagesSegmented'), n: board.pages.segmented, target: board.targets.pages },
          { label: ct(lang, 'articlesCatalogued'), n: catalogued, target: board.targets.articles },
          { label: ct(lang, 'articlesReviewed'), n: reviewed, target: board.targets.articles },
          { label: ct(lang, 'articlesPublished'), n: board.articles.publishedForReaders, target: board.targets.articles },
        ]}
      />
      <h2>{ct(lang, 'statusChart')}</h2>
      <StatusBar lang={lang} counts={by} />
      <h2>{ct(lang, 'perDay', { days: board.days.length })}</h2>
      <WorkPerDay lang={lang} board={board} names={props.names ?? {}} />
    </WorkspaceLayout>
  );
}
