/**
 * What difang keeps in storage besides the records and page files (records/, pages/, iiif/ — see
 * src/domain/natural-keys.ts): staff accounts, sessions and API tokens, cataloguers' working
 * copies, audit trail and daily activity, vocabularies, ingest and OCR jobs, sign-in failures.
 * Each prefix with the schema its objects are read through, so `difang verify` can read every one
 * back and name what cannot be, and docs/storage-layout.md lists the same.
 */
import { z } from 'zod';
import { articleSchema } from '../domain/article.ts';
import { auditEntrySchema } from '../domain/catalog.ts';
import { userSchema } from '../domain/user.ts';
import type { Text } from '../i18n.ts';
import { apiTokenSchema, sessionSchema } from './accounts.ts';
import { catalogKeys, storedDaySchema } from './catalog.ts';
import { ingestJobSchema, ingestJobsPrefix } from './ingest-jobs.ts';
import { failuresSchema, signInFailuresPrefix } from './login-throttle.ts';
import { vocabularyFileSchema, vocabulariesPrefix } from './vocabularies.ts';
import { rejectedPrefix, rejectedSuggestionsSchema } from './rejected-suggestions.ts';
import { catalogTemplateSchema, templatesPrefix } from './catalog-templates.ts';
import { topicsPrefix } from './topics.ts';
import { topicSchema } from '../domain/topic.ts';
import { titlesChangedSchema } from './record-store.ts';

/** Present while the demonstration data is being imported: a start after an interrupted import finishes it. */
export const demoImportMarker = 'jobs/demo/import.json';
export const demoImportSchema = z.object({ startedAt: z.iso.datetime({ offset: true }) });

export interface StoredKind {
  prefix: string;
  what: Text;
  schema: z.ZodType<unknown>;
}

export const storedKinds: readonly StoredKind[] = [
  { prefix: 'users/', what: { 'zh-CN': '员工账号', en: 'staff account' }, schema: userSchema },
  { prefix: 'sessions/', what: { 'zh-CN': '登录会话', en: 'session' }, schema: sessionSchema },
  { prefix: 'tokens/', what: { 'zh-CN': 'API 令牌', en: 'API token' }, schema: apiTokenSchema },
  { prefix: catalogKeys.workingPrefix, what: { 'zh-CN': '编目工作副本', en: 'working copy' }, schema: articleSchema },
  { prefix: catalogKeys.auditRoot, what: { 'zh-CN': '审计记录', en: 'audit entry' }, schema: auditEntrySchema },
  { prefix: topicsPrefix, what: { 'zh-CN': '专题', en: 'topic' }, schema: topicSchema },
  { prefix: templatesPrefix, what: { 'zh-CN': '报刊著录模板', en: 'cataloguing template' }, schema: catalogTemplateSchema },
  { prefix: rejectedPrefix, what: { 'zh-CN': '已拒绝的标引建议', en: 'rejected suggestions' }, schema: rejectedSuggestionsSchema },
  { prefix: catalogKeys.activityPrefix, what: { 'zh-CN': '每日工作量', en: 'daily activity' }, schema: storedDaySchema },
  { prefix: vocabulariesPrefix, what: { 'zh-CN': '受控词表', en: 'vocabulary' }, schema: vocabularyFileSchema },
  { prefix: ingestJobsPrefix, what: { 'zh-CN': '入库或 OCR 任务', en: 'ingest or OCR job' }, schema: ingestJobSchema },
  { prefix: 'jobs/demo/', what: { 'zh-CN': '演示数据导入标记', en: 'demonstration import marker' }, schema: demoImportSchema },
  { prefix: 'titles/', what: { 'zh-CN': '题名变更标记', en: 'title change marker' }, schema: titlesChangedSchema },
  { prefix: signInFailuresPrefix, what: { 'zh-CN': '登录失败记录', en: 'sign-in failures' }, schema: failuresSchema },
];
