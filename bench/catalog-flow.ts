/**
 * A cataloguer's day, measured (issue 21): a scripted Chromium session does the whole work on 30
 * articles of six generated pages (fixtures/segmentation, 2023-06-01 and 2023-06-02: real report
 * text set as a daily, simplified and traditional, one story continued from page 1 to page 3) —
 * cut each article on its page, give it its title, genre, place, organization and two keywords
 * (taking a suggestion where one is right, typing otherwise), correct one OCR character, send it to
 * review, go on to the next — once in the editor as it was before this work (commit `baseline`,
 * checked out beside the project) and once in today's. Every keystroke, pointing and scroll the
 * script makes is counted and converted to seconds with the keystroke-level model:
 *   K 0.28 s a keystroke (Chinese typed with a pinyin IME: the pinyin's letters and one key to
 *   choose each two-character word, as the issue counted them), P 1.1 s a pointing
 *   (a click, each end of a drag, each screenful scrolled), H 0.4 s a hand move between keyboard
 *   and mouse, M 1.35 s a decision (per field, per tag, per check), plus skimming the article:
 *   20 s + 0.02 s a character of its text — the same constants and the same task for both editors.
 * The task's tags: the report's place and library (清远市 / 清远市图书馆, 南海区 / 南海区图书馆,
 * 深圳市 / 深圳图书馆); a keyword suggestion is taken when the headline prints it, else a keyword of
 * four characters is typed. Proofreading beyond one character is not part of the task.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { readCorpus, tidy } from '../fixtures/generate/corpus-articles.ts';
import { fold } from '../src/domain/fold.ts';
import { pageId } from '../src/domain/natural-keys.ts';
import { pinyin } from 'pinyin-pro';
import { fmt, machine } from './lib.ts';

/** Keystrokes to type `text` with a pinyin IME: each Chinese character's letters, one choice per two characters, one key per other character. */
export function imeKeystrokes(text: string): number {
  let keys = 0;
  let han = 0;
  for (const char of text) {
    if (/\p{Script=Han}/u.test(char)) {
      keys += pinyin(char, { toneType: 'none' }).replace(/[^a-z]/g, '').length;
      han++;
    } else {
      keys += Math.ceil(han / 2) + 1;
      han = 0;
    }
  }
  return keys + Math.ceil(han / 2);
}

// Code passed to page.evaluate runs in the browser; these name its globals for the type checker.
declare const document: any;
declare const window: any;

const root = join(import.meta.dirname, '..');
const baseline = '5cd5ecb';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const viewport = { width: 1440, height: 900 };
const seconds = { K: 0.28, P: 1.1, H: 0.4, M: 1.35 };
const adminToken = 'bench-catalog-flow-administrator-0001';
const cataloguer = { username: 'alice', displayName: '李爱丽', roles: ['cataloguer'], password: 'alice-password-1' };

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface TruthPage {
  issue: string;
  seq: number;
  image: string;
  ocr: { file: string };
  width: number;
  height: number;
  units: { kind: string; headline: string; regions: Box[]; article: string }[];
}
interface Task {
  issue: string;
  /** Page by page as printed: the article's regions. */
  regions: (Box & { seq: number })[];
  headline: string;
  place: string;
  organization: string;
}

const reports: Record<string, { place: string; organization: string }> = {
  'qingyuan-library-2023-report.txt': { place: '清远市', organization: '清远市图书馆' },
  'nanhai-library-2023-report.txt': { place: '南海区', organization: '南海区图书馆' },
  'shenzhen-library-2024-plan.txt': { place: '深圳市', organization: '深圳图书馆' },
};

