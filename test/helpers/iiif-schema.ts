/**
 * The IIIF Presentation 3.0 JSON schema (IIIF/presentation-validator, in ../shared/schemas)
 * compiled with ajv, to validate what difang serves. Null where ../shared is absent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { hasSharedSchemas, sharedSchemas } from './fixtures.ts';

export type Validate = (document: unknown) => string[];

export function presentationValidator(): Validate | null {
  if (!hasSharedSchemas) return null;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(sharedSchemas, 'iiif_3_0.json'), 'utf8')) as object);
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
}
