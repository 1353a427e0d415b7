/** axe-core's WCAG 2.1 A / AA rules run on the page open in a playwright page; the violations, one line each. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from './fixtures.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;

export async function wcagViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy (own scripts
  // only) rightly does not let a <script> tag added to the page do.
  await page.evaluate(await readFile(join(projectRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v: any) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}
