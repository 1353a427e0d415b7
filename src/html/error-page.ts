/** The page a person sees when something goes wrong: what happened, in their language, and a way on. */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Lang } from '../i18n.ts';

export function errorPage(options: { lang: Lang; status: number; title: string; message: string; requestId: string }): HtmlEscapedString | Promise<HtmlEscapedString> {
  const home = options.lang === 'en' ? 'Back to the home page' : '返回首页';
  const reference = options.lang === 'en' ? 'Reference' : '请求编号';
  return html`<!doctype html>
<html lang="${options.lang === 'en' ? 'en' : 'zh-CN'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${options.status} ${options.title} · 地方 difang</title></head>
<body style="font-family: system-ui, 'Noto Sans CJK SC', sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #1a1a1a">
<h1>${options.title}</h1>
<p>${options.message}</p>
<p><a href="/">${home}</a></p>
<p style="color: #555; font-size: .875rem">${reference}: <code>${options.requestId}</code></p>
</body>
</html>`;
}