async function tasksOf(pages: TruthPage[]): Promise<Task[]> {
  const corpusDir = join(root, '..', 'shared', 'corpus');
  const reportOf = new Map<string, string>();
  for (const file of Object.keys(reports)) for (const article of readCorpus(corpusDir, file)) reportOf.set(fold(tidy(article.headline).slice(0, 26)), file);
  const tasks = new Map<string, Task>();
  for (const page of pages) {
    for (const unit of page.units.filter((u) => u.kind === 'article')) {
      const id = `${page.issue}/${unit.article}`;
      const known = tasks.get(id);
      if (known) {
        known.regions.push(...unit.regions.map((region) => ({ seq: page.seq, ...region })));
        continue;
      }
      const report = reports[reportOf.get(fold(unit.headline)) ?? ''];
      if (!report) throw new Error(`no report for ${unit.headline}`);
      tasks.set(id, { issue: page.issue, regions: unit.regions.map((region) => ({ seq: page.seq, ...region })), headline: unit.headline, ...report });
    }
  }
  return [...tasks.values()];
}

/** What the person did, as the keystroke-level model counts it. */
class Operator {
  k = 0;
  p = 0;
  h = 0;
  m = 0;
  scrolled = 0;
  skim = 0;
  /** Values typed (a title, a tag) and suggestions taken. */
  typed = 0;
  taken = 0;
  private hand: 'keyboard' | 'mouse' | null = null;
  key(n = 1): void {
    if (this.hand === 'mouse') this.h++;
    this.hand = 'keyboard';
    this.k += n;
  }
  point(n = 1): void {
    if (this.hand === 'keyboard') this.h++;
    this.hand = 'mouse';
    this.p += n;
  }
  think(n = 1): void {
    this.m += n;
  }
  scroll(pixels: number): void {
    if (pixels <= 0) return;
    this.scrolled += pixels;
    this.point(0);
  }
  seconds(): number {
    return this.k * seconds.K + this.p * seconds.P + this.h * seconds.H + this.m * seconds.M + (this.scrolled / viewport.height) * seconds.P + this.skim;
  }
}

async function scrolledTo(page: Page, operator: Operator, selector: string): Promise<void> {
  const before = await page.evaluate(() => window.scrollY);
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  operator.scroll(Math.abs((await page.evaluate(() => window.scrollY)) - before));
}

/** Draws one region on the segmenting or editing page, scrolling the window if the person would have to. */
async function draw(page: Page, operator: Operator, region: Box & { seq: number }, width: number, pressD: boolean): Promise<void> {
  const tab = page.locator(`.page-tabs [data-seq="${region.seq}"]`);
  if ((await tab.getAttribute('aria-selected')) !== 'true') {
    operator.point();
    await tab.click();
  }
  // The editor before needed D to draw; today's draws with a drag on the page outside the regions.
  if (pressD) {
    operator.key();
    await page.keyboard.press('d');
  }
  const editor = page.locator('#region-editor');
  let box = (await editor.boundingBox())!;
  const scale = box.width / width;
  const top = box.y + region.y * scale;
  const bottom = box.y + (region.y + region.h) * scale;
  if (top < 0 || bottom > viewport.height) {
    const by = Math.round(top - 80);
    await page.evaluate((y) => window.scrollBy(0, y), by);
    operator.scroll(Math.abs(by));
    box = (await editor.boundingBox())!;
  }
  operator.point(2);
  await page.mouse.move(box.x + region.x * scale + 2, box.y + region.y * scale + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + (region.x + region.w) * scale - 2, box.y + (region.y + region.h) * scale - 2, { steps: 4 });
  await page.mouse.up();
}

/** Types into a list field (a tag not suggested): a click, the characters, a separator when needed. */
async function typeInto(page: Page, operator: Operator, field: string, text: string): Promise<void> {
  await scrolledTo(page, operator, `[name="${field}"]`);
  const input = page.locator(`[name="${field}"]`);
  const current = await input.inputValue();
  operator.point();
  operator.key(imeKeystrokes(text) + (current ? 1 : 0));
  operator.typed++;
  await input.fill(current ? `${current}、${text}` : text);
}

/**
 * Takes one suggestion: in today's editor from the keyboard (Alt+S to the list, arrows to it,
 * Enter), in the one before with a click on its ✓ (it had no keys for them).
 */
