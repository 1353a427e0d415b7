/**
 * The reader in a real browser (Debian's chromium driven by playwright-core) against the real
 * `difang serve` with its demo data: search in Chinese → hit → the viewer on the right page with a
 * box over the matched word; traditional finds simplified; calendar to issue; the article's
 * citation; keyboard only; a crop download; the manifest in Mirador. Each step leaves a
 * screenshot in test-results/e2e/.
 */
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, truthFor } from '../helpers/fixtures.ts';
import { startServe } from '../helpers/difang-cli.ts';
import { waitFor } from '../helpers/processes.ts';
import { wcagViolations } from '../helpers/axe.ts';

// Code passed to page.evaluate runs in the browser; these name its globals without bringing the
// DOM's types into the Node program.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = join(projectRoot, 'test-results', 'e2e');
const adminToken = 'e2e-administrator-credential-0123';

describe.skipIf(!existsSync(chromiumPath))('reader in the browser', () => {
  let folder: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let browser: Browser;
  let page: Page;
  let step = 0;
  const pageErrors: string[] = [];

  const shot = async (name: string) => page.screenshot({ path: join(shots, `${String(++step).padStart(2, '0')}-${name}.png`) });
  const open = async (path: string) => {
    await page.goto(`${serve.url}${path}`, { waitUntil: 'domcontentloaded' });
  };
  const viewerReady = () => page.waitForSelector('#viewer[data-ready="true"]', { timeout: 30_000 });

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    folder = await mkdtemp(join(tmpdir(), 'difang-e2e-'));
    serve = await startServe({ DATA_DIR: folder, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: adminToken, INGEST_ROOT: join(projectRoot, 'fixtures') });
    await waitFor(async () => serve.output().includes('演示数据已导入'), 150_000, `demo data in difang serve:\n${serve.output()}`);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // What the Content-Security-Policy blocks shows up on the console: nothing of difang's may be.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
  });

  afterEach(() => {
    // Scripts on difang's pages must not throw.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    serve?.child.kill('SIGTERM');
    await new Promise((done) => (serve?.child.exitCode !== null ? done(null) : serve.child.once('exit', done)));
    await rm(folder, { recursive: true, force: true });
  });

  it('search in Chinese → a hit → the viewer on its page with a box over the matched word', async () => {
    const truth = truthFor('demo', '2023-05-04', 1);
    const headline = truth.blocks.find((b) => b.kind === 'headline')!;
    const word = [...headline.text].slice(2, 6).join(''); // 融合服务
    await open('/');
    await shot('home');
    await page.fill('#home-q', word);
    await page.press('#home-q', 'Enter');
    await page.waitForURL(/\/search\?q=/);
    await shot('results');
    const link = page.locator('ol.results li.hit h3 a').first();
    await link.click();
    await page.waitForURL(/\/titles\/demo-ribao\/2023-05-04\/ed-1\/seq-1\?q=/);
    await viewerReady();
    await page.waitForTimeout(500);
    await shot('viewer-hit');

    const boxes = await page.$$eval('.hit-box', (elements: any[]) =>
      elements.map((element: any) => {
        const data = (element as any).dataset;
        const rect = element.getBoundingClientRect();
        return { x: Number(data.x), y: Number(data.y), w: Number(data.w), h: Number(data.h), screen: { left: rect.left, top: rect.top, width: rect.width, height: rect.height } };
      }),
    );
    expect(boxes.length).toBeGreaterThan(0);
    // The characters' boxes from the OCR lie on the headline as printed (the generator's truth).
    const inside = boxes.filter((b) => b.x >= headline.box.x - 2 && b.x + b.w <= headline.box.x + headline.box.w + 2 && b.y >= headline.box.y - 2 && b.y + b.h <= headline.box.y + headline.box.h + 2);
    expect(inside.length).toBeGreaterThan(0);
    // Each box is the box of one of the word's characters in the page's OCR.
    type Box = { x: number; y: number; w: number; h: number };
    const ocr = (await (await fetch(`${serve.url}/api/pages/demo-ribao_2023-05-04_ed-1_seq-1/ocr`)).json()) as { ocr: { blocks: { lines: { words: { text: string; box: Box; chars?: Box[] }[] }[] }[] } };
    const charBoxes = ocr.ocr.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.flatMap((w) => [...w.text].map((char, i) => ({ char, box: w.chars?.[i] ?? w.box })))));
    const first = inside[0]!;
    const same = (a: Box, b: Box) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
    // A run of the word's characters on one line is drawn as one box around them.
    const runs: Box[] = [];
    const length = [...word].length;
    for (let i = 0; i + length <= charBoxes.length; i++) {
      const run = charBoxes.slice(i, i + length);
      if (run.map((c) => c.char).join('') !== word) continue;
      const left = Math.min(...run.map((c) => c.box.x));
      const top = Math.min(...run.map((c) => c.box.y));
      runs.push({ x: left, y: top, w: Math.max(...run.map((c) => c.box.x + c.box.w)) - left, h: Math.max(...run.map((c) => c.box.y + c.box.h)) - top });
    }
    expect(runs.length).toBeGreaterThan(0);
    for (const hit of inside) expect(runs.some((run) => same(run, hit)), `${JSON.stringify(hit)} in ${JSON.stringify(runs)}`).toBe(true);
    // And the box is drawn where the viewer shows those pixels.
    const expected = await page.evaluate((b) => {
      const viewer = (window as unknown as { difangViewer: any }).difangViewer; // eslint-disable-line @typescript-eslint/no-explicit-any
      const rect = viewer.viewport.viewportToViewerElementRectangle(viewer.viewport.imageToViewportRectangle(b.x, b.y, b.w, b.h));
      const container = document.getElementById('viewer')!.getBoundingClientRect();
      return { left: container.left + rect.x, top: container.top + rect.y, width: rect.width, height: rect.height };
    }, first);
    const tolerance = Math.max(4, expected.width * 0.5);
    expect(Math.abs(first.screen.left + first.screen.width / 2 - (expected.left + expected.width / 2))).toBeLessThan(tolerance);
    expect(Math.abs(first.screen.top + first.screen.height / 2 - (expected.top + expected.height / 2))).toBeLessThan(tolerance);
    expect(await page.textContent('[data-testid="hits-summary"]')).toContain(word);
  });

  it('a traditional query finds the simplified text', async () => {
    await open(`/search?q=${encodeURIComponent('圖書館')}`);
    await shot('traditional-query');
    const marks = await page.$$eval('ol.results mark', (elements) => elements.map((e) => e.textContent));
    expect(marks).toContain('图书馆');
  });

  it('calendar navigation reaches an issue, and the issue its pages', async () => {
    await open('/titles/demo-ribao');
    await page.click('table.month td.has-issue a[aria-label="2023年5月5日"]');
    await page.waitForURL(/\/titles\/demo-ribao\/2023-05-05\/ed-1$/);
    expect(await page.textContent('h1')).toContain('2023年5月5日');
    await shot('issue');
    expect(await page.locator('.page-grid li').count()).toBe(3);
  });

  it('the article page shows its citation and leads to its place on the page', async () => {
    await open('/titles/demo-ribao/2023-05-06/ed-1');
    await page.locator('.article-list a').first().click();
    await page.waitForURL(/\/articles\/demo-ribao_2023-05-06_ed-1_art-/);
    const citation = await page.textContent('[data-testid="citation"]');
    expect(citation).toMatch(/\[N\/OL\]\. 地方示例日报, 2023-05-06\(\d+\)\[\d{4}-\d{2}-\d{2}\]\. http/);
    await shot('article');
    await page.click('a.button');
    await viewerReady();
    expect(await page.locator('.article-outline.selected').count()).toBeGreaterThan(0);
    await shot('article-on-page');
  });

  it('works from the keyboard alone: search, results, viewer controls, articles on the page', async () => {
    await open('/');
    // The home page focuses its search box; typing and Enter search.
    await page.keyboard.type('图书馆');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    // Tab to the first result's link and follow it.
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.matches('ol.results h3 a') ?? false);
    }
    expect(reached).toBe(true);
    await shot('keyboard-result-focused');
    await page.keyboard.press('Enter');
    await viewerReady();
    // The zoom buttons answer Enter.
    const zoomBefore = await page.evaluate(() => (window as unknown as { difangViewer: any }).difangViewer.viewport.getZoom()); // eslint-disable-line @typescript-eslint/no-explicit-any
    let onZoom = false;
    for (let i = 0; i < 60 && !onZoom; i++) {
      await page.keyboard.press('Tab');
      onZoom = await page.evaluate(() => document.activeElement?.id === 'zoom-in');
    }
    expect(onZoom).toBe(true);
    // Zoom out (the next button), then back in: both answer Enter, whatever the page's own limits.
    const zoom = () => page.evaluate(() => (window as unknown as { difangViewer: any }).difangViewer.viewport.getZoom(true)); // eslint-disable-line @typescript-eslint/no-explicit-any
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('zoom-out');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1200);
    const zoomedOut = await zoom();
    expect(zoomedOut).toBeLessThan(zoomBefore);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1200);
    expect(await zoom()).toBeGreaterThan(zoomedOut);
    // On a segmented page, the outlined articles are links reachable by Tab.
    await open('/titles/demo-ribao/2023-05-06/ed-1/seq-1');
    await viewerReady();
    let onOutline = false;
    for (let i = 0; i < 60 && !onOutline; i++) {
      await page.keyboard.press('Tab');
      onOutline = await page.evaluate(() => document.activeElement?.classList.contains('article-outline') ?? false);
    }
    expect(onOutline).toBe(true);
    await shot('keyboard-article-outline');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/articles\//);
  });

  it('never lets an article outline steal a gesture: drag pans, double click zooms, a click selects and a second opens (issue 19)', async () => {
    type Viewer = { viewport: { getZoom(current?: boolean): number; getCenter(current?: boolean): { x: number; y: number } } };
    const state = () => page.evaluate(() => {
      const viewport = (window as unknown as { difangViewer: Viewer }).difangViewer.viewport;
      return { zoom: viewport.getZoom(true), center: viewport.getCenter(true) };
    });
    const onOutline = async () => {
      const box = (await page.locator('.article-outline').first().boundingBox())!;
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    await open('/titles/demo-ribao/2023-05-06/ed-1/seq-1');
    await viewerReady();
    const pageUrl = page.url();
    // Drag starting on an outline: the page pans, nothing opens.
    let at = await onOutline();
    const before = await state();
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x - 120, at.y - 80, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(800);
    expect(page.url()).toBe(pageUrl);
    const panned = await state();
    expect(Math.abs(panned.center.x - before.center.x) + Math.abs(panned.center.y - before.center.y)).toBeGreaterThan(0.01);
    // Double click on an outline: zooms in, nothing opens.
    at = await onOutline();
    await page.mouse.dblclick(at.x, at.y);
    await page.waitForTimeout(1200);
    expect(page.url()).toBe(pageUrl);
    expect((await state()).zoom).toBeGreaterThan(panned.zoom * 1.2);
    // A click selects the article (and says how to open it); a second click on it opens it.
    at = await onOutline();
    const id = await page.locator('.article-outline').first().getAttribute('data-article');
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector(`.article-outline.selected[data-article="${id}"]`);
    expect(await page.locator('.outline-caption').textContent()).toContain('再点一次打开');
    expect(page.url()).toBe(pageUrl);
    await shot('outline-selected');
    await page.mouse.click(at.x, at.y);
    await page.waitForURL(/\/articles\//);
    expect(page.url()).toContain(id!);
  });

  it('on a phone, a tap selects an outlined article and a second opens it; a swipe pans', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    try {
      await phone.goto(`${serve.url}/titles/demo-ribao/2023-05-06/ed-1/seq-1`, { waitUntil: 'domcontentloaded' });
      await phone.waitForSelector('#viewer[data-ready="true"]', { timeout: 30_000 });
      const pageUrl = phone.url();
      const box = (await phone.locator('.article-outline').first().boundingBox())!;
      const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await phone.touchscreen.tap(at.x, at.y);
      await phone.waitForSelector('.article-outline.selected', { timeout: 5000 });
      expect(phone.url()).toBe(pageUrl);
      await phone.touchscreen.tap(at.x, at.y);
      await phone.waitForURL(/\/articles\//, { timeout: 10_000 });
    } finally {
      await phone.close();
    }
  });

  it('downloads a selected crop of the page as JPEG', async () => {
    await open('/titles/demo-ribao/2023-05-04/ed-1/seq-1');
    await viewerReady();
    await page.click('#crop-mode');
    const box = (await page.locator('#viewer').boundingBox())!;
    const downloading = page.waitForEvent('download');
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.45, { steps: 5 });
    await page.mouse.up();
    const download = await downloading;
    expect(download.url()).toMatch(/\/iiif\/3\/demo-ribao_2023-05-04_ed-1_seq-1\/\d+,\d+,\d+,\d+\/max\/0\/default\.jpg\?download$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('administration: an ingest job runs with its progress shown, an export streams with a progress bar and downloads', async () => {
    await open('/admin');
    await page.fill('#admin-token', adminToken);
    await page.press('#admin-token', 'Tab');
    await page.fill('#ingest-form input[name="source"]', 'mets-enmap');
    await page.fill('#ingest-form input[name="title"]', 'demo-ribao');
    await page.click('#ingest-form button[type="submit"]');
    await page.waitForSelector('#jobs li[data-status="done"]', { timeout: 60_000 });
    expect(await page.textContent('#jobs li[data-status="done"]')).toContain('2/2');
    await page.check('#export-form input[value="draft"]');
    await page.click('#export-form button[type="submit"]');
    await page.waitForSelector('#export-download:not([hidden])', { timeout: 60_000 });
    expect(await page.textContent('#export-count')).toBe('7 / 7');
    expect(await page.getAttribute('#export-progress', 'value')).toBe('7');
    await shot('admin');
    const downloading = page.waitForEvent('download');
    await page.click('#export-download');
    const bytes = await readFile((await (await downloading).path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('记录标识');
  });

  it('administration: a paper is hidden from the public after a confirmation, then shown again', async () => {
    await open('/admin');
    await page.fill('#admin-token', adminToken);
    await page.press('#admin-token', 'Tab');
    const row = '#titles tr[data-title="library-reports"]';
    await page.waitForSelector(row);
    expect(await page.textContent(`${row} td:nth-child(3)`)).toContain('公开');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click(`${row} button`);
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.includes('不公开 ·'), `${row} td:nth-child(3)`);
    expect(await page.textContent('#admin-message')).toContain('已不公开');
    await shot('admin-titles');
    expect((await fetch(`${serve.url}/titles/library-reports`)).status).toBe(404);
    await page.click(`${row} button`);
    await page.waitForFunction((selector) => !document.querySelector(selector)?.textContent?.includes('不公开'), `${row} td:nth-child(3)`);
    expect((await fetch(`${serve.url}/titles/library-reports`)).status).toBe(200);
  });

  it('meets WCAG 2.1 AA as axe-core checks it, on every kind of page, in both languages', async () => {
    const pages = ['/', '/admin', '/catalog/login', `/search?q=${encodeURIComponent('图书馆')}`, '/titles/demo-ribao', '/titles/demo-ribao/2023-05-06/ed-1', '/titles/demo-ribao/2023-05-06/ed-1/seq-1?q=%E5%9B%BE%E4%B9%A6%E9%A6%86', '/articles/demo-ribao_2023-05-06_ed-1_art-1', '/search?q=%E5%9B%BE%E4%B9%A6%E9%A6%86&lang=en'];
    for (const path of pages) {
      await open(path);
      if (path.includes('/seq-')) await viewerReady();
      expect(await wcagViolations(page), path).toEqual([]);
    }
    await open('/?lang=zh');
  });

  it('fits a phone: no sideways scrolling on the search results and the viewer', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    try {
      for (const path of [`/search?q=${encodeURIComponent('图书馆')}`, '/titles/demo-ribao/2023-05-06/ed-1/seq-1', '/articles/demo-ribao_2023-05-06_ed-1_art-1']) {
        await phone.goto(`${serve.url}${path}`, { waitUntil: 'load' });
        if (path.includes('/seq-')) {
          await phone.waitForSelector('#viewer[data-ready="true"]');
          await phone.waitForTimeout(1000);
        }
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
        if (path.startsWith('/search')) {
          // Results first: the first hit starts on the first screen, its thumbnail at full size (issue 19).
          const first = (await phone.locator('ol.results > li.hit').first().boundingBox())!;
          expect(first.y).toBeLessThan(740);
          expect((await phone.locator('ol.results > li.hit .thumb img').first().boundingBox())!.width).toBeGreaterThanOrEqual(60);
        }
        await phone.screenshot({ path: join(shots, `${String(++step).padStart(2, '0')}-phone-${path.split('/')[1]}.png`) });
      }
    } finally {
      await phone.close();
    }
  });

  it('the issue manifest opens in Mirador, served from another origin, and its search panel finds a word', async () => {
    const mirador = join(projectRoot, 'node_modules', 'mirador', 'dist', 'mirador.min.js');
    const manifest = `${serve.url}/iiif/3/manifests/demo-ribao_2023-05-06_ed-1`;
    // A word printed on the first page, from its OCR annotations.
    const ocr = (await (await fetch(`${serve.url}/iiif/3/annotations/demo-ribao_2023-05-06_ed-1_seq-1`)).json()) as { items: { body: { value: string } }[] };
    const word = [...ocr.items.map((item) => item.body.value).find((text) => /^\p{Script=Han}{2}/u.test(text))!].slice(0, 2).join('');
    const host: Server = createServer(async (request, response) => {
      if (request.url === '/mirador.js') {
        response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(await readFile(mirador));
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><meta charset="utf-8"><title>Mirador</title></head>
<body style="margin:0"><div id="m" style="position:absolute;inset:0"></div><script src="/mirador.js"></script>
<script>Mirador.viewer({ id: 'm', windows: [{ manifestId: ${JSON.stringify(manifest)}, defaultSearchQuery: ${JSON.stringify(word)}, sideBarOpen: true }] });</script></body></html>`);
    });
    await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
    const address = host.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const tiles: string[] = [];
    const searches: { url: string; resources: number }[] = [];
    // A fresh browser context: nothing cached from difang's own viewer, Mirador fetches everything.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('response', (response) => {
      if (response.url().includes('/iiif/3/demo-ribao_2023-05-06_ed-1_seq-1/') && response.status() === 200) tiles.push(response.url());
      if (response.url().includes('/iiif/search/1/')) void response.json().then((answer: { resources: unknown[] }) => searches.push({ url: response.url(), resources: answer.resources.length }));
    });
    try {
      await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => document.body.innerText.includes('地方示例日报'), null, { timeout: 60_000 });
      await waitFor(async () => tiles.some((url) => url.endsWith('/default.jpg')), 60_000, 'Mirador to load tiles');
      await page.waitForTimeout(1000);
      expect(tiles.some((url) => url.endsWith('/info.json'))).toBe(true);
      // Mirador found the search service (by its 1.0 profile), asked it, and lists the hits.
      await waitFor(async () => searches.length > 0, 30_000, 'Mirador to search');
      expect(searches[0]!.url).toContain(`q=${encodeURIComponent(word)}`);
      expect(searches[0]!.resources).toBeGreaterThan(0);
      await page.waitForFunction((w) => [...document.querySelectorAll('li')].some((li) => li.textContent?.includes(w)), word, { timeout: 30_000 });
      await page.screenshot({ path: join(shots, `${String(++step).padStart(2, '0')}-mirador.png`) });
    } finally {
      await context.close();
      host.close();
    }
  });
});
