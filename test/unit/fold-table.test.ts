/** The committed fold table is what its generator makes (issue 23): an edit to one without the other fails here. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { foldTableSource } from '../../scripts/generate-fold-table.ts';

it('src/domain/data/fold-table.ts is exactly what scripts/generate-fold-table.ts writes', () => {
  const committed = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'domain', 'data', 'fold-table.ts'), 'utf8');
  expect(foldTableSource() === committed, 'run: npx tsx scripts/generate-fold-table.ts').toBe(true);
}, 60_000);
