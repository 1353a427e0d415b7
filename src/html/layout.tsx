/** @jsxImportSource hono/jsx */
/**
 * The frame of every reader page: language, header with the search box, main, footer. Pages are
 * whole HTML documents that work without scripts; /static/app.js only enhances them.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Lang } from '../i18n.ts';
import { t } from './messages.ts';

export interface PageFrame {
  lang: Lang;
  /** The document title, without the site name. */
  title: string;
  /** The request's path and query, for the language switch. */
  url: URL;
  /** The query to show in the header's search box. */
  q?: string;
  /** Extra bundles: "viewer" loads OpenSeadragon. */
  scripts?: ('viewer' | 'admin' | 'catalog')[];
  /** A bar under the header (the cataloguing workspace's navigation). */
  subnav?: Child;
  /** Link rel=alternate / canonical entries. */
  links?: { rel: string; href: string; type?: string }[];
  /** <meta name content> entries: citation_* for Zotero and other reference managers. */
  metas?: { name: string; content: string }[];
  assetVersion: string;
  wide?: boolean;
}

export function Layout(props: PageFrame & { children?: Child }) {
  const { lang } = props;
  const other: Lang = lang === 'en' ? 'zh-CN' : 'en';
  const switchUrl = new URL(props.url);
  switchUrl.searchParams.set('lang', other === 'en' ? 'en' : 'zh');
  const asset = (path: string) => `/static/${path}?v=${props.assetVersion}`;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t(lang, 'siteName')} difang`}</title>
        <link rel="stylesheet" href={asset('app.css')} />
        <link rel="icon" href="/favicon.ico" type="image/svg+xml" />
        {(props.links ?? []).map((link) => (
          <link rel={link.rel} href={link.href} type={link.type} />
        ))}
        {(props.metas ?? []).map((meta) => (
          <meta name={meta.name} content={meta.content} />
        ))}
        <script type="module" src={asset('app.js')} />
        {props.scripts?.includes('viewer') ? <script type="module" src={asset('viewer.js')} /> : null}
        {props.scripts?.includes('admin') ? <script type="module" src={asset('admin.js')} /> : null}
        {props.scripts?.includes('catalog') ? <script type="module" src={asset('catalog.js')} /> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {t(lang, 'skipToContent')}
        </a>
        <header class="site">
          <a class="brand" href="/" aria-label={`地方 difang — ${t(lang, 'navHome')}`}>
            <span class="brand-mark" lang="zh-CN">地方</span>
            <span class="brand-name">difang</span>
          </a>
          <form class="search-box" role="search" action="/search" method="get">
            <label for="header-q" class="visually-hidden">
              {t(lang, 'searchLabel')}
            </label>
            <input id="header-q" maxlength={500} type="search" name="q" value={props.q ?? ''} placeholder={t(lang, 'searchPlaceholder')} autocomplete="off" />
            <button type="submit">{t(lang, 'searchButton')}</button>
          </form>
          <nav class="site-nav" aria-label={lang === 'en' ? 'Site' : '站点导航'}>
            <a href="/people">{t(lang, 'navEntities')}</a>
            <a href="/topics">{t(lang, 'topics')}</a>
            <a href="/api/docs">{t(lang, 'navApi')}</a>
            <a href={`${switchUrl.pathname}${switchUrl.search}`} lang={other} hreflang={other} data-testid="language-switch">
              {t(lang, 'switchLanguage')}
            </a>
          </nav>
        </header>
        {props.subnav ?? null}
        <main id="main" class={props.wide ? 'wide' : undefined} tabindex={-1}>
          {props.children}
        </main>
        <footer class="site">
          <p>{t(lang, 'footer')}</p>
        </footer>
      </body>
    </html>
  );
}

/** "a › b › c" trail of where a page sits. */
export function Breadcrumbs(props: { lang: Lang; items: { label: string; href?: string }[] }) {
  return (
    <nav class="breadcrumbs" aria-label={props.lang === 'en' ? 'Breadcrumb' : '位置'}>
      <ol>
        {props.items.map((item, i) => (
          <li>{item.href && i < props.items.length - 1 ? <a href={item.href}>{item.label}</a> : <span aria-current="page">{item.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

/** JSON inside <script>: nothing in it may close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** schema.org JSON-LD for a page. */
export function JsonLd(props: { data: unknown }) {
  return <script type="application/ld+json">{raw(scriptJson(props.data))}</script>;
}
