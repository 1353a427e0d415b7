/** @jsxImportSource hono/jsx */
/**
 * 中图法类表: the library's loaded class table (vocabulary `clc`: 类号, 类名, 上位类) to browse as a
 * tree, or to search by number, caption, pinyin or initials — with how many articles carry each
 * class, linked to the queue of those articles.
 */
import type { Term } from '../../../domain/term.ts';
import { ct } from '../../catalog-messages.ts';
import { WorkspaceLayout, type WorkspaceFrame } from './frame.tsx';

export interface ClassTree {
  term: Term;
  children: ClassTree[];
}

/** The terms as a tree: those without a broader class (or whose broader class is not loaded) at the top. */
export function classTree(terms: readonly Term[]): ClassTree[] {
  const nodes = new Map(terms.map((term) => [term.id, { term, children: [] as ClassTree[] }]));
  const roots: ClassTree[] = [];
  for (const node of nodes.values()) {
    const parent = node.term.broader.map((id) => nodes.get(id)).find(Boolean);
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const byCode = (a: ClassTree, b: ClassTree) => (a.term.code ?? a.term.id).localeCompare(b.term.code ?? b.term.id, 'en');
  const sort = (list: ClassTree[]) => {
    list.sort(byCode);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

export function ClassesPage(props: { frame: WorkspaceFrame; q: string; tree: ClassTree[]; found: Term[] | null; counts: Record<string, number> }) {
  const { lang } = props.frame;
  const code = (term: Term) => term.code ?? term.id;
  const entry = (term: Term) => (
    <>
      <code>{code(term)}</code> {term.preferred}
      {props.counts[code(term)] ? (
        <>
          {' '}
          <a href={`/search?clc=${encodeURIComponent(code(term))}`} class="count">
            {ct(lang, 'classCount', { n: props.counts[code(term)]! })}
          </a>
        </>
      ) : null}
    </>
  );
  const branch = (nodes: ClassTree[]) => (
    <ul class="class-tree">
      {nodes.map((node) =>
        node.children.length > 0 ? (
          <li>
            <details>
              <summary>{entry(node.term)}</summary>
              {branch(node.children)}
            </details>
          </li>
        ) : (
          <li>{entry(node.term)}</li>
        ),
      )}
    </ul>
  );
  return (
    <WorkspaceLayout {...props.frame} title={ct(lang, 'classesTitle')} current="classes">
      <h1>{ct(lang, 'classesTitle')}</h1>
      <form method="get" action="/catalog/classes" role="search">
        <label>
          {ct(lang, 'classesSearch')} <input name="q" value={props.q} maxlength={50} />
        </label>{' '}
        <button type="submit">{ct(lang, 'filter')}</button>
      </form>
      {props.tree.length === 0 ? (
        <p>{ct(lang, 'classesNone')}</p>
      ) : props.found ? (
        props.found.length === 0 ? (
          <p>{ct(lang, 'classesNotFound')}</p>
        ) : (
          <ul class="class-tree">
            {props.found.map((term) => (
              <li>{entry(term)}</li>
            ))}
          </ul>
        )
      ) : (
        branch(props.tree)
      )}
    </WorkspaceLayout>
  );
}