async function take(page: Page, operator: Operator, selector: string, keyboard: boolean): Promise<void> {
  operator.taken++;
  if (!keyboard) {
    await scrolledTo(page, operator, selector);
    operator.point();
    await page.locator(`${selector} button`).first().click();
    return;
  }
  const inList = await page.evaluate((wanted: string) => {
    const items = [...document.querySelectorAll('#suggestions li[data-term]')];
    return { at: items.indexOf(document.activeElement), to: items.indexOf(document.querySelector(wanted)) };
  }, selector);
  if (inList.at < 0) {
    operator.key(2);
    await page.keyboard.press('Alt+KeyS');
    inList.at = 0;
  }
  const steps = inList.to - inList.at;
  for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
  operator.key(Math.abs(steps) + 1);
  await page.keyboard.press('Enter');
}

/** One article in the editor, from its title to 送审. */
async function catalogue(page: Page, operator: Operator, task: Task, firstOfIssue: boolean, keyboard: boolean): Promise<void> {
  await page.waitForSelector('#record-form');
  operator.skim += 20 + 0.02 * (await page.locator('textarea[name="correctedText"]').inputValue()).length;
  await page.waitForFunction(() => (document.querySelector('#suggestions')?.children.length ?? 0) > 0, undefined, { timeout: 20_000 });
  operator.think();
  // Title: checked where it was prefilled, typed where not.
  const title = page.locator('[name="title"]');
  const prefilled = await title.inputValue();
  operator.think();
  if (fold(prefilled.replace(/\s/g, '')) === fold(task.headline)) operator.taken++;
  else {
    operator.point();
    operator.key(imeKeystrokes(task.headline));
    operator.typed++;
    await title.fill(task.headline);
  }
  // Genre: carried over from the article before (Alt+P) where the editor offers it, else chosen.
  operator.think();
  if (!firstOfIssue && (await page.locator('#carry-previous').count()) > 0) {
    operator.key(2);
    await page.keyboard.press('Alt+KeyP');
  }
  if ((await page.locator('[name="genre"]').inputValue()) !== 'news') {
    await scrolledTo(page, operator, '[name="genre"]');
    operator.point(2);
    await page.selectOption('[name="genre"]', 'news');
  }
  // Place and organization: the suggestion when offered, else typed.
  for (const [kind, field, term] of [['places', 'places', task.place], ['organizations', 'organizations', task.organization]] as const) {
    operator.think();
    const suggestion = page.locator(`#suggestions li[data-kind="${kind}"][data-term="${term}"]`);
    if ((await suggestion.count()) > 0) await take(page, operator, `#suggestions li[data-kind="${kind}"][data-term="${term}"]`, keyboard);
    else await typeInto(page, operator, field, term);
  }
  // Two keywords: suggestions the headline prints, else typed (four characters each).
  const offered = await page.locator('#suggestions li[data-kind="keywords"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-term') ?? ''));
  const fitting = offered.filter((word) => fold(task.headline).includes(fold(word))).slice(0, 2);
  for (const word of fitting) {
    operator.think();
    await take(page, operator, `#suggestions li[data-kind="keywords"][data-term="${word}"]`, keyboard);
  }
  for (let i = fitting.length; i < 2; i++) {
    operator.think();
    await typeInto(page, operator, 'keywords', [...fold(task.headline).replace(/[^\p{Script=Han}]/gu, '')].slice(i * 4, i * 4 + 4).join('') || '地方文献');
  }
  // One OCR character corrected: a click where it is, a deletion, the right character.
  operator.think();
  await scrolledTo(page, operator, 'textarea[name="correctedText"]');
  const text = page.locator('textarea[name="correctedText"]');
  const ocr = await text.inputValue();
  operator.point();
  operator.key(2);
  await text.fill(`${ocr.slice(0, 10)}〇${ocr.slice(11)}`);
  // 送审 (Ctrl+Enter in both editors).
  operator.think();
  operator.key(2);
  await page.keyboard.press('Control+Enter');
}

