/** Languages difang speaks: Chinese first, English available. */
export const languages = ['zh-CN', 'en'] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = 'zh-CN';

/** A text in every language difang speaks. */
export type Text = Record<Lang, string>;

/** Picks zh-CN or en from an Accept-Language header (RFC 9110 §12.5.4); Chinese unless English is preferred. */
export function langFromAcceptLanguage(header: string | null | undefined): Lang {
  if (!header) return defaultLang;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return defaultLang;
}

/**
 * Picks the language for command-line output from DIFANG_LANG alone: servers often carry an
 * English system locale that says nothing about who reads the console, so Chinese stays the default.
 */
export function langFromEnvironment(env: Record<string, string | undefined>): Lang {
  return (env.DIFANG_LANG ?? '').toLowerCase().startsWith('en') ? 'en' : defaultLang;
}

/** The name of the cookie that keeps a reader's language choice. */
export const langCookie = 'difang_lang';

/**
 * The language of one request: `?lang=` (the switch link) first, then the reader's earlier choice
 * (cookie), then the browser's Accept-Language.
 */
export function requestLang(query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  const chosen = query ?? cookie;
  if (chosen === 'en') return 'en';
  if (chosen === 'zh' || chosen === 'zh-CN') return 'zh-CN';
  return langFromAcceptLanguage(acceptLanguage);
}
