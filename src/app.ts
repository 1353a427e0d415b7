/**
 * createApp(deps): every route of difang, with no knowledge of the runtime. src/node.ts and
 * src/worker.ts build the dependencies and hand them in.
 */
import { Hono, type Context } from 'hono';
import { compress, COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv, AppServices } from './app-env.ts';
import { apiRoutes } from './routes/api.ts';
import { apiDocsRoutes } from './routes/api-docs.ts';
import { iiifRoutes } from './routes/iiif.ts';
import { readerRoutes } from './routes/reader.tsx';
import { oaiRoutes } from './routes/oai.ts';
import { exportRoutes } from './routes/exports.ts';
import { vocabularyRoutes } from './routes/vocabularies.ts';
import { entityRoutes } from './routes/entities.tsx';
import { topicRoutes } from './routes/topics.tsx';
import { thumbnailRoutes } from './routes/thumbnails.ts';
import { PageTextCache } from './services/page-text-cache.ts';
import { RecordStore } from './services/record-store.ts';
import { TitleDirectory } from './services/title-directory.ts';
import { VocabularyDirectory } from './services/vocabularies.ts';
import { RejectedSuggestions } from './services/rejected-suggestions.ts';
import { CatalogTemplates } from './services/catalog-templates.ts';
import { Topics } from './services/topics.ts';
import { collectionFrequencies } from './services/collection-frequencies.ts';
import { AppError, errorTable, toAppError } from './errors.ts';
import { errorPage } from './html/error-page.ts';
import { langCookie, requestLang } from './i18n.ts';
import { getCookie, setCookie } from 'hono/cookie';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { RequestMetrics } from './services/request-metrics.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { sessionRoutes } from './routes/session.ts';
import { userRoutes } from './routes/users.ts';
import { titleAdminRoutes } from './routes/titles-admin.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { catalogPageRoutes } from './routes/catalog-pages.tsx';
import { Catalog } from './services/catalog.ts';
import { LoginThrottle } from './services/login-throttle.ts';
import { WorkGate } from './services/work-gate.ts';
import { ComposedImages } from './services/composed-images.ts';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { cors } from 'hono/cors';

export type { AppDeps } from './app-env.ts';

/**
 * Page images composed from tiles at once, and waiting (composing a whole broadsheet takes the
 * machine's cores for a second or more; beyond the line such requests are answered 503 with
 * Retry-After), and the memory that keeps what was composed for the next reader who asks.
 */
export const composeLimits = { concurrent: 1, waiting: 8, keptBytes: 64 * 1024 * 1024 };