async function prepareTree(which: 'before' | 'today'): Promise<{ dir: string; remove: () => Promise<void> }> {
  if (which === 'today') return { dir: root, remove: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'difang-baseline-editor-'));
  await rm(dir, { recursive: true, force: true });
  execFileSync('git', ['worktree', 'add', '--detach', dir, baseline], { cwd: root, stdio: 'ignore' });
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build-web.ts'], { cwd: dir, stdio: 'ignore' });
  return { dir, remove: async () => void execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' }) };
}

async function startServer(dir: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LOG_FORMAT: 'json', DATA_DIR: dataDir, DEMO_DATA: 'off', PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: adminToken };
  const ingest = spawn(process.execPath, [join(dir, 'bin', 'difang.js'), 'ingest', join(dataDir, '..', 'batch')], { env, stdio: 'ignore' });
  const code = await new Promise<number | null>((done) => ingest.once('exit', done));
  if (code !== 0) throw new Error(`ingest exited with ${code}`);
  const child = spawn(process.execPath, [join(dir, 'bin', 'difang.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (exit) => reject(new Error(`serve exited with ${exit}: ${output}`)));
  });
  const made = await fetch(`${url}/api/users`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(cataloguer) });
  if (made.status !== 201) throw new Error(`user: ${made.status} ${await made.text()}`);
  return { url, child };
}

