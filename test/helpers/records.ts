/** Records of an issue as storage holds them (no index), for tests that check what ingest made. */
import type { Article } from '../../src/domain/article.ts';
import type { IssueKey } from '../../src/domain/natural-keys.ts';
import { membersOf } from '../../src/services/issue-members.ts';
import type { RecordStore } from '../../src/services/record-store.ts';

/** Every article of an issue, in article-number order. */
export async function articlesOfIssue(records: RecordStore, key: IssueKey): Promise<Article[]> {
  const { articles } = await membersOf(records.objects, key);
  const stored = await Promise.all(articles.map((article) => records.getArticle({ ...key, article })));
  return stored.flatMap((s) => (s ? [s.record] : []));
}
