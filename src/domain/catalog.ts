/**
 * Cataloguing as data: what a cataloguer may change in an article, which workflow step each role
 * may take from which status, and what an edit changed (for the audit trail). No I/O.
 *
 * Readers see the published record; a cataloguer works on a copy of it (the working copy) that
 * replaces the published record only when a reviewer publishes it.
 */
import { z } from 'zod';
import { articleSchema, type Article, type ArticleStatus } from './article.ts';
import type { Role } from './user.ts';

/** The fields a cataloguer edits; everything else (key, provenance, status, versions) is the system's. */
export const editableFields = [
  'title',
  'kicker',
  'subtitle',
  'creators',
  'column',
  'genre',
  'language',
  'abstract',
  'subjects',
  'keywords',
  'clc',
  'persons',
  'organizations',
  'places',
  'temporal',
  'regions',
  'rights',
] as const;
export type EditableField = (typeof editableFields)[number];

const editableShape = articleSchema.pick(Object.fromEntries(editableFields.map((field) => [field, true])) as { [F in EditableField]: true }).shape;

/**
 * An edit: the fields that change, each given whole (`null` clears an optional one), plus the
 * corrected text. The OCR text as delivered is never editable.
 */
export const articleEditSchema = z
  .object({
    ...Object.fromEntries(Object.entries(editableShape).map(([field, schema]) => [field, (schema as z.ZodType).nullable().optional()])),
    correctedText: z.string().max(200_000).nullable().optional(),
  })
  .strict() as unknown as z.ZodType<ArticleEdit>;
export type ArticleEdit = { [F in EditableField]?: Article[F] | null } & { correctedText?: string | null };

/** The article with the edit applied; the result still has to pass the article schema. */
export function applyEdit(article: Article, edit: ArticleEdit): Article {
  const next: Record<string, unknown> = { ...article };
  for (const field of editableFields) {
    if (!(field in edit)) continue;
    const value = edit[field];
    if (value === null || value === undefined) delete next[field];
    else next[field] = value;
  }
  if ('correctedText' in edit) {
    const corrected = edit.correctedText;
    // A "correction" identical to the OCR is no correction: the original stays the only text.
    next.text = corrected === null || corrected === undefined || corrected === article.text.ocr ? { ocr: article.text.ocr } : { ocr: article.text.ocr, corrected };
  }
  return next as Article;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const compared = [...editableFields, 'text', 'status'] as const;

/** Which fields differ between two versions of an article, with both values, for the audit trail. */
export function changedFields(before: Article, after: Article): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of compared) {
    const [was, is] = [before[field], after[field]];
    if (JSON.stringify(was ?? null) !== JSON.stringify(is ?? null)) changes.push({ field, before: was ?? null, after: is ?? null });
  }
  return changes;
}

export const workflowActionSchema = z.enum(['save', 'submit', 'approve', 'return', 'publish']);
export type WorkflowAction = z.infer<typeof workflowActionSchema>;

interface Step {
  roles: readonly Role[];
  from: readonly ArticleStatus[];
  /** The status after the step; `save` keeps the status, except that editing a published record starts a draft. */
  to: ArticleStatus | 'same';
}

/**
 * Who may do what from where. A cataloguer edits and sends to review; a reviewer approves,
 * returns with a comment, or publishes; an administrator may do everything.
 */
export const workflow: Record<WorkflowAction, Step> = {
  save: { roles: ['cataloguer', 'reviewer', 'admin'], from: ['draft', 'in_review', 'reviewed', 'published'], to: 'same' },
  submit: { roles: ['cataloguer', 'reviewer', 'admin'], from: ['draft'], to: 'in_review' },
  approve: { roles: ['reviewer', 'admin'], from: ['in_review'], to: 'reviewed' },
  return: { roles: ['reviewer', 'admin'], from: ['in_review', 'reviewed'], to: 'draft' },
  publish: { roles: ['reviewer', 'admin'], from: ['in_review', 'reviewed'], to: 'published' },
};

export type StepRefusal = 'role' | 'status';

/** Whether `roles` may take `action` on an article in `status`; the reason when not. */
export function checkStep(action: WorkflowAction, status: ArticleStatus, roles: readonly Role[]): StepRefusal | null {
  const step = workflow[action];
  if (!step.roles.some((role) => roles.includes(role))) return 'role';
  if (!step.from.includes(status)) return 'status';
  return null;
}

/** The status an article has after `action`. */
export function statusAfter(action: WorkflowAction, status: ArticleStatus): ArticleStatus {
  const to = workflow[action].to;
  if (to !== 'same') return to;
  return status === 'published' ? 'draft' : status;
}

/** One line of an article's audit trail, kept in storage beside the records. */
export const auditEntrySchema = z.object({
  /** The version this change produced. */
  version: z.number().int().min(1),
  at: z.iso.datetime({ offset: true }),
  by: z.string().min(1),
  /** `create`: a cataloguer cut a new article from a page. */
  action: z.union([workflowActionSchema, z.literal('create')]),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  comment: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

