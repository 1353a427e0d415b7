/**
 * Entities readers can walk through (issue 20): people, places, organizations and subject terms
 * as catalogued in published articles, with what the library's vocabularies say of them. An
 * entity's id is its folded preferred name — stable, derived, the same for 周恩来 / 周恩來 and for
 * every variant a vocabulary lists — and its page lists the published articles that carry it.
 */
import { fold } from './fold.ts';
import type { Term, Vocabulary } from './term.ts';

export const entityKinds = {
  people: { field: 'persons', folded: 'personsFolded', vocabulary: 'person', schemaType: 'Person' },
  places: { field: 'places', folded: 'placesFolded', vocabulary: 'place', schemaType: 'Place' },
  organizations: { field: 'organizations', folded: 'organizationsFolded', vocabulary: 'organization', schemaType: 'Organization' },
  subjects: { field: 'subjects', folded: 'subjectsFolded', vocabulary: 'subject', schemaType: 'DefinedTerm' },
} as const satisfies Record<string, { field: string; folded: string; vocabulary: Vocabulary; schemaType: string }>;
export type EntityKind = keyof typeof entityKinds;

/** The id of the entity a name stands for: its folded preferred name. */
export const entityId = (name: string): string => fold(name);

export interface Entity {
  kind: EntityKind;
  id: string;
  /** The preferred name (the vocabulary's, else the first form found). */
  name: string;
  /** Other names: the vocabulary's variants (old names, other scripts). */
  variants: string[];
  /** What the library's vocabulary says: its code (地名代码, 中图法 class) and note. */
  code?: string;
  note?: string;
  /** Broader and narrower terms of the same vocabulary (a place's county, a county's towns). */
  broader: { id: string; name: string }[];
  narrower: { id: string; name: string }[];
  /** Every folded form an article may carry it under. */
  forms: string[];
}

/** The entity a name (or id) stands for: the vocabulary's term when one lists it, else the name itself. */
export function resolveEntity(kind: EntityKind, nameOrId: string, terms: readonly Term[]): Entity {
  const vocabulary = entityKinds[kind].vocabulary;
  const own = terms.filter((term) => term.vocabulary === vocabulary);
  const wanted = fold(nameOrId);
  const term = own.find((t) => fold(t.preferred) === wanted) ?? own.find((t) => t.variants.some((variant) => fold(variant) === wanted));
  if (!term) return { kind, id: wanted, name: nameOrId, variants: [], broader: [], narrower: [], forms: [wanted] };
  const named = (t: Term) => ({ id: entityId(t.preferred), name: t.preferred });
  return {
    kind,
    id: entityId(term.preferred),
    name: term.preferred,
    variants: term.variants,
    ...(term.code ? { code: term.code } : {}),
    ...(term.scopeNote ? { note: term.scopeNote } : {}),
    broader: own.filter((t) => term.broader.includes(t.id)).map(named),
    narrower: own.filter((t) => t.broader.includes(term.id)).map(named),
    forms: [...new Set([term.preferred, ...term.variants].map(fold))],
  };
}

/** schema.org JSON-LD for an entity page. */
export function entityJsonLd(entity: Entity, url: string, articles: number): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': entityKinds[entity.kind].schemaType,
    '@id': url,
    url,
    name: entity.name,
    ...(entity.variants.length > 0 ? { alternateName: entity.variants } : {}),
    ...(entity.code ? { identifier: entity.code } : {}),
    ...(entity.note ? { description: entity.note } : {}),
    ...(entity.kind === 'places' && entity.broader[0] ? { containedInPlace: { '@type': 'Place', name: entity.broader[0].name } } : {}),
    subjectOf: { '@type': 'Collection', name: `${articles}`, numberOfItems: articles },
  };
}