async function runEditor(which: 'before' | 'today', pages: TruthPage[], tasks: Task[]): Promise<{ operator: Operator; articles: number }> {
  const tree = await prepareTree(which);
  const work = await mkdtemp(join(tmpdir(), `difang-catalog-flow-${which}-`));
  const segmentation = join(root, 'fixtures', 'segmentation');
  for (const page of pages) {
    const folder = join(work, 'batch', 'bench-daily', page.issue);
    await mkdir(folder, { recursive: true });
    const n = String(page.seq).padStart(2, '0');
    await copyFile(join(segmentation, page.image), join(folder, `${n}.jpg`));
    await copyFile(join(segmentation, page.ocr.file), join(folder, `${n}.json`));
  }
  const server = await startServer(tree.dir, join(work, 'data'));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const operator = new Operator();
  let done = 0;
  try {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.url}/catalog/login?next=/catalog/pages`);
    await page.fill('#login-username', cataloguer.username);
    await page.fill('#login-password', cataloguer.password);
    await page.click('.login-form button[type="submit"]');
    await page.waitForURL((url) => url.pathname === '/catalog/pages');
    const cut = new Set<Task>();
    for (const issue of [...new Set(pages.map((p) => p.issue))]) {
      let firstOfIssue = true;
      for (const printed of pages.filter((p) => p.issue === issue)) {
        const starting = tasks.filter((task) => task.issue === issue && task.regions[0]!.seq === printed.seq && !cut.has(task));
        if (starting.length === 0) continue;
        // Open the page from 待切分: the list, then the page.
        operator.point(2);
        await page.goto(`${server.url}/catalog/pages/${pageId({ title: 'bench-daily', date: issue, edition: 1, seq: printed.seq })}`);
        await page.waitForSelector('#region-editor img');
        const width = (seq: number) => pages.find((p) => p.issue === issue && p.seq === seq)!.width;
        for (const task of starting) {
          cut.add(task);
          operator.think();
          for (const region of task.regions) await draw(page, operator, region, width(region.seq), which === 'before');
          if (which === 'before') {
            // The editor before: creating opens the article; after 送审, Back returns to the page.
            operator.point();
            await page.click('#create-article');
            await page.waitForURL(/\/catalog\/articles\//);
            await catalogue(page, operator, task, firstOfIssue, false);
            await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === '待审校', undefined, { timeout: 20_000 });
            done++;
            operator.key(2);
            await page.goBack();
            await page.waitForSelector('#region-editor img');
          } else {
            operator.key();
            await page.keyboard.press('Enter');
            await page.waitForFunction((n) => document.querySelectorAll('#cut-list li').length === n, starting.indexOf(task) + 1, { timeout: 20_000 });
          }
          firstOfIssue = false;
        }
        if (which === 'today') {
          // Page done: its first article opens; each 送审 opens the next.
          operator.point();
          await page.click('#page-done');
          await page.waitForURL(/\/catalog\/articles\//);
          for (let i = 0; i < starting.length; i++) {
            await page.waitForSelector('#record-form');
            // Which article opened (送审 follows printed order): matched by its first region.
            const id = new URL(page.url()).pathname.split('/').pop()!;
            const record = (await (await page.request.get(`${server.url}/api/catalog/articles/${id}`)).json()) as { article: { regions: (Box & { seq: number })[] } };
            const first = record.article.regions[0]!;
            const task = starting.find((t) => t.regions[0]!.seq === first.seq && Math.abs(t.regions[0]!.x - first.x) < 12 && Math.abs(t.regions[0]!.y - first.y) < 12);
            if (!task) throw new Error(`no task for ${id}`);
            const url = page.url();
            await catalogue(page, operator, task, firstOfIssue && i === 0 && printed.seq === 1, true);
            if (i < starting.length - 1) await page.waitForURL((next) => next.href !== url, { timeout: 20_000 });
            else await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === '待审校', undefined, { timeout: 20_000 });
            done++;
          }
        }
      }
    }
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => (server.child.exitCode !== null ? resolve(null) : server.child.once('exit', resolve)));
    await rm(work, { recursive: true, force: true });
    await tree.remove();
  }
  return { operator, articles: done };
}

export async function run(): Promise<string> {
  if (!existsSync(chromiumPath)) return `Skipped: no Chromium at ${chromiumPath} (apt-get install chromium).`;
  const truth = JSON.parse(await readFile(join(root, 'fixtures', 'segmentation', 'truth.json'), 'utf8')) as (TruthPage & { vertical: boolean })[];
  const pages = truth.filter((page) => page.issue.startsWith('2023-06-0'));
  const tasks = await tasksOf(pages);
  const rows: string[] = [];
  const perArticle: Record<string, number> = {};
  for (const which of ['before', 'today'] as const) {
    const { operator: o, articles } = await runEditor(which, pages, tasks);
    const each = o.seconds() / articles;
    perArticle[which] = each;
    const name = which === 'before' ? `before (commit ${baseline})` : 'today';
    rows.push(
      `| ${name} | ${articles} | ${fmt(o.k / articles, 1)} | ${fmt(o.p / articles, 1)} | ${fmt(o.h / articles, 1)} | ${fmt(o.m / articles, 1)} | ${Math.round(o.scrolled / articles)} | ${fmt(o.typed / articles, 1)} / ${fmt(o.taken / articles, 1)} | ${fmt(each, 1)} | ${Math.floor((7 * 3600) / each)} |`,
    );
  }
  return [
    `${tasks.length} articles on ${pages.length} generated pages (fixtures/segmentation 2023-06-01 and 2023-06-02, one continued story), cut, catalogued and sent to review by a scripted Chromium at ${viewport.width} × ${viewport.height}; ${machine()}.`,
    `Keystroke-level model: K ${seconds.K} s, P ${seconds.P} s (each screenful scrolled counts one), H ${seconds.H} s, M ${seconds.M} s, plus skimming 20 s + 0.02 s a character; the same task and constants for both editors.`,
    '',
    '| editor | articles | keystrokes | pointings | hand moves | decisions | scroll px | typed / taken | seconds an article | articles in 7 hours |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Today's editor takes ${fmt(perArticle.today! / perArticle.before!, 2)}× the time of the one before; the goal is ≤ 84 s an article (≥ 300 a day) without proofreading.`,
  ].join('\n');
}
