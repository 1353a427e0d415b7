/**
 * GET /api/docs: the OpenAPI document rendered as a plain, readable page — no external scripts
 * (difang must work without the internet), Chinese first with English beside it.
 */
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { AppEnv } from '../app-env.ts';
import { apiRoutes, openApiInfo } from './api.ts';

interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: { type?: string; enum?: string[] }; description?: string }[];
}

export const apiDocsRoutes = new Hono<AppEnv>().get('/api/docs', async (c) => {
  const document = apiRoutes.getOpenAPI31Document(openApiInfo) as unknown as { info: { title: string; description?: string }; paths: Record<string, Record<string, Operation>> };
  const paths = Object.entries(document.paths ?? {});
  return c.html(html`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>接口文档 API · 地方 difang</title>
<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.6}code{background:#f3f1ea;padding:.1em .3em;border-radius:3px}section{border-top:1px solid #ddd;padding:.5rem 0}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;font-size:.9rem}</style></head>
<body>
<h1>${document.info.title}</h1>
<p>${document.info.description ?? ''}</p>
<p>机器可读的 OpenAPI 3.1 文档 / machine-readable document: <a href="/api/openapi.json"><code>/api/openapi.json</code></a></p>
${raw(
  paths
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) => `<section><h2><code>${method.toUpperCase()} ${escape(path)}</code></h2><p>${escape(operation.summary ?? '')}</p>${operation.description ? `<p>${escape(operation.description)}</p>` : ''}${
          operation.parameters?.length
            ? `<table><tr><th>参数 parameter</th><th>位置 in</th><th>类型 type</th></tr>${operation.parameters
                .map((p) => `<tr><td><code>${escape(p.name)}</code>${p.required ? ' *' : ''}</td><td>${p.in}</td><td>${escape(p.schema?.enum?.join(' | ') ?? p.schema?.type ?? '')}</td></tr>`)
                .join('')}</table>`
            : ''
        }</section>`,
      ),
    )
    .join(''),
)}
</body></html>`);
});

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
