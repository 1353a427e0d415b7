/**
 * Validation of difang's XML against the official XSDs in ../shared/schemas, with libxml2's own
 * xmllint (Debian libxml2-utils; .ci/run installs it) and the folder's XML catalog, offline.
 * Null where xmllint or ../shared/schemas is missing, so tests can say why they skip.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasSharedSchemas, sharedSchemas } from './fixtures.ts';

const xmllint = ['/usr/bin/xmllint', '/bin/xmllint'].find((path) => existsSync(path)) ?? null;
export const canValidateXml = hasSharedSchemas && xmllint !== null;
export const xmlSkipReason = !hasSharedSchemas ? 'no ../shared/schemas' : 'no xmllint (apt-get install libxml2-utils)';

/** OAI-PMH answers carry records in other namespaces; one schema that imports them all checks everything. */
const driver = () => `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by difang's tests: imports the official schemas so one compiled schema covers an OAI-PMH answer with any of its formats. -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="${join(sharedSchemas, 'OAI-PMH.xsd')}"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="${join(sharedSchemas, 'oai_dc.xsd')}"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier" schemaLocation="${join(sharedSchemas, 'oai-identifier.xsd')}"/>
  <xs:import namespace="http://www.loc.gov/mods/v3" schemaLocation="${join(sharedSchemas, 'mods-3-8.xsd')}"/>
  <xs:import namespace="info:lc/xmlns/marcxchange-v1" schemaLocation="${join(sharedSchemas, 'marcxchange-1-1.xsd')}"/>
</xs:schema>
`;

export type SchemaName = 'oai-pmh' | 'mods' | 'oai_dc' | 'marcxchange' | 'mets' | 'alto4';

let driverFile: Promise<string> | null = null;

/**
 * The driver schema, written once to a folder named by its content (so every run and every test
 * process shares it, and nothing piles up in the temporary folder).
 */
function writtenDriver(): Promise<string> {
  driverFile ??= (async () => {
    const text = driver();
    const folder = join(tmpdir(), `difang-xsd-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`);
    await mkdir(folder, { recursive: true });
    const file = join(folder, 'oai-pmh-all.xsd');
    // Written beside and renamed, so a process reading it never sees half a file.
    const temp = `${file}.${process.pid}`;
    await writeFile(temp, text);
    await rename(temp, file);
    return file;
  })();
  return driverFile;
}

/** The problems xmllint finds in `xml` against the schema; empty when it validates. */
export async function validateXml(xml: string, schema: SchemaName): Promise<string[]> {
  if (!canValidateXml) throw new Error(xmlSkipReason);
  const schemaFile = { 'oai-pmh': await writtenDriver(), mods: join(sharedSchemas, 'mods-3-8.xsd'), oai_dc: join(sharedSchemas, 'oai_dc.xsd'), marcxchange: join(sharedSchemas, 'marcxchange-1-1.xsd'), mets: join(sharedSchemas, 'drivers', 'mets+mods-3-8.xsd'), alto4: join(sharedSchemas, 'alto-4-4.xsd') }[schema];
  return new Promise((resolve) => {
    // The document goes in on standard input: no file to write or to leave behind.
    const child = execFile(xmllint!, ['--nonet', '--noout', '--schema', schemaFile, '-'], { env: { ...process.env, XML_CATALOG_FILES: join(sharedSchemas, 'catalog.xml') }, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      resolve(error ? stderr.split('\n').filter((line) => line.trim() && !line.endsWith(' validates')) : []);
    });
    child.stdin!.end(xml);
  });
}
