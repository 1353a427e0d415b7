/** @jsxImportSource hono/jsx */
/**
 * 专题编辑: the curators' list of topics (draft and published) and the form a topic is written in —
 * title, introduction (Markdown), status, sections of hand-picked articles and a saved search —
 * saved through PUT /api/topics/{slug} with its version (/static/catalog.js).
 */
import type { Topic, TopicSection } from '../../../domain/topic.ts';
import { ct } from '../../catalog-messages.ts';
import { WorkspaceLayout, type WorkspaceFrame } from './frame.tsx';

export function TopicsListPage(props: { frame: WorkspaceFrame; topics: Topic[] }) {
  const { lang } = props.frame;
  return (
    <WorkspaceLayout {...props.frame} title={ct(lang, 'topicsTitle')} current="topics">
      <h1>{ct(lang, 'topicsTitle')}</h1>
      <ul>
        {props.topics.map((topic) => (
          <li>
            <a href={`/catalog/topics/${topic.slug}`}>{topic.title}</a> <span class="hint">{ct(lang, topic.status === 'published' ? 'topicPublished' : 'topicDraftShort')}</span>
          </li>
        ))}
      </ul>
      <form method="get" action="/catalog/topics/new" class="queue-filter">
        <label>
          {ct(lang, 'topicSlug')} <input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxlength={64} />
        </label>{' '}
        <button type="submit">{ct(lang, 'topicNew')}</button>
      </form>
    </WorkspaceLayout>
  );
}

export function TopicEditorPage(props: { frame: WorkspaceFrame; slug: string; topic: Topic | null }) {
  const { lang } = props.frame;
  const topic = props.topic;
  const sections: TopicSection[] = [...(topic?.sections ?? []), { heading: '', caption: '', articles: [] }];
  return (
    <WorkspaceLayout {...props.frame} title={`${topic?.title ?? props.slug} · ${ct(lang, 'topicsTitle')}`} current="topics">
      <h1>{topic?.title ?? props.slug}</h1>
      <p>
        <a href={`/topics/${props.slug}`}>{ct(lang, 'topicView')}</a>
      </p>
      <div id="editor-message" role="status" aria-live="polite" />
      <form id="topic-form" class="record-pane" data-slug={props.slug} data-version={topic?.version ?? 0}>
        <label class="field">
          <span>{ct(lang, 'topicTitleField')}</span>
          <input name="title" value={topic?.title ?? ''} required maxlength={200} />
        </label>
        <label class="field">
          <span>{ct(lang, 'topicIntro')}</span>
          <textarea name="intro" rows={6}>
            {topic?.intro ?? ''}
          </textarea>
        </label>
        <label class="field">
          <span>{ct(lang, 'topicStatus')}</span>
          <select name="status">
            <option value="draft" selected={topic?.status !== 'published'}>
              {ct(lang, 'topicDraftShort')}
            </option>
            <option value="published" selected={topic?.status === 'published'}>
              {ct(lang, 'topicPublished')}
            </option>
          </select>
        </label>
        {sections.map((section, i) => (
          <fieldset class="topic-section-form" data-section={i}>
            <legend>{ct(lang, 'topicSection', { n: i + 1 })}</legend>
            <label class="field">
              <span>{ct(lang, 'topicHeading')}</span>
              <input name={`heading-${i}`} value={section.heading} maxlength={200} />
            </label>
            <label class="field">
              <span>{ct(lang, 'topicCaption')}</span>
              <textarea name={`caption-${i}`} rows={2}>
                {section.caption}
              </textarea>
            </label>
            <label class="field">
              <span>{ct(lang, 'topicArticles')}</span>
              <textarea name={`articles-${i}`} rows={3}>
                {section.articles.join('\n')}
              </textarea>
            </label>
            <label class="field">
              <span>{ct(lang, 'topicSearch')}</span>
              <input name={`q-${i}`} value={section.search?.q ?? ''} maxlength={200} />
            </label>
            <label class="field">
              <span>{ct(lang, 'topicSearchSubject')}</span>
              <input name={`subject-${i}`} value={section.search?.subject ?? ''} maxlength={200} />
            </label>
          </fieldset>
        ))}
        <p class="hint">{ct(lang, 'topicFormHint')}</p>
        <button type="submit">{ct(lang, 'save')}</button>
      </form>
    </WorkspaceLayout>
  );
}
