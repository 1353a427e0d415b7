/**
 * Cataloguing in a real browser against the real `difang serve`: a cataloguer signs in, splits a
 * region, accepts two suggested tags, corrects a character of OCR and sends the article to
 * review; a reviewer whose page went stale is refused and shown the newer version, then
 * publishes; a reader's search finds the article by the corrected word and by the new tag.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDifang, startServe } from '../helpers/difang-cli.ts';
import { projectRoot } from '../helpers/fixtures.ts';
import { waitFor } from '../helpers/processes.ts';
import { wcagViolations } from '../helpers/axe.ts';

// Code passed to page.evaluate runs in the browser; this names its document for the type checker.
declare const document: any;

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = join(projectRoot, 'test-results', 'e2e');
const adminToken = 'e2e-administrator-credential-0123';
const staff = {
  alice: { displayName: '李爱丽', roles: ['cataloguer'], password: 'alice-password-1' },
  bob: { displayName: '包博', roles: ['reviewer'], password: 'bob-password-22' },
  dora: { displayName: '杜拉', roles: ['admin'], password: 'dora-password-3' },
  cora: { displayName: '柯拉', roles: ['curator'], password: 'cora-password-4' },
};

describe.skipIf(!existsSync(chromiumPath))('cataloguing in the browser', () => {
  let folder: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // What the Content-Security-Policy blocks shows up on the console: nothing of difang's may be.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    return page;
  };
  const signIn = async (page: Page, username: keyof typeof staff, then: string) => {
    await page.goto(`${serve.url}${then}`);
    // Signed out, the workspace sends one to sign in and back.
    await page.waitForURL(/\/catalog\/login\?next=/);
    await page.fill('#login-username', username);
    await page.fill('#login-password', staff[username].password);
    await page.click('.login-form button[type="submit"]');
    await page.waitForURL((url) => url.pathname === then);
  };

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    folder = await mkdtemp(join(tmpdir(), 'difang-e2e-catalog-'));
    serve = await startServe({ DATA_DIR: folder, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: adminToken });
    await waitFor(async () => serve.output().includes('演示数据已导入'), 150_000, `demo data in difang serve:\n${serve.output()}`);
    for (const [username, account] of Object.entries(staff)) {
      const response = await fetch(`${serve.url}/api/users`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, ...account }),
      });
      expect(response.status).toBe(201);
    }
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    serve?.child.kill('SIGTERM');
    await new Promise((done) => (serve?.child.exitCode !== null ? done(null) : serve.child.once('exit', done)));
    await rm(folder, { recursive: true, force: true });
  });

  it('cataloguer → reviewer → reader, with a stale save refused on the way', async () => {
    const cataloguer = await newPage();
    await signIn(cataloguer, 'alice', '/catalog');
    await cataloguer.screenshot({ path: join(shots, 'catalog-01-queue.png') });
    await cataloguer.click('table.queue a:text("落实安全生产工作")');
    await cataloguer.waitForURL(/\/catalog\/articles\//);
    const articlePath = new URL(cataloguer.url()).pathname;
    const articleId = articlePath.split('/').pop()!;

    // The reviewer opens the same article now; their page will be stale by the time they save.
    const reviewer = await newPage();
    await signIn(reviewer, 'bob', articlePath);

    // Split the article's first region.
    const regionsBefore = await cataloguer.locator('#region-list li').count();
    await cataloguer.locator('[data-testid="region"]').first().click();
    await cataloguer.keyboard.press('s');
    await expect.poll(() => cataloguer.locator('#region-list li').count()).toBe(regionsBefore + 1);

    // Accept two suggested tags.
    await cataloguer.waitForSelector('#suggestions li[data-term]');
    const accepted: { kind: string; term: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const suggestion = cataloguer.locator('#suggestions li[data-term]').first();
      accepted.push({ kind: (await suggestion.getAttribute('data-kind'))!, term: (await suggestion.getAttribute('data-term'))! });
      // Each says where it came from and why; the first is taken by a click, the second by the keyboard.
      expect((await suggestion.locator('.suggestion-why').textContent())!.length).toBeGreaterThan(0);
      if (i === 0) await suggestion.locator('button').first().click();
      else {
        // Alt+S goes to the first suggestion; Enter takes it.
        await cataloguer.locator('[name="title"]').focus();
        await cataloguer.keyboard.press('Alt+KeyS');
        expect(await cataloguer.evaluate(() => document.activeElement?.getAttribute('data-term'))).toBe(accepted[1]!.term);
        await cataloguer.keyboard.press('Enter');
      }
    }
    // Rejected with the keyboard, and not offered again for this article.
    const unwanted = cataloguer.locator('#suggestions li[data-term]').first();
    const unwantedTerm = { kind: (await unwanted.getAttribute('data-kind'))!, term: (await unwanted.getAttribute('data-term'))! };
    await unwanted.focus();
    await cataloguer.keyboard.press('Delete');
    await expect
      .poll(async () => {
        const again = (await (await cataloguer.request.get(`${serve.url}/api/articles/${articleId}/suggestions`)).json()) as { suggestions: Record<string, { name?: string; word?: string; clc?: string }[]> };
        return (again.suggestions[unwantedTerm.kind] ?? []).map((s) => s.name ?? s.word ?? s.clc);
      })
      .not.toContain(unwantedTerm.term);
    const fieldFor: Record<string, string> = { keywords: 'keywords', subjects: 'subjects', persons: 'persons', places: 'places', organizations: 'organizations', clc: 'clc', dates: 'temporal' };
    for (const { kind, term } of accepted) expect(await cataloguer.inputValue(`[name="${fieldFor[kind]}"]`)).toContain(term);

    // The machine's reading line by line: a line clicked is boxed on the page; a double click on the page finds its line.
    const lines = cataloguer.locator('button.ocr-line');
    expect(await lines.count()).toBeGreaterThan(2);
    await cataloguer.locator('.ocr-lines-pane summary').click();
    await lines.nth(1).click();
    expect(await cataloguer.locator('#region-editor .ocr-highlight').count()).toBe(1);
    const third = (await lines.nth(2).getAttribute('data-box'))!.split(',').map(Number) as [number, number, number, number];
    const pageWidth = await cataloguer.evaluate(() => Number(document.querySelector('[data-testid="region-svg"]')!.getAttribute('viewBox')!.split(' ')[2]));
    await cataloguer.locator('#region-viewport').evaluate((element, at) => {
      const scale = element.querySelector('#region-editor').clientWidth / at.width;
      element.scrollTop = at.y * scale - 40;
    }, { y: third[1], width: pageWidth });
    const pageBox = (await cataloguer.locator('#region-editor').boundingBox())!;
    const scale = pageBox.width / pageWidth;
    await cataloguer.mouse.dblclick(pageBox.x + (third[0] + third[2] / 2) * scale, pageBox.y + (third[1] + third[3] / 2) * scale);
    await expect.poll(() => lines.nth(2).getAttribute('aria-current')).toBe('true');

    // Correct one character of the OCR: 演练 → 演习.
    const text = cataloguer.locator('textarea[name="correctedText"]');
    const ocr = await text.inputValue();
    expect(ocr).toContain('演练');
    await text.fill(ocr.replace('演练', '演习'));
    // 责任者 as bylines print them: a Chinese role is kept (issue 21: 林晓红,记者 became 作者).
    await cataloguer.fill('[name="creators"]', '林晓红,记者\n陈志强，通讯员');
    // A place, so that once published the article leads to the place's page.
    const places = await cataloguer.inputValue('[name="places"]');
    await cataloguer.fill('[name="places"]', places ? `${places}、清远市` : '清远市');
    await cataloguer.screenshot({ path: join(shots, 'catalog-02-editor.png') });

    // Send to review (saves first).
    await cataloguer.click('[data-action="submit"]');
    // 送审 opens the next article still to catalogue, saying so.
    await cataloguer.waitForURL((url) => url.pathname.startsWith('/catalog/articles/') && !url.pathname.endsWith(articleId), { timeout: 15_000 });
    expect(await cataloguer.locator('#editor-message').textContent()).toContain('下一篇');
    expect(await cataloguer.locator('[data-testid="status"]').textContent()).toBe('待编目');
    // Alt+P carries the previous article's 责任者 (and 栏目, 体裁) into the empty fields.
    expect(await cataloguer.inputValue('[name="creators"]')).toBe('');
    await cataloguer.locator('[name="kicker"]').focus();
    await cataloguer.keyboard.press('Alt+KeyP');
    expect(await cataloguer.inputValue('[name="creators"]')).toBe('林晓红,记者\n陈志强,通讯员');
    const saved = (await (await cataloguer.request.get(`${serve.url}/api/catalog/articles/${articleId}`)).json()) as { article: { status: string; regions: unknown[]; creators: { name: string; role: string }[] } };
    expect(saved.article.status).toBe('in_review');
    expect(saved.article.regions).toHaveLength(regionsBefore + 1);
    const audit = (await (await cataloguer.request.get(`${serve.url}/api/catalog/articles/${articleId}/audit`)).json()) as { entries: unknown[] };
    expect(audit.entries).toHaveLength(2);
    expect(saved.article.creators).toEqual([
      { name: '林晓红', role: 'reporter' },
      { name: '陈志强', role: 'correspondent' },
    ]);
    // A cataloguer has no publish button.
    expect(await cataloguer.locator('[data-action="publish"]').count()).toBe(0);

    // Meanwhile readers still see the article as ingested.
    const reader = await newPage();
    await reader.goto(`${serve.url}/search?q=${encodeURIComponent('演习')}`);
    expect(await reader.locator(`ol.results a[href*="${articleId}"]`).count()).toBe(0);

    // The reviewer's page is stale: their save is refused and the newer version offered.
    await reviewer.fill('[name="title"]', '落实安全生产工作（审校）');
    await reviewer.click('[data-action="save"]');
    const alert = reviewer.locator('#editor-message [role="alert"]');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain('alice');
    await reviewer.screenshot({ path: join(shots, 'catalog-03-stale.png') });
    // Field by field: the title the reviewer changed is theirs to keep; what alice changed comes from alice's version.
    const compare = reviewer.locator('table.stale-compare');
    expect(await compare.locator('tr[data-field="title"] input[value="mine"]').isChecked()).toBe(true);
    expect(await compare.locator('tr[data-field="correctedText"] input[value="theirs"]').isChecked()).toBe(true);
    expect(await compare.locator('tr[data-field="creators"] input[value="theirs"]').isChecked()).toBe(true);
    await reviewer.click('#editor-message [role="alert"] button:text("按所选合并并保存")');
    await expect.poll(() => reviewer.locator('#editor-message').textContent(), { timeout: 10_000 }).toContain('已合并保存');
    await reviewer.waitForSelector('[data-action="publish"]');
    expect(await reviewer.inputValue('[name="title"]')).toBe('落实安全生产工作（审校）');
    expect(await reviewer.inputValue('textarea[name="correctedText"]')).toContain('演习');
    expect(await reviewer.inputValue('[name="creators"]')).toContain('林晓红');
    await reviewer.click('[data-action="publish"]');
    await expect.poll(async () => reviewer.locator('[data-testid="status"]').textContent(), { timeout: 15_000 }).toBe('已发布');

    // The reader finds it by the corrected word and by the new tag.
    const findsArticle = async (q: string) => {
      await reader.goto(`${serve.url}/search?q=${encodeURIComponent(q)}`);
      return reader.locator(`ol.results a[href*="${articleId}"]`).count();
    };
    await expect.poll(() => findsArticle('演习'), { timeout: 15_000 }).toBeGreaterThan(0);
    await reader.screenshot({ path: join(shots, 'catalog-04-reader-search.png') });
    const tag = accepted.find((entry) => entry.kind !== 'dates')!;
    expect(await findsArticle(tag.term)).toBeGreaterThan(0);
    await reader.goto(`${serve.url}/articles/${articleId}`);
    expect(await reader.locator('.tags a', { hasText: tag.term }).count()).toBeGreaterThan(0);

    // From the article's place tag to the place's page, a year on its timeline, and back to the article (issue 20).
    await reader.locator('.tags a', { hasText: '清远市' }).first().click();
    await reader.waitForURL((url) => decodeURIComponent(url.pathname) === '/places/清远市');
    expect(await reader.locator('h1').textContent()).toBe('清远市');
    const year = reader.locator('[data-testid="timeline"] a').first();
    const count = Number(await year.getAttribute('data-count'));
    await year.click();
    await reader.waitForURL(/year=\d{4}/);
    expect(await reader.locator('ol.results > li').count()).toBe(count);
    expect(await wcagViolations(reader)).toEqual([]);
    await reader.locator(`ol.results a[href="/articles/${articleId}"]`).click();
    await reader.waitForURL((url) => url.pathname === `/articles/${articleId}`);
    await reader.goto(`${serve.url}/places?q=qingyuan&lang=en`);
    expect(await reader.locator('.entity-index a', { hasText: '清远市' }).count()).toBe(1);
    expect(await wcagViolations(reader)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('cuts a new article from a page nobody segmented: draw a region, create, edit', async () => {
    const page = await newPage();
    await signIn(page, 'alice', '/catalog/pages');
    await page.click('.segment-list a >> nth=0');
    await page.waitForURL(/\/catalog\/pages\//);
    await page.keyboard.press('d');
    const box = (await page.locator('#region-editor').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.45, { steps: 5 });
    await page.mouse.up();
    expect(await page.locator('#region-list li').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'catalog-05-segment.png') });
    await page.click('#create-article');
    // The page stays open for the next article: what was cut is listed and drawn faintly.
    await expect.poll(() => page.locator('#cut-list li').count()).toBe(1);
    expect(await page.locator('#region-list li').count()).toBe(0);
    // A drag outside the regions draws without pressing D.
    await page.locator('#region-editor').evaluate((element) => element.scrollIntoView());
    const again = (await page.locator('#region-editor').boundingBox())!;
    await page.mouse.move(again.x + again.width * 0.55, again.y + again.height * 0.05);
    await page.mouse.down();
    await page.mouse.move(again.x + again.width * 0.9, again.y + again.height * 0.3, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#cut-list li').count()).toBe(2);
    expect(await page.locator('#editor-message').textContent()).toContain('已建第 2 篇');
    // Page done: the first article cut opens.
    const first = await page.locator('#cut-list li a').first().textContent();
    await page.click('#page-done');
    await page.waitForURL(/\/catalog\/articles\//);
    expect(page.url()).toContain(first!);
    expect(await page.locator('[data-testid="status"]').textContent()).toBe('待编目');
    expect(await page.locator('#region-list li').count()).toBe(1);
    expect(await page.locator('ol.audit > li').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('splits an article in two from the editor: select where the second story begins, press X', async () => {
    const page = await newPage();
    await signIn(page, 'alice', '/catalog/articles/demo-ribao_2023-05-06_ed-1_art-4');
    // Alt+PageDown / Alt+PageUp: the article printed after, and back.
    await page.locator('[name="title"]').focus();
    await page.keyboard.press('Alt+PageDown');
    await page.waitForURL((url) => !url.pathname.endsWith('art-4'));
    await page.locator('[name="title"]').focus();
    await page.keyboard.press('Alt+PageUp');
    await page.waitForURL((url) => url.pathname.endsWith('art-4'));
    const regionsBefore = await page.locator('#region-list li').count();
    expect(regionsBefore).toBeGreaterThanOrEqual(4);
    await page.locator('[data-testid="region"]').nth(3).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.keyboard.press('x');
    // The new article opens, with the regions from the fourth on, and says what happened.
    await page.waitForURL((url) => /\/catalog\/articles\/demo-ribao_2023-05-06_ed-1_art-\d+$/.test(url.pathname) && !url.pathname.endsWith('art-4'));
    await expect.poll(() => page.locator('#editor-message').textContent()).toContain('已拆分');
    expect(await page.locator('#region-list li').count()).toBe(regionsBefore - 3);
    expect(await page.locator('[data-testid="status"]').textContent()).toBe('待编目');
    await page.screenshot({ path: join(shots, 'catalog-06-split.png') });
    await page.goto(`${serve.url}/catalog/articles/demo-ribao_2023-05-06_ed-1_art-4`);
    expect(await page.locator('#region-list li').count()).toBe(3);
    expect(pageErrors).toEqual([]);
  });

  it('saves a variant as its preferred term, autocompletes names from the vocabularies, and marks an article a reviewer returned', async () => {
    // A library vocabulary: 周总理 is a variant of 周恩来; two subject terms share one 中图法 class.
    const people = join(folder, 'people.csv');
    const subjects = join(folder, 'subjects.csv');
    await writeFile(people, '人名,异名\n周恩来,周总理\n');
    await writeFile(subjects, '主题词,分类号\n公共图书馆,G258.2\n县级图书馆,G258.2\n');
    for (const [file, vocabulary] of [[people, 'person'], [subjects, 'subject']] as const) {
      const imported = await runDifang(['vocab', 'import', file, '--vocabulary', vocabulary], { DATA_DIR: folder });
      expect(imported.code, imported.stderr).toBe(0);
    }
    await new Promise((done) => setTimeout(done, 1_100));

    const id = 'demo-ribao_2023-05-06_ed-1_art-2';
    const page = await newPage();
    await signIn(page, 'alice', `/catalog/articles/${id}`);
    // Autocomplete by pinyin initials, from the vocabulary.
    await page.locator('[name="persons"]').pressSequentially('zel');
    await expect.poll(() => page.locator('#terms-persons option').evaluateAll((options) => options.map((option) => option.getAttribute('value')))).toContain('周恩来');
    // A variant typed is saved as its preferred term, and the cataloguer is told.
    await page.fill('[name="persons"]', '周总理');
    await page.fill('[name="subjects"]', '县级图书馆');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('#editor-message').textContent(), { timeout: 10_000 }).toContain('周总理→周恩来');
    await page.waitForLoadState('load');
    expect(await page.inputValue('[name="persons"]')).toBe('周恩来');
    expect(await page.inputValue('[name="subjects"]')).toBe('县级图书馆');
    // Its 栏目 and 体裁 saved as the paper's template, applied with Alt+T to another article of the paper.
    await page.fill('[name="column"]', '要闻');
    await page.selectOption('[name="genre"]', 'news');
    await page.click('#save-template');
    await expect.poll(() => page.locator('#editor-message').textContent()).toContain('已存为本报模板');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('#editor-message').textContent(), { timeout: 10_000 }).toContain('已保存');
    const other = await newPage();
    await signIn(other, 'alice', '/catalog/articles/demo-ribao_2023-05-06_ed-1_art-3');
    await other.locator('[name="title"]').focus();
    await other.keyboard.press('Alt+KeyT');
    expect(await other.inputValue('[name="column"]')).toBe('要闻');
    expect(await other.inputValue('[name="genre"]')).toBe('news');

    // Sent to review, returned by the reviewer with a comment…
    await page.locator('[name="title"]').focus();
    await page.keyboard.press('Control+Enter');
    await page.waitForURL((url) => !url.pathname.endsWith(id), { timeout: 15_000 });
    const reviewer = await newPage();
    await signIn(reviewer, 'bob', `/catalog/articles/${id}`);
    await reviewer.fill('[name="reviewComment"]', '人名请核对原文');
    await reviewer.click('[data-action="return"]');
    await expect.poll(async () => reviewer.locator('[data-testid="status"]').textContent(), { timeout: 15_000 }).toBe('待编目');
    // …and the cataloguer's queue marks it 已退回, with a filter for returned articles only.
    await expect
      .poll(
        async () => {
          await page.goto(`${serve.url}/catalog?status=draft&returned=1`);
          return page.locator(`tr[data-id="${id}"] [data-testid="returned-mark"]`).count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    expect(await page.locator('[data-status="returned"][aria-current="page"]').count()).toBe(1);
    expect(await wcagViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('lets a curator build and publish a topic with a hand-picked section and a saved search, which readers then see', async () => {
    const page = await newPage();
    await signIn(page, 'cora', '/catalog/topics');
    await page.fill('input[name="slug"]', 'anquan');
    await page.click('form[action="/catalog/topics/new"] button');
    await page.waitForURL((url) => url.pathname === '/catalog/topics/anquan');
    await page.fill('[name="title"]', '安全与馆务');
    await page.fill('[name="intro"]', '清远市图书馆的**安全生产**与馆务。');
    await page.fill('[name="heading-0"]', '编者选读');
    await page.fill('[name="articles-0"]', 'demo-ribao_2023-05-06_ed-1_art-5');
    await page.click('#topic-form button[type="submit"]');
    await expect.poll(() => page.locator('#editor-message').textContent(), { timeout: 10_000 }).toContain('专题已保存（版本 1）');
    // Saved once, a second section appears: a saved search.
    await page.fill('[name="heading-1"]', '更多报道');
    await page.fill('[name="q-1"]', '图书馆');
    await page.selectOption('[name="status"]', 'published');
    await page.click('#topic-form button[type="submit"]');
    await expect.poll(() => page.locator('#editor-message').textContent(), { timeout: 10_000 }).toContain('专题已保存（版本 2）');
    expect(await wcagViolations(page)).toEqual([]);
    const reader = await newPage();
    await reader.goto(`${serve.url}/topics/anquan`);
    expect(await reader.locator('h1').textContent()).toBe('安全与馆务');
    expect(await reader.locator('.topic-intro strong').textContent()).toBe('安全生产');
    const sections = reader.locator('[data-testid="topic-section"]');
    expect(await sections.count()).toBe(2);
    expect(await sections.nth(0).locator('a[href="/articles/demo-ribao_2023-05-06_ed-1_art-5"]').count()).toBe(1);
    expect(await sections.nth(1).locator('ol.results > li').count()).toBeGreaterThan(0);
    expect(await wcagViolations(reader)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('lets a signed-in administrator use the administration page without typing a credential', async () => {
    const page = await newPage();
    await signIn(page, 'dora', '/catalog');
    // Who is signed in, with the roles in the workspace's language (issue 21: they were in English).
    expect(await page.locator('.who').textContent()).toContain('管理员');
    await page.goto(`${serve.url}/admin`);
    await expect.poll(() => page.locator('#jobs li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('#admin-message').textContent()).toBe('');
  });

  it('meets WCAG 2.1 AA as axe-core checks it, on the queue, the editor and the dashboard, in both languages', async () => {
    const page = await newPage();
    await signIn(page, 'bob', '/catalog');
    const editor = await page.locator('table.queue a').first().getAttribute('href');
    for (const path of ['/catalog', '/catalog?status=published', '/catalog/pages', editor!, '/catalog/dashboard', '/catalog/dashboard?lang=en', '/catalog/classes', '/catalog?status=draft&returned=1', `${editor!}?lang=en`]) {
      await page.goto(`${serve.url}${path}`);
      expect(await wcagViolations(page), path).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  });
});
