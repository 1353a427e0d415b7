/**
 * Paths to fixtures: the project's own (fixtures/, generated from ../shared/corpus, always here)
 * and the real samples in ../shared/samples (present in CI, maybe not elsewhere: tests that need
 * them are skipped, saying why).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '..', '..');
export const fixturesDir = join(projectRoot, 'fixtures');
export const sharedSamples = join(projectRoot, '..', 'shared', 'samples');
export const hasSharedSamples = existsSync(join(sharedSamples, 'ndnp-park-record-1935', '1292.xml'));
export const sharedSkipReason = `../shared/samples is not here (${sharedSamples}); the tests on real NDNP / Topaz Times samples are skipped`;

export const fixture = (...path: string[]): string => join(fixturesDir, ...path);
export const readFixture = (...path: string[]): Uint8Array => new Uint8Array(readFileSync(fixture(...path)));
export const sample = (...path: string[]): string => join(sharedSamples, ...path);

export interface TruthBlock {
  id: string;
  kind: string;
  text: string;
  box: { x: number; y: number; w: number; h: number };
}

export interface PageTruth {
  batch: string;
  file: string;
  title: string;
  issue: string;
  seq: number;
  width: number;
  height: number;
  imageFormat: string;
  ocr: null | { file: string; format: string; version?: string; unit?: string };
  script: 'simplified' | 'traditional';
  vertical: boolean;
  characters: number;
  articles: { headline: string; box: { x: number; y: number; w: number; h: number }; blocks: string[]; text: string; source: string }[];
  blocks: TruthBlock[];
}

/** The ground truth the fixture generator wrote: exact boxes of every block, article and character count. */
export const groundTruth: PageTruth[] = JSON.parse(readFileSync(fixture('ground-truth', 'pages.json'), 'utf8')) as PageTruth[];

export function truthFor(batch: string, issue: string, seq: number): PageTruth {
  const truth = groundTruth.find((t) => t.batch === batch && t.issue === issue && t.seq === seq);
  if (!truth) throw new Error(`no ground truth for ${batch} ${issue} ${seq}`);
  return truth;
}

if (!hasSharedSamples) process.stderr.write(`note: ${sharedSkipReason}\n`);

/** The official schemas in ../shared/schemas (IIIF 3.0 JSON schema, XSDs), present in CI. */
export const sharedSchemas = join(projectRoot, '..', 'shared', 'schemas');
export const hasSharedSchemas = existsSync(join(sharedSchemas, 'iiif_3_0.json'));
export const schemasSkipReason = `../shared/schemas is not here (${sharedSchemas}); validation against the official schemas is skipped`;
