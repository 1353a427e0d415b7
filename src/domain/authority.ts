/**
 * Authority control for a cataloguer's edit: a name or subject typed or accepted in a form the
 * vocabularies list as a variant (周总理, 毛主席, 长安, 党中央, 圖書館) is saved as its preferred term
 * (周恩来, 毛泽东, 西安市, 中国共产党中央委员会), a place with its code; a name no vocabulary knows is
 * kept as typed and reported for review — never refused. With a 中图法 table loaded, class numbers
 * outside it are reported the same way. Pure: the terms come in.
 */
import type { ArticleEdit } from './catalog.ts';
import { fold } from './fold.ts';
import type { Term, Vocabulary } from './term.ts';

export interface AuthorityReport {
  /** Variants saved as their preferred term. */
  changed: { field: string; typed: string; preferred: string }[];
  /** Names no vocabulary of their kind lists (only where that vocabulary has terms). */
  unknown: { field: string; name: string }[];
}

type Index = Map<string, Term>;

function indexOf(terms: readonly Term[], vocabulary: Vocabulary): Index | null {
  const index: Index = new Map();
  for (const term of terms) {
    if (term.vocabulary !== vocabulary) continue;
    for (const name of [term.preferred, ...term.variants]) if (!index.has(fold(name))) index.set(fold(name), term);
  }
  // Preferred forms win over another term's variant of the same spelling.
  for (const term of terms) if (term.vocabulary === vocabulary) index.set(fold(term.preferred), term);
  return index.size > 0 ? index : null;
}

const divisionCode = /^\d{6}(\d{3})?$/;

export function underAuthority(edit: ArticleEdit, terms: readonly Term[]): { edit: ArticleEdit; report: AuthorityReport } {
  const report: AuthorityReport = { changed: [], unknown: [] };
  const next: ArticleEdit = { ...edit };
  const resolve = (field: string, vocabulary: Vocabulary, name: string): Term | undefined => {
    const index = indices[vocabulary];
    if (!index) return undefined;
    const term = index.get(fold(name));
    if (!term) report.unknown.push({ field, name });
    else if (term.preferred !== name) report.changed.push({ field, typed: name, preferred: term.preferred });
    return term;
  };
  const indices: Partial<Record<Vocabulary, Index | null>> = {
    person: indexOf(terms, 'person'),
    organization: indexOf(terms, 'organization'),
    place: indexOf(terms, 'place'),
    subject: indexOf(terms, 'subject'),
  };
  const unique = <T>(values: T[], key: (value: T) => string): T[] => values.filter((value, index) => values.findIndex((other) => key(other) === key(value)) === index);
  for (const [field, vocabulary] of [['persons', 'person'], ['organizations', 'organization']] as const) {
    const names = edit[field];
    if (names) next[field] = unique(names.map((name) => resolve(field, vocabulary, name)?.preferred ?? name), fold);
  }
  if (edit.places) {
    next.places = unique(
      edit.places.map((place) => {
        const term = resolve('places', 'place', place.name);
        if (!term) return place;
        const code = term.code && divisionCode.test(term.code) ? term.code : place.code;
        return code ? { name: term.preferred, code } : { name: term.preferred };
      }),
      (place) => fold(place.name),
    );
  }
  if (edit.subjects) next.subjects = unique(edit.subjects.map((subject) => ({ ...subject, term: resolve('subjects', 'subject', subject.term)?.preferred ?? subject.term })), (subject) => fold(subject.term));
  // 中图法: a class in the loaded table, or a subdivision of one (G258.21 under G258.2).
  const classes = terms.filter((term) => term.vocabulary === 'clc').map((term) => (term.code ?? term.id).toUpperCase());
  if (edit.clc && classes.length > 0) {
    for (const clc of edit.clc) if (!classes.some((known) => clc.toUpperCase().startsWith(known))) report.unknown.push({ field: 'clc', name: clc });
  }
  return { edit: next, report };
}
