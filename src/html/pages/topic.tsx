/** @jsxImportSource hono/jsx */
/** 专题: a topic's page (its introduction, sections with captions and articles) and the list of topics. */
import { raw } from 'hono/html';
import { markdownHtml, type Topic } from '../../domain/topic.ts';
import type { ResolvedSection } from '../../services/topics.ts';
import { JsonLd, Layout, type PageFrame } from '../layout.tsx';
import { t } from '../messages.ts';
import { ArticleList } from './article-list.tsx';

export function TopicPage(props: { frame: Omit<PageFrame, 'title'>; topic: Topic; sections: ResolvedSection[]; jsonLd: Record<string, unknown> }) {
  const { lang } = props.frame;
  const { topic } = props;
  return (
    <Layout {...props.frame} title={`${topic.title} · ${t(lang, 'topics')}`} links={[{ rel: 'alternate', href: `/iiif/3/topics/${topic.slug}`, type: 'application/ld+json' }, { rel: 'alternate', href: `/api/topics/${topic.slug}`, type: 'application/json' }]}>
      <JsonLd data={props.jsonLd} />
      <p class="breadcrumb">
        <a href="/topics">{t(lang, 'topics')}</a>
      </p>
      <h1>{topic.title}</h1>
      {topic.status === 'draft' ? <p class="badge muted">{t(lang, 'topicDraft')}</p> : null}
      <div class="topic-intro">{raw(markdownHtml(topic.intro))}</div>
      {props.sections.map((section, i) => (
        <section aria-labelledby={`section-${i}`} class="topic-section" data-testid="topic-section">
          <h2 id={`section-${i}`}>{section.heading}</h2>
          {section.caption ? <div class="caption">{raw(markdownHtml(section.caption))}</div> : null}
          {section.found.length === 0 ? (
            <p>{t(lang, 'topicSectionEmpty')}</p>
          ) : (
            <ArticleList lang={lang} articles={section.found} />
          )}
        </section>
      ))}
      <p>
        <a href={`/iiif/3/topics/${topic.slug}`}>{t(lang, 'topicIiif')}</a>
      </p>
    </Layout>
  );
}

export function TopicListPage(props: { frame: Omit<PageFrame, 'title'>; topics: Topic[] }) {
  const { lang } = props.frame;
  return (
    <Layout {...props.frame} title={t(lang, 'topics')}>
      <h1>{t(lang, 'topics')}</h1>
      {props.topics.length === 0 ? (
        <p>{t(lang, 'topicsNone')}</p>
      ) : (
        <ul class="cards">
          {props.topics.map((topic) => (
            <li class="card">
              <h3>
                <a href={`/topics/${topic.slug}`}>{topic.title}</a>
              </h3>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
