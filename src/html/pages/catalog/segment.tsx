/** @jsxImportSource hono/jsx */
/** 待切分: the pages no article has been cut from, and one of them with the region tools to cut a new article. */
import { raw } from 'hono/html';
import { isoDateOf } from '../../../domain/search-documents.ts';
import type { UnsegmentedPage } from '../../../services/catalog-queue.ts';
import { ct } from '../../catalog-messages.ts';
import { count, longDate, pageLabelText } from '../../messages.ts';
import { RegionPane, type EditorPage } from './editor.tsx';
import { scriptJson } from '../../layout.tsx';
import { WorkspaceLayout, type WorkspaceFrame } from './frame.tsx';

export function SegmentListPage(props: { frame: WorkspaceFrame; items: UnsegmentedPage[]; total: number; page: number; per: number }) {
  const { lang } = props.frame;
  return (
    <WorkspaceLayout {...props.frame} title={ct(lang, 'toSegment')} current="queues">
      <h1>{ct(lang, 'toSegment')}</h1>
      <p>{ct(lang, 'segmentHelp')}</p>
      <p role="status">{count(lang, props.total)}</p>
      {props.items.length === 0 ? (
        <p>{ct(lang, 'emptyQueue')}</p>
      ) : (
        <ul class="segment-list">
          {props.items.map((item) => {
            const iso = isoDateOf(item.date);
            return (
              <li>
                <a href={`/catalog/pages/${item.id}`}>
                  {item.titleName} · {ct(lang, 'pageOfIssue', { date: iso ? longDate(lang, iso) : item.issueId, page: pageLabelText(lang, item.label, item.seq) })}
                </a>
                {item.layoutUncertain ? <span class="mark mark-uncertain"> · {ct(lang, item.layoutUncertain === 'no_headlines' ? 'layoutNoHeadlines' : 'layoutMostlyUntitled')}</span> : null}
              </li>
            );
          })}
        </ul>
      )}
      <nav class="pager" aria-label={ct(lang, 'toSegment')}>
        {props.page > 1 ? <a href={`/catalog/pages?page=${props.page - 1}`}>{ct(lang, 'previous')}</a> : <span />}
        {props.page * props.per < props.total ? <a href={`/catalog/pages?page=${props.page + 1}`}>{ct(lang, 'next')}</a> : <span />}
      </nav>
    </WorkspaceLayout>
  );
}

export function SegmentPageView(props: { frame: WorkspaceFrame; heading: string; data: { issueId: string; start: number; pages: EditorPage[]; others: { id: string; title: string; regions: unknown[] }[] } }) {
  const { lang } = props.frame;
  return (
    <WorkspaceLayout {...props.frame} title={`${props.heading} · ${ct(lang, 'toSegment')}`} current="queues">
      <script type="application/json" id="segment-data">
        {raw(scriptJson(props.data))}
      </script>
      <h1>{props.heading}</h1>
      <p>{ct(lang, 'segmentHelp')}</p>
      <div id="editor-message" role="status" aria-live="polite" />
      <RegionPane lang={lang} pages={props.data.pages} />
      <p>
        <button type="button" id="create-article" aria-keyshortcuts="Enter">
          {ct(lang, 'create')}
        </button>{' '}
        <button type="button" id="page-done">
          {ct(lang, 'pageDone')}
        </button>
      </p>
      <h2>{ct(lang, 'cutOnPage')}</h2>
      <ol id="cut-list" />
    </WorkspaceLayout>
  );
}
