/**
 * The reader's HTML pages, server-rendered over the ingested fixtures on the real Meilisearch:
 * what a reader without scripts gets at each stable URL, in Chinese first and in English.
 * (What scripts add is proven in the browser tests, test/e2e.)
 */
import { parseDocument } from 'htmlparser2';
import { selectAll, selectOne } from 'css-select';
import type { Element } from 'domhandler';
import { textContent } from 'domutils';
import * as OpenCC from 'opencc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { SearchResponse } from '../../src/domain/api-schemas.ts';
import { truthFor } from '../helpers/fixtures.ts';
import { appOver, fixtureWorld, type IngestWorld } from '../helpers/ingest.ts';

const base = 'http://difang.test';

describe('reader pages', () => {
  let world: IngestWorld;
  let app: ReturnType<typeof createApp>;

  const load = async (path: string, headers: Record<string, string> = {}) => {
    const response = await app.request(path, { headers: { Accept: 'text/html', ...headers } });
    const body = await response.text();
    return { response, body, dom: parseDocument(body) };
  };
  const page = async (path: string, headers?: Record<string, string>) => {
    const result = await load(path, headers);
    expect(result.response.status, `${path}: ${result.body.slice(0, 200)}`).toBe(200);
    expect(result.body.startsWith('<!doctype html>')).toBe(true);
    return result.dom;
  };
  const all = (dom: ReturnType<typeof parseDocument>, selector: string) => selectAll(selector, dom) as unknown as Element[];
  const one = (dom: ReturnType<typeof parseDocument>, selector: string) => selectOne(selector, dom) as unknown as Element | null;
  const text = (node: Element | null) => (node ? textContent(node).replace(/\s+/g, ' ').trim() : '');

  beforeAll(async () => {
    world = await fixtureWorld();
    app = appOver(world, base);
  });
  afterAll(() => world?.close());

  it('home: the titles held with their years and counts, and a labelled search box, in Chinese by default', async () => {
    const dom = await page('/');
    expect(one(dom, 'html')!.attribs.lang).toBe('zh-CN');
    const cards = all(dom, '.card');
    expect(cards.map((card) => text(one(card as never, 'h3')))).toEqual(expect.arrayContaining(['地方示例日报', '公共图书馆年度报告选编']));
    const paper = cards.find((card) => text(card).includes('地方示例日报'))!;
    expect(text(paper)).toContain('2023');
    expect(text(paper)).toContain('3 期 · 9 版 · 7 篇');
    const input = one(dom, '#home-q')!;
    expect(one(dom, `label[for="${input.attribs.id}"]`)).not.toBeNull();
  });

  it('English on request, kept by a cookie, and the switch link goes back', async () => {
    const { response, dom } = await load('/?lang=en');
    expect(one(dom, 'html')!.attribs.lang).toBe('en');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toContain('difang_lang=en');
    const next = await page('/titles/demo-ribao', { Cookie: cookie.split(';')[0]! });
    expect(one(next, 'html')!.attribs.lang).toBe('en');
    expect(text(one(next, '[data-testid="language-switch"]'))).toBe('中文');
    expect(one(next, '[data-testid="language-switch"]')!.attribs.href).toBe('/titles/demo-ribao?lang=zh');
    expect(one(await page('/', { 'Accept-Language': 'en-US,en;q=0.9' }), 'html')!.attribs.lang).toBe('en');
    // English counts say one thing in the singular (issue 19: "1 volumes").
    const home = text(one(dom, 'body'));
    expect(home).toContain('1 volume · 3 pages');
    expect(home).not.toMatch(/\b1 (volumes|issues|pages|articles|results)\b/);
    expect(text(one(await page('/search?q=%E5%85%AC%E5%85%B1%E5%9B%BE%E4%B9%A6%E9%A6%86%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A&title=library-reports&lang=en'), '#result-count'))).toMatch(/^\d+ results?$/);
  });

  it('search: the first page of results rendered on the server with marks, facets, year chart and links that keep the query', async () => {
    const headline = truthFor('demo', '2023-05-04', 2).blocks.find((b) => b.kind === 'headline')!.text.replace(/\n/g, '');
    const traditional = OpenCC.Converter({ from: 'cn', to: 'tw' })(headline.slice(0, 4));
    const api = (await (await app.request(`/api/search?${new URLSearchParams({ q: traditional })}`)).json()) as SearchResponse;
    const dom = await page(`/search?${new URLSearchParams({ q: traditional })}`);
    const hits = all(dom, 'ol.results > li.hit');
    expect(hits).toHaveLength(api.hits.length);
    expect(api.hits.length).toBeGreaterThan(0);
    expect(text(one(dom, '#result-count'))).toContain(String(api.total));
    // The original (simplified) text is marked for a traditional query.
    expect(all(dom, 'ol.results mark').map((m) => text(m)).join('')).toContain(headline.slice(0, 2));
    // Hits open the viewer on their page with the query.
    const first = one(hits[0] as never, 'h3 a')!.attribs.href!;
    expect(first).toMatch(/^\/titles\/demo-ribao\/2023-05-04\/ed-1\/seq-2\?q=/);
    // Facets narrow the search and keep the query.
    const facetLink = all(dom, '.facet li a').find((a) => text(a).startsWith('地方示例日报'))!;
    expect(new URLSearchParams(facetLink.attribs.href!.split('?')[1]).get('q')).toBe(traditional);
    const bars = all(dom, 'svg.year-chart a');
    expect(bars.length).toBeGreaterThan(0);
    expect(bars[0]!.attribs.href).toContain('from=2023');
    expect(one(dom, 'select#sort')).not.toBeNull();
  });

  it('search: filters, sort and pages live in the URL; a bad date is refused with a readable page', async () => {
    const dom = await page('/search?q=%E5%9B%BE%E4%B9%A6%E9%A6%86&title=library-reports&sort=oldest&per=1&page=2');
    expect(all(dom, 'ol.results > li.hit')).toHaveLength(1);
    expect(one(dom, 'ol.results')!.attribs.start).toBe('2');
    const chips = all(dom, '.chips a').map((a) => a.attribs.href);
    expect(chips[0]).toBe('/search?q=%E5%9B%BE%E4%B9%A6%E9%A6%86&sort=oldest&per=1');
    expect(all(dom, '.pagination a[rel="prev"]')[0]!.attribs.href).toContain('page=1');
    const bad = await load('/search?q=x&from=1995-13');
    expect(bad.response.status).toBe(400);
    expect(bad.body).toContain('from');
    // The advanced form's fields become one query at the search's one address (issue 19).
    const advanced = await app.request(`/search?all=${encodeURIComponent('图书馆')}&none=${encodeURIComponent('深圳')}&title=demo-ribao`);
    expect(advanced.status).toBe(303);
    expect(decodeURIComponent(advanced.headers.get('Location')!)).toBe('/search?title=demo-ribao&q=图书馆 -深圳'.replace(' ', '+'));
    expect(all(dom, 'details.advanced-search input[name="any"]')).toHaveLength(1);
    // Nothing found: what to try next, and the way to browse instead (issue 19).
    const none = await page(`/search?q=${encodeURIComponent('量子计算机芯片')}&title=demo-ribao`);
    expect(all(none, '.empty li').map(text)).toEqual(expect.arrayContaining([expect.stringContaining('更少或更短的词语'), '去掉全部筛选条件再检索', '按报刊和日期浏览馆藏']));
    // A query over 500 characters: the reason in the site's own page, in Chinese only, with the
    // search box (which takes no more than 500) holding what fits (issue 19).
    const long = await load(`/search?q=${encodeURIComponent('图书馆'.repeat(200))}`);
    expect(long.response.status).toBe(400);
    expect(text(one(long.dom, 'p.empty'))).toBe('检索参数有误：“q”：检索词不能超过 500 个字符');
    expect(one(long.dom, '#header-q')!.attribs.value).toHaveLength(500);
    expect(one(long.dom, '#header-q')!.attribs.maxlength).toBe('500');
    expect(one(long.dom, 'link[rel="stylesheet"]')).not.toBeNull();
  });

  it('paper page: a calendar whose days with issues lead to them; a document lists its volumes', async () => {
    const dom = await page('/titles/demo-ribao?year=2023');
    const days = all(dom, 'table.month td.has-issue a').map((a) => a.attribs.href);
    expect(days).toEqual(['/titles/demo-ribao/2023-05-04/ed-1', '/titles/demo-ribao/2023-05-05/ed-1', '/titles/demo-ribao/2023-05-06/ed-1']);
    // Only May has issues: one grid, the other months named in a line (issue 19: twelve grids on a phone).
    expect(all(dom, 'table.month')).toHaveLength(1);
    expect(text(one(dom, '.months-without'))).toBe('1月、2月、3月、4月、6月、7月、8月、9月、10月、11月、12月没有期次。');
    const volumes = await page('/titles/library-reports');
    expect(all(volumes, '.volume-list a').map((a) => a.attribs.href)).toEqual(['/titles/library-reports/vol-1']);
  });

  it('issue page: page thumbnails with 版次 / 版名, the articles, and the issues either side', async () => {
    const dom = await page('/titles/demo-ribao/2023-05-05/ed-1');
    const pages = all(dom, '.page-grid li');
    expect(pages).toHaveLength(3);
    expect(one(pages[0] as never, 'img')!.attribs.src).toBe('/thumbnails/demo-ribao_2023-05-05_ed-1_seq-1.jpg');
    expect(text(pages[1]!)).toContain('本版暂无文字');
    expect(one(dom, '.pager a[rel="prev"]')!.attribs.href).toBe('/titles/demo-ribao/2023-05-04/ed-1');
    expect(one(dom, '.pager a[rel="next"]')!.attribs.href).toBe('/titles/demo-ribao/2023-05-06/ed-1');
    const withArticles = await page('/titles/demo-ribao/2023-05-06/ed-1');
    expect(all(withArticles, '.article-list a')).toHaveLength(7);
  });

  it('page viewer: the image without scripts, article outlines and hit boxes as data, the OCR text marked, neighbours linked', async () => {
    const q = '图书馆';
    const dom = await page(`/titles/demo-ribao/2023-05-06/ed-1/seq-1?q=${encodeURIComponent(q)}`);
    const viewer = one(dom, '#viewer')!;
    expect(one(viewer as never, 'img.fallback')!.attribs.src).toBe('/iiif/3/demo-ribao_2023-05-06_ed-1_seq-1/full/1000,/0/default.jpg');
    const hits = JSON.parse(viewer.attribs['data-hits']!) as { x: number; y: number; w: number; h: number }[];
    const api = (await (await app.request(`/api/search?${new URLSearchParams({ q })}`)).json()) as SearchResponse;
    const apiBoxes = api.hits.flatMap((hit) => hit.boxes).filter((box) => box.page === 'demo-ribao_2023-05-06_ed-1_seq-1');
    // Every box a search hit reports on this page is drawn here (the page shows all matches, articles only theirs).
    for (const box of apiBoxes) expect(hits).toContainEqual({ x: box.x, y: box.y, w: box.w, h: box.h });
    expect(hits.length).toBeGreaterThanOrEqual(apiBoxes.length);
    const articles = JSON.parse(viewer.attribs['data-articles']!) as { title: string; regions: unknown[] }[];
    const truth = truthFor('mets-enmap', '2023-05-06', 1).articles;
    expect(articles.map((a) => a.title).sort()).toEqual(truth.map((a) => a.headline).sort());
    expect(all(dom, '.ocr-text mark').length).toBeGreaterThan(0);
    expect(all(dom, '.ocr-text mark').every((m) => text(m) === q)).toBe(true);
    expect(one(dom, '.pager a[rel="next"]')!.attribs.href).toBe(`/titles/demo-ribao/2023-05-06/ed-1/seq-2?q=${encodeURIComponent(q)}`);
    expect(one(dom, 'a[download]')!.attribs.href).toBe('/iiif/3/demo-ribao_2023-05-06_ed-1_seq-1/full/max/0/default.jpg?download');
    const fallback = await app.request('/iiif/3/demo-ribao_2023-05-06_ed-1_seq-1/full/1000,/0/default.jpg');
    expect(fallback.status).toBe(200);
  });

  it('article page: text, tags as searches, crops of its regions, a GB/T 7714 citation and the stable link', async () => {
    const dom = await page('/articles/demo-ribao_2023-05-06_ed-1_art-1');
    const headline = text(one(dom, 'h1'));
    expect(truthFor('mets-enmap', '2023-05-06', 1).articles.map((a) => a.headline)).toContain(headline);
    const citation = text(one(dom, '[data-testid="citation"]'));
    const today = new Date().toISOString().slice(0, 10);
    expect(citation).toMatch(new RegExp(`${headline}\\[N/OL\\]\\. 地方示例日报, 2023-05-06\\(\\d+\\)\\[${today}\\]\\. ${base}/articles/demo-ribao_2023-05-06_ed-1_art-1\\.$`));
    expect(one(dom, '#stable-link')!.attribs.value).toBe(`${base}/articles/demo-ribao_2023-05-06_ed-1_art-1`);
    const crops = all(dom, '.article-crops img');
    expect(crops.length).toBeGreaterThan(0);
    for (const crop of crops) expect((await app.request(crop.attribs.src!)).status, crop.attribs.src).toBe(200);
    expect(one(dom, 'a.button')!.attribs.href).toBe('/titles/demo-ribao/2023-05-06/ed-1/seq-1?article=demo-ribao_2023-05-06_ed-1_art-1');
    // Come from a search, the article marks its words, and the viewer's links carry them (issue 19).
    const word = (text(all(dom, '.article-text p').at(-1)!).match(/\p{Script=Han}{2}/u) ?? [''])[0]!;
    const marked = await page(`/articles/demo-ribao_2023-05-06_ed-1_art-1?q=${encodeURIComponent(word)}`);
    expect(all(marked, '.article-text p mark').map(text)).toContain(word);
    const viewerLinks = all(await page(`/titles/demo-ribao/2023-05-06/ed-1/seq-1?q=${encodeURIComponent(word)}`), '.viewer-side a[data-article]').map((a) => a.attribs.href!);
    expect(viewerLinks.every((href) => href.endsWith(`?q=${encodeURIComponent(word)}`))).toBe(true);
    // What Zotero reads (issue 19): Highwire Press citation_* and Dublin Core.
    const meta = (name: string) => all(dom, `meta[name="${name}"]`).map((m) => m.attribs.content);
    expect(meta('citation_title')).toEqual([headline]);
    expect(meta('citation_journal_title')).toEqual(['地方示例日报']);
    expect(meta('citation_publication_date')).toEqual(['2023/05/06']);
    expect(meta('citation_firstpage')).toEqual(['1']);
    expect(meta('citation_public_url')).toEqual([`${base}/articles/demo-ribao_2023-05-06_ed-1_art-1`]);
    expect(meta('DC.type')).toEqual(['newspaperArticle']);
    // Its text to keep, and the page's text and ALTO from the page viewer (issue 19).
    const download = one(dom, '.downloads a')!.attribs.href!;
    const textFile = await app.request(download);
    expect(textFile.headers.get('Content-Disposition')).toBe('attachment; filename="demo-ribao_2023-05-06_ed-1_art-1.txt"');
    expect(await textFile.text()).toContain(headline);
    const viewer = await page('/titles/demo-ribao/2023-05-06/ed-1/seq-1');
    const [txt, altoLink] = all(viewer, '.downloads a').map((a) => a.attribs.href!);
    expect((await (await app.request(txt!)).text()).length).toBeGreaterThan(20);
    const altoFile = await app.request(altoLink!);
    expect(altoFile.headers.get('Content-Type')).toContain('application/xml');
    expect(await altoFile.text()).toContain('http://www.loc.gov/standards/alto/ns-v4#');
  });

  it('speaks of a local-history volume in its own words: 上一页 / 下一页 / 本卷目录, not a newspaper\'s 版 and 期 (issue 19)', async () => {
    const volume = await page('/titles/library-reports/vol-1/seq-2');
    const pager = all(volume, 'nav.pager a').map(text);
    expect(pager.slice(0, 3)).toEqual(['← 上一页', '本卷目录', '下一页 →']);
    expect(pager.join(' ')).not.toMatch(/版|期/);
    const paper = await page('/titles/demo-ribao/2023-05-04/ed-1/seq-2');
    expect(all(paper, 'nav.pager a').map(text).slice(0, 3)).toEqual(['← 上一版', '本期目录', '下一版 →']);
  });

  it('has an icon where browsers look for it', async () => {
    const icon = await app.request('/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('Content-Type')).toBe('image/svg+xml');
    expect(await icon.text()).toContain('<svg');
  });

  it('unknown records are a readable 404 page; HTML is escaped', async () => {
    for (const path of ['/titles/no-such-paper', '/titles/demo-ribao/1999-01-01/ed-1', '/titles/demo-ribao/2023-05-04/ed-1/seq-9', '/articles/demo-ribao_2023-05-06_ed-1_art-99', '/articles/<script>']) {
      const { response, body } = await load(path);
      expect(response.status, path).toBe(404);
      expect(body).toContain('<h1>');
    }
    const { body } = await load('/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(body).not.toContain('<script>alert(1)');
  });
});