/** The largest request body accepted (an edited article with its full text is well under). */
export const maxRequestBytes = 2 * 1024 * 1024;

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const records = new RecordStore(deps.store);
  const vocabularies = new VocabularyDirectory(deps.store);
  const services: AppServices = {
    search: deps.search,
    records,
    titles: new TitleDirectory(records, deps.search),
    pageTexts: new PageTextCache(records, deps.pageTextCacheBytes),
    vocabularies,
    knownNames: () => vocabularies.knownNames(),
    synonyms: () => vocabularies.synonyms(),
    catalog: new Catalog(records, deps.search, deps.logger),
    rejectedSuggestions: new RejectedSuggestions(deps.store),
    templates: new CatalogTemplates(deps.store),
    topics: new Topics(deps.store),
    frequencies: collectionFrequencies(deps.search),
    loginThrottle: new LoginThrottle(deps.store),
    composedImages: new ComposedImages(new WorkGate(composeLimits.concurrent, composeLimits.waiting), composeLimits.keptBytes),
    requestMetrics: new RequestMetrics(),
  };

  app.use(requestId({ limitLength: 64 }));
  app.use(securityHeaders);
  // Pages, scripts and JSON shrink several times over; images and tiles are left as they are.
  if (deps.compressResponses) app.use(compress(), varyOnAcceptEncoding);
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('services', services);
    const chosen = c.req.query('lang');
    c.set('lang', requestLang(chosen, getCookie(c, langCookie), c.req.header('Accept-Language')));
    if (chosen === 'en' || chosen === 'zh') setCookie(c, langCookie, chosen, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'Lax' });
    const started = performance.now();
    await next();
    if (c.var.privateResponse) c.res.headers.set('Cache-Control', 'private, no-store');
    const ms = performance.now() - started;
    const level = c.res.status >= 500 ? 'error' : c.req.path === '/healthz' || c.req.path === '/metrics' ? 'debug' : 'info';
    deps.logger.log(level, 'http.request', { requestId: c.var.requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms * 10) / 10 });
    // By route pattern (/iiif/3/:id/…), never by path: one series per route, not per page.
    services.requestMetrics.observe(c.req.method, c.req.routePath || 'unmatched', c.res.status, ms / 1000);
  });

  // No request difang takes is larger than an article's text: anything bigger is refused before it is read.
  app.use(bodyLimit({ maxSize: maxRequestBytes, onError: (c) => renderError(c, new AppError('payload_too_large')) }));

  // The read API is open to other sites' scripts, as IIIF is (no credentials: a cross-site page
  // can read what any reader can, never what a signed-in librarian can, and cannot write).
  app.use('/api/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 600 }));

  app.route('/', healthRoutes);
  app.route('/', metricsRoutes);
  app.route('/', ingestRoutes);
  app.route('/', sessionRoutes);
  app.route('/', userRoutes);
  app.route('/', titleAdminRoutes);
  app.route('/', catalogRoutes);
  app.route('/', catalogPageRoutes);
  app.route('/', apiRoutes);
  app.route('/', apiDocsRoutes);
  app.route('/', thumbnailRoutes);
  app.route('/', iiifRoutes);
  app.route('/', oaiRoutes);
  app.route('/', exportRoutes);
  app.route('/', vocabularyRoutes);
  app.route('/', entityRoutes);
  app.route('/', topicRoutes);
  app.route('/', readerRoutes);

  app.notFound((c) => renderError(c, new AppError('not_found')));
  app.onError((error, c) => {
    const appError = toAppError(error);
    if (appError.status >= 500) {
      deps.logger.log('error', 'http.error', { requestId: c.var.requestId, path: c.req.path, code: appError.code, error: appError.cause ?? error });
    }
    return renderError(c, appError);
  });

  return app;
}

/**
 * What browsers are told about every answer: pages run only difang's own scripts (no inline or
 * foreign ones; styles may be inline, as the hit boxes are placed), are framed only by difang,
 * send only their origin to other sites, and are never sniffed as another type. Images and IIIF
 * documents stay loadable by other sites' viewers (no Cross-Origin-Resource-Policy); HSTS is left
 * to the TLS proxy in front (docs/deploy.md), which knows the domain.
 */
const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
  },
  crossOriginResourcePolicy: false,
  strictTransportSecurity: false,
  referrerPolicy: 'strict-origin-when-cross-origin',
});

/**
 * Marks a compressible answer `Vary: Accept-Encoding` on its own headers, before compress() looks.
 * compress() adds that header with c.header(), which, once a handler has answered, rebuilds the
 * answer around a stream of its body, so @hono/node-server can no longer write a string body in
 * one go: ~0.2 ms a search, for a client that did not even ask for compression.
 */
async function varyOnAcceptEncoding(c: Context<AppEnv>, next: () => Promise<void>): Promise<void> {
  await next();
  const headers = c.res.headers;
  const type = headers.get('Content-Type');
  if (!type || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type)) return;
  const vary = headers.get('Vary');
  if (!vary) headers.set('Vary', 'Accept-Encoding');
  else if (vary !== '*' && !/(^|,)\s*accept-encoding\s*(,|$)/i.test(vary)) headers.set('Vary', `${vary}, Accept-Encoding`);
}

/** JSON `{ error: { code, message, requestId } }` for software, a readable page for people. */
function renderError(c: Context<AppEnv>, error: AppError): Response | Promise<Response> {
  const lang = c.var.lang ?? 'zh-CN';
  const requestIdValue = c.var.requestId ?? '';
  const status = errorTable[error.code].status;
  const message = error.detail?.[lang] ?? errorTable[error.code].text[lang];
  if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
  if (wantsJson(c)) {
    return c.json({ error: { code: error.code, message, requestId: requestIdValue } }, status);
  }
  return c.html(errorPage({ lang, status, title: errorTable[error.code].text[lang], message, requestId: requestIdValue }), status);
}

function wantsJson(c: Context<AppEnv>): boolean {
  const path = c.req.path;
  if (path.startsWith('/api/') || path === '/api' || path.startsWith('/iiif/') || path === '/healthz') return true;
  const accept = c.req.header('Accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}
