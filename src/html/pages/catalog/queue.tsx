/** @jsxImportSource hono/jsx */
/** 任务队列: articles by workflow status, by paper and date, with bulk actions on a selection. */
import { workflow, type WorkflowAction } from '../../../domain/catalog.ts';
import type { ArticleStatus } from '../../../domain/article.ts';
import { isoDateOf } from '../../../domain/search-documents.ts';
import type { Queue, QueueParams } from '../../../services/catalog-queue.ts';
import { ct, statusLabel } from '../../catalog-messages.ts';
import { count, longDate, pageLabelText } from '../../messages.ts';
import { WorkspaceLayout, type WorkspaceFrame } from './frame.tsx';

const statuses: ArticleStatus[] = ['draft', 'in_review', 'reviewed', 'published'];

export function QueuePage(props: { frame: WorkspaceFrame; params: QueueParams; queue: Queue; titleNames: Record<string, string> }) {
  const { lang, principal } = props.frame;
  const { params, queue } = props;
  const link = (change: Partial<QueueParams>) => {
    const merged = { ...params, ...change };
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(merged)) if (value !== undefined && value !== '' && !(name === 'per' && value === 50)) query.set(name, String(value));
    return `/catalog?${query}`;
  };
  const roles = principal?.roles ?? [];
  const bulkActions = (Object.keys(workflow) as WorkflowAction[]).filter(
    (action) => action !== 'save' && workflow[action].from.includes(params.status) && workflow[action].roles.some((role) => roles.includes(role)),
  );
  const pages = Math.max(1, Math.ceil(queue.total / params.per));
  return (
    <WorkspaceLayout {...props.frame} title={`${ct(lang, 'queues')} · ${statusLabel(lang, params.status)}`} current="queues">
      <h1>{ct(lang, 'queues')}</h1>
      <nav class="queue-tabs" aria-label={ct(lang, 'queues')}>
        <a href="/catalog/pages" data-status="to-segment">
          {ct(lang, 'toSegment')} <span class="count">{count(lang, queue.toSegment)}</span>
        </a>
        {statuses.map((status) => (
          <a href={link({ status, page: 1, returned: undefined })} aria-current={status === params.status && !params.returned ? 'page' : undefined} data-status={status}>
            {statusLabel(lang, status)} <span class="count">{count(lang, queue.statusCounts[status] ?? 0)}</span>
          </a>
        ))}
        <a href={link({ status: 'draft', page: 1, returned: '1' })} aria-current={params.returned ? 'page' : undefined} data-status="returned">
          {ct(lang, 'returnedQueue')} <span class="count">{count(lang, queue.returned)}</span>
        </a>
      </nav>
      <form class="queue-filter" method="get" action="/catalog">
        <input type="hidden" name="status" value={params.status} />
        <label>
          {ct(lang, 'paper')}
          <select name="title">
            <option value="">{ct(lang, 'allPapers')}</option>
            {Object.entries(queue.titles).map(([id, n]) => (
              <option value={id} selected={params.title === id}>
                {props.titleNames[id] ?? id} ({n})
              </option>
            ))}
          </select>
        </label>
        <label>
          {ct(lang, 'from')}
          <input type="date" name="from" value={params.from ?? ''} />
        </label>
        <label>
          {ct(lang, 'to')}
          <input type="date" name="to" value={params.to ?? ''} />
        </label>
        <label>
          {ct(lang, 'sortBy')}
          <select name="sort">
            <option value="date" selected={params.sort === 'date'}>
              {ct(lang, 'sortDate')}
            </option>
            <option value="updated" selected={params.sort === 'updated'}>
              {ct(lang, 'sortUpdated')}
            </option>
          </select>
        </label>
        <button type="submit">{ct(lang, 'filter')}</button>
      </form>
      <p role="status">{ct(lang, 'shown', { total: count(lang, queue.total), page: params.page })}</p>
      {queue.items.length === 0 ? (
        <p>{ct(lang, 'emptyQueue')}</p>
      ) : (
        <form id="bulk-form" class="bulk-form" data-status={params.status}>
          <table class="queue">
            <thead>
              <tr>
                <th scope="col">
                  <input type="checkbox" id="select-all" aria-label={ct(lang, 'selectAll')} />
                </th>
                <th scope="col">{ct(lang, 'date')}</th>
                <th scope="col">{ct(lang, 'page')}</th>
                <th scope="col">{ct(lang, 'headline')}</th>
                <th scope="col">{ct(lang, 'source')}</th>
                <th scope="col">{ct(lang, 'lastChange')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.items.map((item) => {
                const iso = isoDateOf(item.date);
                return (
                  <tr data-id={item.id}>
                    <td>
                      <input type="checkbox" name="item" value={item.id} data-version={item.workVersion} aria-label={ct(lang, 'select', { title: item.workTitle || item.title || item.id })} />
                    </td>
                    <td>{iso ? longDate(lang, iso) : '—'}</td>
                    <td>{pageLabelText(lang, item.pageLabel, item.seq)}</td>
                    <td>
                      <a href={`/catalog/articles/${item.id}`}>{item.workTitle || item.title || item.id}</a>
                      {item.workReturned ? (
                        <>
                          {' '}
                          <span class="status status-returned" data-testid="returned-mark">
                            {ct(lang, 'returnedMark')}
                          </span>
                        </>
                      ) : null}
                      <div class="hint">{props.titleNames[item.titleId] ?? item.titleName}</div>
                    </td>
                    <td>{ct(lang, item.segmentation)}</td>
                    <td>
                      {item.workBy ?? '—'} <span class="hint">{new Date(item.workUpdated * 1000).toISOString().slice(0, 16).replace('T', ' ')}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <fieldset class="bulk-tags">
            <legend>{ct(lang, 'bulkTags')}</legend>
            <label>
              {ct(lang, 'bulkTagField')}{' '}
              <select name="tagField">
                {(['subjects', 'keywords', 'persons', 'places', 'organizations', 'clc'] as const).map((field) => (
                  <option value={field}>{ct(lang, field)}</option>
                ))}
              </select>
            </label>{' '}
            <label>
              {ct(lang, 'bulkTagValues')} <input name="tagValues" />
            </label>{' '}
            <button type="button" id="bulk-tags-go">
              {ct(lang, 'bulkTagsGo')}
            </button>{' '}
            <span id="bulk-tags-result" role="status" />
          </fieldset>
          {bulkActions.length > 0 ? (
            <p class="bulk-actions">
              <label>
                {ct(lang, 'bulkAction')}{' '}
                <select name="action">
                  {bulkActions.map((action) => (
                    <option value={action}>{ct(lang, action)}</option>
                  ))}
                </select>
              </label>{' '}
              {bulkActions.includes('return') ? (
                <label>
                  {ct(lang, 'reviewComment')} <input name="comment" />
                </label>
              ) : null}{' '}
              <button type="submit">{ct(lang, 'bulkGo')}</button> <span id="bulk-result" role="status" />
            </p>
          ) : null}
        </form>
      )}
      <nav class="pager" aria-label={ct(lang, 'queues')}>
        {params.page > 1 ? <a href={link({ page: params.page - 1 })}>{ct(lang, 'previous')}</a> : <span />}
        {params.page < pages ? <a href={link({ page: params.page + 1 })}>{ct(lang, 'next')}</a> : <span />}
      </nav>
    </WorkspaceLayout>
  );
}
