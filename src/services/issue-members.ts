/**
 * What storage holds for an issue or a title, read from the record keys alone (no index): the
 * pages and articles of an issue, the issues of a title. Storage is the source of truth.
 */
import { issueKeyOf, issuePath, parseId, recordKindOfStorageKey, storageKeys, type IssueKey } from '../domain/natural-keys.ts';
import type { ObjectStore } from '../ports.ts';
import { keysUnder } from './keys-under.ts';

/** The seq numbers of an issue's pages and the numbers of its articles, ascending. */
export async function membersOf(store: ObjectStore, key: IssueKey): Promise<{ seqs: number[]; articles: number[] }> {
  const prefix = `${storageKeys.recordsPrefix}${issuePath(key)}/`;
  const seqs: number[] = [];
  const articles: number[] = [];
  for await (const storageKey of keysUnder(store, prefix)) {
    const kind = recordKindOfStorageKey(storageKey);
    const number = Number(/^(?:seq|art)-(\d+)\//.exec(storageKey.slice(prefix.length))?.[1]);
    if (kind === 'page' && number) seqs.push(number);
    if (kind === 'article' && number) articles.push(number);
  }
  return { seqs: seqs.sort((a, b) => a - b), articles: articles.sort((a, b) => a - b) };
}

/** Every issue (or volume) of a title that has an issue record. */
export async function issuesOfTitle(store: ObjectStore, title: string): Promise<IssueKey[]> {
  const found: IssueKey[] = [];
  for await (const storageKey of keysUnder(store, `${storageKeys.recordsPrefix}${title}/`)) {
    if (recordKindOfStorageKey(storageKey) !== 'issue') continue;
    const parsed = parseId(storageKey.slice(storageKeys.recordsPrefix.length, storageKey.lastIndexOf('/')));
    if (parsed?.kind === 'issue') found.push(issueKeyOf(parsed.key));
  }
  return found;
}
