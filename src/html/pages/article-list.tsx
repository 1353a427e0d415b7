/** @jsxImportSource hono/jsx */
/** A list of articles as found in the index — headline, paper, date — for entity and topic pages. */
import type { Lang } from '../../i18n.ts';
import { isoDateOf } from '../../domain/search-documents.ts';
import type { ArticleHitFields } from '../../services/search-indexes.ts';
import { longDate } from '../messages.ts';

export function ArticleList(props: { lang: Lang; articles: readonly ArticleHitFields[]; start?: number }) {
  return (
    <ol class="results" start={props.start}>
      {props.articles.map((article) => {
        const iso = isoDateOf(article.date);
        return (
          <li>
            <h3>
              <a href={`/articles/${article.id}`}>{article.title || article.id}</a>
            </h3>
            <p class="meta">{`${article.titleName}${iso ? ` · ${longDate(props.lang, iso)}` : ''}`}</p>
          </li>
        );
      })}
    </ol>
  );
}
