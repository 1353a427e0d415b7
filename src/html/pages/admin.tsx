/** @jsxImportSource hono/jsx */
/**
 * 管理: start an ingest or an OCR run and watch its progress and time left, export records for submission with a progress
 * bar. The page itself is public; every request it makes carries the administrator credential the
 * person types in, or the signed-in administrator's session and CSRF token (/static/admin.js).
 */
import { t } from '../messages.ts';
import { Layout, type PageFrame } from '../layout.tsx';

export function AdminPage(props: { frame: Omit<PageFrame, 'title'> }) {
  const { lang } = props.frame;
  return (
    <Layout {...props.frame} title={t(lang, 'adminTitle')} scripts={['admin']}>
      <h1>{t(lang, 'adminTitle')}</h1>
      <noscript>
        <p>{t(lang, 'adminNeedsScript')}</p>
      </noscript>
      <p>
        <label for="admin-token">{t(lang, 'adminToken')}</label>{' '}
        <input id="admin-token" type="password" autocomplete="off" size={40} aria-describedby="admin-token-hint" />{' '}
        <span id="admin-token-hint" class="hint">
          {t(lang, 'adminTokenHint')}
        </span>
      </p>
      <p id="admin-message" role="status" class="hint" />
      <section aria-labelledby="ingest-heading">
        <h2 id="ingest-heading">{t(lang, 'ingestHeading')}</h2>
        <form id="ingest-form" class="admin-form">
          <label>
            {t(lang, 'ingestSource')}
            <input name="source" required />
          </label>
          <label>
            {t(lang, 'ingestTitle')}
            <input name="title" pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          </label>
          <label>
            {t(lang, 'ingestDate')}
            <input name="date" type="date" />
          </label>
          <label class="checkbox">
            <input name="ocr" type="checkbox" checked /> {t(lang, 'ingestOcr')}
          </label>
          <button type="submit">{t(lang, 'ingestStart')}</button>
        </form>
        <h3 id="ocr-heading">{t(lang, 'ocrHeading')}</h3>
        <p class="hint">{t(lang, 'ocrHint')}</p>
        <form id="ocr-form" class="admin-form" aria-labelledby="ocr-heading">
          <label>
            {t(lang, 'ocrTargets')}
            <input name="targets" required />
          </label>
          <label>
            {t(lang, 'ocrEngine')}
            <select name="engine">
              <option value="auto">{t(lang, 'ocrEngineAuto')}</option>
              <option value="paddle">PaddleOCR (PP-OCRv4)</option>
              <option value="tesseract">Tesseract</option>
            </select>
          </label>
          <label class="checkbox">
            <input name="force" type="checkbox" /> {t(lang, 'ocrForce')}
          </label>
          <button type="submit">{t(lang, 'ocrStart')}</button>
        </form>
        <h3>{t(lang, 'jobsHeading')}</h3>
        <ul id="jobs" class="jobs" aria-live="polite" data-empty={t(lang, 'noJobs')} />
      </section>
      <section aria-labelledby="titles-heading">
        <h2 id="titles-heading">{t(lang, 'titlesHeading')}</h2>
        <p class="hint">{t(lang, 'titlesHint')}</p>
        <table id="titles" class="admin-titles" data-empty={t(lang, 'noTitles')}>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'titleName')}</th>
              <th scope="col">ID</th>
              <th scope="col">{t(lang, 'titleVisibility')}</th>
              <th scope="col">
                <span class="visually-hidden">{t(lang, 'titleAction')}</span>
              </th>
            </tr>
          </thead>
          <tbody />
        </table>
      </section>
      <section aria-labelledby="export-heading">
        <h2 id="export-heading">{t(lang, 'exportHeading')}</h2>
        <form id="export-form" class="admin-form">
          <label>
            {t(lang, 'exportFormat')}
            <select name="format">
              {['csv', 'jsonl', 'dc', 'mods', 'marc', 'marcxml'].map((format) => (
                <option value={format}>{format.toUpperCase()}</option>
              ))}
            </select>
          </label>
          <label>
            {t(lang, 'ingestTitle')}
            <input name="title" pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          </label>
          <label>
            {t(lang, 'dateFrom')}
            <input name="from" placeholder="YYYY" />
          </label>
          <label>
            {t(lang, 'dateTo')}
            <input name="to" placeholder="YYYY-MM" />
          </label>
          <fieldset>
            <legend>{t(lang, 'exportStatuses')}</legend>
            {(
              [
                ['published', 'statusPublished', true],
                ['reviewed', 'statusReviewed', true],
                ['in_review', 'statusInReview', false],
                ['draft', 'statusDraft', false],
              ] as const
            ).map(([value, label, checked]) => (
              <label class="inline">
                <input type="checkbox" name="status" value={value} checked={checked} /> {t(lang, label)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t(lang, 'exportStart')}</button>
        </form>
        <p>
          <progress id="export-progress" max="1" value="0" hidden />
          <span id="export-count" role="status" />
        </p>
        <p>
          <a id="export-download" hidden data-ready={t(lang, 'exportReady')}>
            {t(lang, 'exportReady')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
