/**
 * The cataloguing workspace in the browser: bulk actions on a queue, and the article editor —
 * regions drawn, moved, resized, split, merged, reordered and continued on another page over the
 * page image (SVG in the image's own pixels), suggestions accepted or rejected into the fields,
 * the OCR corrected, and every change sent with its version and the session's CSRF token. A stale
 * save is shown, never overwritten.
 */
const zh = document.documentElement.lang !== 'en';
const say = (chinese: string, english: string): string => (zh ? chinese : english);
const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
const svgNs = 'http://www.w3.org/2000/svg';

interface ApiProblem {
  error?: { code?: string; message?: string };
  current?: CatalogRecord;
}

async function api<T>(path: string, method: string, body?: unknown): Promise<{ ok: boolean; status: number; body: T & ApiProblem }> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { ok: response.ok, status: response.status, body: (await response.json().catch(() => ({}))) as T & ApiProblem };
}

const fill = (template: string, values: Record<string, string | number>): string => template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

// ── queues: bulk actions ──────────────────────────────────────────────────────────────────────

const bulkForm = document.getElementById('bulk-form') as HTMLFormElement | null;
if (bulkForm) {
  const boxes = () => [...bulkForm.querySelectorAll<HTMLInputElement>('input[name="item"]')];
  document.getElementById('select-all')?.addEventListener('change', (event) => {
    for (const box of boxes()) box.checked = (event.target as HTMLInputElement).checked;
  });
  // 批量标引: the same terms added to every selected article (each its own save, under authority control).
  document.getElementById('bulk-tags-go')?.addEventListener('click', async () => {
    const result = document.getElementById('bulk-tags-result')!;
    const items = boxes()
      .filter((box) => box.checked)
      .map((box) => ({ id: box.value, version: Number(box.dataset.version) }));
    const form = new FormData(bulkForm);
    const values = String(form.get('tagValues') ?? '')
      .split(/[、,，;；]+/)
      .map((value) => value.trim())
      .filter(Boolean);
    if (items.length === 0 || values.length === 0) {
      result.textContent = items.length === 0 ? say('请先选择篇目', 'Select some articles first') : say('请填写要加的词', 'Give the terms to add');
      return;
    }
    const answer = await api<{ done: number }>('/api/catalog/bulk-tags', 'POST', { field: form.get('tagField'), values, items });
    result.textContent = answer.ok ? say(`已标引 ${answer.body.done} / ${items.length}`, `Tagged ${answer.body.done} of ${items.length}`) : (answer.body.error?.message ?? String(answer.status));
    if (answer.ok) setTimeout(() => location.reload(), 1200);
  });
  bulkForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = document.getElementById('bulk-result')!;
    const items = boxes()
      .filter((box) => box.checked)
      .map((box) => ({ id: box.value, version: Number(box.dataset.version) }));
    if (items.length === 0) {
      result.textContent = say('请先选择篇目', 'Select some articles first');
      return;
    }
    const form = new FormData(bulkForm);
    const comment = String(form.get('comment') ?? '').trim();
    const answer = await api<{ done: number }>('/api/catalog/bulk', 'POST', { action: form.get('action'), items, ...(comment ? { comment } : {}) });
    result.textContent = answer.ok ? say(`完成 ${answer.body.done} / ${items.length}`, `Done ${answer.body.done} of ${items.length}`) : (answer.body.error?.message ?? String(answer.status));
    if (answer.ok) setTimeout(() => location.reload(), 1200);
  });
}

// ── the article editor ────────────────────────────────────────────────────────────────────────

interface Region {
  seq: number;
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Article {
  title: string;
  regions: Region[];
  subjects: { term: string; scheme: string }[];
  places: { name: string; code?: string }[];
  text: { ocr: string; corrected?: string };
  updatedBy?: string;
}
interface CatalogRecord {
  id: string;
  version: number;
  article: Article;
  /** Something the cataloguer should know about the record just made (a region with no text in it). */
  notice?: { 'zh-CN': string; en: string };
}
interface RegionData {
  /** The page to show first when there are no regions yet. */
  start?: number;
  pages: { seq: number; label: string | null; width: number; height: number; image: string }[];
  others: { id: string; title: string; regions: Region[] }[];
}
interface EditorData extends RegionData {
  id: string;
  version: number;
  article: Article;
  /** The next article of the issue still to catalogue. */
  next?: string | null;
  /** The paper's template: fields most of its articles share. */
  template?: { title: string; fields: { genre?: string; column?: string; creators?: { name: string; role: string }[]; subjects?: { term: string; scheme: string }[]; places?: { name: string; code?: string }[]; organizations?: string[] } } | null;
  /** The article printed before, with what often carries over. */
  previous?: { id: string; title: string; column: string | null; genre: string | null; creators: { name: string; role: string }[] } | null;
}
/** What authority control did to a save: variants saved as preferred terms, names no vocabulary knows. */
interface AuthorityReport {
  changed: { field: string; typed: string; preferred: string }[];
  unknown: { field: string; name: string }[];
}

// ── 专题编辑: the topic form, sent whole with its version ─────────────────────────────────────────

const topicForm = document.getElementById('topic-form') as HTMLFormElement | null;
if (topicForm) {
  topicForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = document.getElementById('editor-message')!;
    const form = new FormData(topicForm);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const sections = [...topicForm.querySelectorAll<HTMLFieldSetElement>('fieldset[data-section]')]
      .map((fieldset) => fieldset.dataset.section!)
      .filter((i) => text(`heading-${i}`))
      .map((i) => ({
        heading: text(`heading-${i}`),
        caption: text(`caption-${i}`),
        articles: text(`articles-${i}`).split(/\s+/).filter(Boolean),
        ...(text(`q-${i}`) || text(`subject-${i}`) ? { search: { q: text(`q-${i}`), ...(text(`subject-${i}`) ? { subject: text(`subject-${i}`) } : {}) } } : {}),
      }));
    const slug = topicForm.dataset.slug!;
    const topic = { slug, title: text('title'), intro: String(form.get('intro') ?? ''), status: text('status'), sections };
    const answer = await api<{ version: number }>(`/api/topics/${slug}`, 'PUT', { version: Number(topicForm.dataset.version), topic });
    if (!answer.ok) {
      message.textContent = answer.body.error?.message ?? String(answer.status);
      return;
    }
    sessionStorage.setItem('difang-flash', say(`专题已保存（版本 ${answer.body.version}）`, `Topic saved (version ${answer.body.version})`));
    location.reload();
  });
  const flash = sessionStorage.getItem('difang-flash');
  if (flash) {
    document.getElementById('editor-message')!.textContent = flash;
    sessionStorage.removeItem('difang-flash');
  }
}

const dataElement = document.getElementById('editor-data');
if (dataElement) startEditor(JSON.parse(dataElement.textContent ?? '{}') as EditorData);
const segmentElement = document.getElementById('segment-data');
if (segmentElement) startSegmenter(JSON.parse(segmentElement.textContent ?? '{}') as RegionData & { issueId: string });

/**
 * 待切分: regions drawn on a page become a new article, and the page stays open for the next one
 * (what was cut is drawn faintly and listed); "page done" opens the first article cut, whose 送审
 * leads on to the next.
 */
function startSegmenter(data: RegionData & { issueId: string }): void {
  const regions: Region[] = [];
  const editor = regionEditor(data, regions);
  const message = document.getElementById('editor-message')!;
  const list = document.getElementById('cut-list');
  const cut: string[] = [];
  let creating = false;
  async function create(): Promise<void> {
    if (creating) return;
    if (regions.length === 0) {
      message.textContent = say('请先画框', 'Draw a region first');
      return;
    }
    creating = true;
    const answer = await api<CatalogRecord>(`/api/catalog/issues/${data.issueId}/articles`, 'POST', { regions }).finally(() => (creating = false));
    if (!answer.ok) {
      message.textContent = answer.body.error?.message ?? String(answer.status);
      return;
    }
    cut.push(answer.body.id);
    data.others.push({ id: answer.body.id, title: '', regions: regions.splice(0, regions.length) });
    editor.render();
    const item = document.createElement('li');
    const link = Object.assign(document.createElement('a'), { href: `/catalog/articles/${answer.body.id}`, textContent: answer.body.id });
    item.append(link);
    list?.append(item);
    const notice = answer.body.notice ? say(answer.body.notice['zh-CN'], answer.body.notice.en) : '';
    message.textContent = say(`已建第 ${cut.length} 篇，可以接着框下一篇。${notice}`, `Article ${cut.length} created; outline the next. ${notice}`);
  }
  document.getElementById('create-article')?.addEventListener('click', () => void create());
  document.getElementById('page-done')?.addEventListener('click', () => {
    location.href = cut[0] ? `/catalog/articles/${cut[0]}` : '/catalog/pages';
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.altKey || (event.target as HTMLElement).closest('input, textarea, select, button, a')) return;
    event.preventDefault();
    void create();
  });
}

function startEditor(data: EditorData): void {
  const form = document.getElementById('record-form') as HTMLFormElement;
  const message = document.getElementById('editor-message')!;
  const regions: Region[] = data.article.regions.map((region) => ({ ...region }));
  const knownPlaceCodes = new Map(data.article.places.filter((place) => place.code).map((place) => [place.name, place.code!]));
  const knownSchemes = new Map(data.article.subjects.map((subject) => [subject.term, subject.scheme]));
  let version = data.version;

  const flash = sessionStorage.getItem('difang-flash');
  if (flash) {
    message.textContent = flash;
    sessionStorage.removeItem('difang-flash');
  }
  const pane = regionEditor(data, regions);

  // ── the OCR text beside the image: a line clicked is shown on the page; a double click on the page finds its line ──
  const lineButtons = [...document.querySelectorAll<HTMLButtonElement>('button.ocr-line')];
  const boxOf = (button: HTMLButtonElement): Region => {
    const [x, y, w, h] = (button.dataset.box ?? '0,0,0,0').split(',').map(Number) as [number, number, number, number];
    return { seq: Number(button.dataset.seq), x, y, w, h };
  };
  const showLine = (button: HTMLButtonElement) => {
    for (const other of lineButtons) other.setAttribute('aria-current', String(other === button));
    pane.highlight(boxOf(button));
  };
  for (const button of lineButtons) button.addEventListener('click', () => showLine(button));
  document.getElementById('region-editor')?.addEventListener('page-point', (event) => {
    const { seq, x, y } = (event as CustomEvent<{ seq: number; x: number; y: number }>).detail;
    const found = lineButtons.find((button) => {
      const box = boxOf(button);
      return box.seq === seq && x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h;
    });
    if (!found) return;
    found.closest('details')?.setAttribute('open', '');
    found.scrollIntoView({ block: 'nearest' });
    found.focus({ preventScroll: true });
    showLine(found);
  });

  // ── the record's fields ──
  const value = (name: string): string => String(new FormData(form).get(name) ?? '').trim();
  const optional = (name: string): string | null => value(name) || null;
  const listOf = (name: string): string[] => [...new Set(value(name).split(/[、,，;；\n]+/).map((part) => part.trim()).filter(Boolean))];
  // 责任者 roles as cataloguers write them (记者, 通讯员, or the English key), and as bylines print them.
  const creatorRoles = new Map<string, string>();
  for (const pair of (form.querySelector<HTMLTextAreaElement>('[name="creators"]')?.dataset.roles ?? '').split(',')) {
    const [role, term] = pair.split(':');
    if (role) creatorRoles.set(role, role).set(term ?? role, role);
  }
  for (const [printed, role] of [['本报记者', 'reporter'], ['特约记者', 'reporter'], ['特约通讯员', 'correspondent'], ['摄', 'photographer'], ['图', 'photographer'], ['文', 'author'], ['译', 'translator'], ['责任编辑', 'editor']] as const) {
    if (creatorRoles.has(role)) creatorRoles.set(printed, role);
  }
  /** Creators as the field shows them, one a line: 林晓红,记者 (the role's Chinese term). */
  const roleTerms = new Map<string, string>();
  for (const [term, role] of creatorRoles) if (term !== role && /\p{Script=Han}/u.test(term) && !roleTerms.has(role)) roleTerms.set(role, term);
  const creatorLines = (creators: readonly { name: string; role: string }[]): string => creators.map((creator) => `${creator.name},${roleTerms.get(creator.role) ?? creator.role}`).join('\n');

  function changes(): Record<string, unknown> {
    const text = (form.querySelector<HTMLTextAreaElement>('[name="correctedText"]')?.value ?? '').replace(/\r\n/g, '\n');
    return {
      title: value('title'),
      kicker: optional('kicker'),
      subtitle: optional('subtitle'),
      column: optional('column'),
      genre: optional('genre'),
      abstract: optional('abstract'),
      temporal: optional('temporal'),
      creators: value('creators')
        .split('\n')
        .map((line) => line.split(/[,，]/).map((part) => part.trim()))
        .filter(([name]) => name)
        .map(([name, role]) => ({ name, role: (role && creatorRoles.get(role)) || 'author' })),
      subjects: listOf('subjects').map((term) => ({ term, scheme: knownSchemes.get(term) ?? 'CCT' })),
      keywords: listOf('keywords'),
      persons: listOf('persons'),
      organizations: listOf('organizations'),
      places: listOf('places').map((name) => (knownPlaceCodes.has(name) ? { name, code: knownPlaceCodes.get(name) } : { name })),
      clc: listOf('clc'),
      regions,
      correctedText: text,
    };
  }
  let saved = JSON.stringify(changes());
  let discarding = false;
  const dirty = (): boolean => !discarding && JSON.stringify(changes()) !== saved;

  // ── a stale save: field by field, what this person typed beside what the other saved ──
  const comparedFields: [string, string, string][] = [
    ['title', '篇名', 'Headline'],
    ['kicker', '引题', 'Kicker'],
    ['subtitle', '副题', 'Subtitle'],
    ['column', '栏目', 'Column'],
    ['genre', '体裁', 'Genre'],
    ['creators', '责任者', 'Creators'],
    ['subjects', '主题词', 'Subjects'],
    ['keywords', '关键词', 'Keywords'],
    ['persons', '人名', 'Persons'],
    ['places', '地名', 'Places'],
    ['organizations', '机构名', 'Organizations'],
    ['clc', '中图分类号', 'CLC'],
    ['temporal', '内容时间', 'Time'],
    ['abstract', '摘要', 'Abstract'],
    ['correctedText', '正文', 'Text'],
    ['regions', '区域', 'Regions'],
  ];
  /** A record's fields as the form shows them, one string each. */
  function shown(article: Record<string, unknown>): Record<string, string> {
    const list = (values: unknown, pick: (value: never) => string = String) => (Array.isArray(values) ? (values as never[]).map(pick).join('、') : '');
    const text = article.text as { ocr: string; corrected?: string };
    return {
      title: String(article.title ?? ''),
      kicker: String(article.kicker ?? ''),
      subtitle: String(article.subtitle ?? ''),
      column: String(article.column ?? ''),
      genre: String(article.genre ?? ''),
      abstract: String(article.abstract ?? ''),
      temporal: String(article.temporal ?? ''),
      creators: creatorLines((article.creators as { name: string; role: string }[] | undefined) ?? []),
      subjects: list(article.subjects, (s: { term: string }) => s.term),
      keywords: list(article.keywords),
      persons: list(article.persons),
      places: list(article.places, (p: { name: string }) => p.name),
      organizations: list(article.organizations),
      clc: list(article.clc),
      correctedText: text.corrected ?? text.ocr,
      regions: JSON.stringify(article.regions ?? []),
    };
  }
  function mine(): Record<string, string> {
    const field = (name: string) => (form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? '').replace(/\r\n/g, '\n').trim();
    const lists = (name: string) => listOf(name).join('、');
    return {
      ...Object.fromEntries(['title', 'kicker', 'subtitle', 'column', 'genre', 'abstract', 'temporal'].map((name) => [name, field(name)])),
      creators: field('creators'),
      ...Object.fromEntries(['subjects', 'keywords', 'persons', 'places', 'organizations', 'clc'].map((name) => [name, lists(name)])),
      correctedText: (form.querySelector<HTMLTextAreaElement>('[name="correctedText"]')?.value ?? '').replace(/\r\n/g, '\n'),
      regions: JSON.stringify(regions),
    };
  }

  /** The fields as they were when this person opened (or last saved) the article. */
  let opened = mine();

  function stale(current: CatalogRecord): void {
    message.replaceChildren();
    const note = document.createElement('div');
    note.className = 'problem';
    note.setAttribute('role', 'alert');
    const intro = document.createElement('p');
    intro.textContent = say(
      `此篇目已被 ${current.article.updatedBy ?? '他人'} 改为版本 ${current.version}，你的修改还没有保存。下面逐项列出两边不同的地方：选择保留哪一边，再合并保存；或放弃你的修改，载入新版本。`,
      `This article was changed by ${current.article.updatedBy ?? 'someone else'} (now version ${current.version}); your changes are not saved yet. Where the two differ, choose which to keep and save the merge — or drop yours and load the new version.`,
    );
    note.append(intro);
    const ours = mine();
    const theirs = shown(current.article as unknown as Record<string, unknown>);
    const differing = comparedFields.filter(([name]) => (ours[name] ?? '') !== (theirs[name] ?? ''));
    const table = document.createElement('table');
    table.className = 'stale-compare';
    const caption = document.createElement('caption');
    caption.textContent = say('两个版本不同的著录项', 'Fields that differ');
    const head = document.createElement('tr');
    for (const label of [say('著录项', 'Field'), say('你的', 'Yours'), say(`${current.article.updatedBy ?? '他人'} 的`, `${current.article.updatedBy ?? 'Theirs'}`)]) head.append(Object.assign(document.createElement('th'), { textContent: label, scope: 'col' }));
    table.append(caption, head);
    const brief = (text: string, name: string) => (name === 'regions' ? say(`${JSON.parse(text || '[]').length} 个区域`, `${JSON.parse(text || '[]').length} regions`) : text.length > 160 ? `${text.slice(0, 157)}…` : text || '∅');
    for (const [name, zhLabel, enLabel] of differing) {
      const row = document.createElement('tr');
      row.dataset.field = name;
      row.append(Object.assign(document.createElement('th'), { textContent: say(zhLabel, enLabel), scope: 'row' }));
      for (const [side, value] of [['mine', ours[name] ?? ''], ['theirs', theirs[name] ?? '']] as const) {
        const cell = document.createElement('td');
        const label = document.createElement('label');
        // Yours where you changed the field since opening it, theirs elsewhere.
        const keepMine = (ours[name] ?? '') !== (opened[name] ?? '');
        const radio = Object.assign(document.createElement('input'), { type: 'radio', name: `keep-${name}`, value: side, checked: (side === 'mine') === keepMine });
        label.append(radio, ' ', brief(value, name));
        cell.append(label);
        row.append(cell);
      }
      table.append(row);
    }
    const merge = document.createElement('button');
    merge.type = 'button';
    merge.textContent = say('按所选合并并保存', 'Save the merge as chosen');
    merge.addEventListener('click', () => {
      // The chosen values go into the form; the save then names the newer version.
      for (const [name] of differing) {
        if (table.querySelector<HTMLInputElement>(`input[name="keep-${name}"]:checked`)?.value !== 'theirs') continue;
        if (name === 'regions') regions.splice(0, regions.length, ...(current.article.regions ?? []));
        else {
          const input = form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]`);
          if (input) input.value = theirs[name] ?? '';
        }
      }
      version = current.version;
      void save().then((ok) => {
        if (!ok) return;
        sessionStorage.setItem('difang-flash', say(`已合并保存（版本 ${version}）`, `Merged and saved (version ${version})`));
        discarding = true;
        location.reload();
      });
    });
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = say('放弃我的修改，载入新版本', 'Drop my changes and load the new version');
    reload.addEventListener('click', () => {
      // The person chose to drop their changes for the newer version.
      discarding = true;
      location.reload();
    });
    note.append(table, merge, ' ', reload);
    message.append(note);
    message.scrollIntoView({ block: 'center' });
    merge.focus();
  }

  async function save(): Promise<boolean> {
    const answer = await api<CatalogRecord & { authority?: AuthorityReport }>(`/api/catalog/articles/${data.id}`, 'PUT', { version, changes: changes() });
    if (answer.status === 412 && answer.body.current) {
      stale(answer.body.current);
      return false;
    }
    if (!answer.ok) {
      message.textContent = answer.body.error?.message ?? String(answer.status);
      return false;
    }
    version = answer.body.version;
    opened = mine();
    const authority = answer.body.authority ?? { changed: [], unknown: [] };
    // Variants were saved as their preferred terms: show the fields as stored.
    const stored = answer.body.article as Article & { persons?: string[]; organizations?: string[] };
    for (const [field, values] of [['persons', stored.persons], ['organizations', stored.organizations], ['places', stored.places.map((p) => p.name)], ['subjects', stored.subjects.map((t) => t.term)]] as const) {
      const input = form.querySelector<HTMLInputElement>(`[name="${field}"]`);
      if (input && values) input.value = values.join('、');
    }
    for (const place of stored.places) if (place.code) knownPlaceCodes.set(place.name, place.code);
    saved = JSON.stringify(changes());
    const notes = [
      ...(authority.changed.length > 0 ? [say(`已按规范词保存：${authority.changed.map((c) => `${c.typed}→${c.preferred}`).join('，')}`, `Saved as preferred terms: ${authority.changed.map((c) => `${c.typed} → ${c.preferred}`).join(', ')}`)] : []),
      ...(authority.unknown.length > 0 ? [say(`词表未收录（待审核）：${authority.unknown.map((u) => u.name).join('、')}`, `Not in the vocabularies (to review): ${authority.unknown.map((u) => u.name).join(', ')}`)] : []),
    ];
    message.textContent = [say(`已保存（版本 ${version}）`, `Saved (version ${version})`), ...notes].join(say('。', '. '));
    return true;
  }

  async function act(action: string): Promise<void> {
    if (dirty() && !(await save())) return;
    const comment = value('reviewComment');
    const answer = await api<CatalogRecord>(`/api/catalog/articles/${data.id}/${action}`, 'POST', { version, ...(comment ? { comment } : {}) });
    if (answer.status === 412 && answer.body.current) return stale(answer.body.current);
    if (!answer.ok) {
      message.textContent = answer.body.error?.message ?? String(answer.status);
      return;
    }
    const done = say(`已${document.querySelector(`[data-action="${action}"]`)?.textContent ?? action}（版本 ${answer.body.version}）`, `${action}: done (version ${answer.body.version})`);
    // After 送审 the next article of the issue still to catalogue opens at once.
    if (action === 'submit' && data.next) {
      sessionStorage.setItem('difang-flash', `${done}${say('。这是本期下一篇待著录的篇目。', '. This is the next article of the issue to catalogue.')}`);
      discarding = true;
      location.href = `/catalog/articles/${data.next}`;
      return;
    }
    sessionStorage.setItem('difang-flash', done);
    location.reload();
  }

  // Splitting the article in two where a second story begins: unsaved changes first, then the split.
  document.getElementById('region-editor')?.addEventListener('split-article', (event) => {
    void (async () => {
      const at = (event as CustomEvent<{ at: number }>).detail.at;
      if (at < 1) {
        message.textContent = say('请选中第二篇开始的那个区域（不能是第一个区域）。', 'Select the region where the second article begins (not the first region).');
        return;
      }
      if (!confirm(say(`把第 ${at + 1} 个区域及其后的区域另成一篇新篇目？`, `Make regions ${at + 1} onwards a new article?`))) return;
      if (dirty() && !(await save())) return;
      const answer = await api<{ kept: CatalogRecord; created: CatalogRecord }>(`/api/catalog/articles/${data.id}/split`, 'POST', { version, at });
      if (answer.status === 412 && answer.body.current) return stale(answer.body.current);
      if (!answer.ok) {
        message.textContent = answer.body.error?.message ?? String(answer.status);
        return;
      }
      sessionStorage.setItem('difang-flash', say(`已拆分：后半部分成为新篇目 ${answer.body.created.id}，请为它著录。`, `Split: the rest is now article ${answer.body.created.id}; catalogue it next.`));
      discarding = true;
      location.href = `/catalog/articles/${answer.body.created.id}`;
    })();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await save()) {
      sessionStorage.setItem('difang-flash', message.textContent ?? '');
      location.reload();
    }
  });
  for (const button of form.querySelectorAll<HTMLButtonElement>('button[data-action]:not([data-action="save"])')) {
    button.addEventListener('click', () => void act(button.dataset.action!));
  }
  window.addEventListener('beforeunload', (event) => {
    if (dirty()) event.preventDefault();
  });

  // ── suggestions: accept into a field, or reject (remembered for this article) ──
  interface Suggestion {
    name?: string;
    word?: string;
    text?: string;
    clc?: string;
    iso?: string;
    code?: string;
    source?: 'vocabulary' | 'gazetteer' | 'text';
    why?: { 'zh-CN': string; en: string };
  }
  const fieldOf: Record<string, { field: string; label: string }> = {
    keywords: { field: 'keywords', label: say('关键词', 'Keyword') },
    subjects: { field: 'subjects', label: say('主题词', 'Subject') },
    persons: { field: 'persons', label: say('人名', 'Person') },
    places: { field: 'places', label: say('地名', 'Place') },
    organizations: { field: 'organizations', label: say('机构名', 'Organization') },
    clc: { field: 'clc', label: say('中图分类号', 'CLC') },
    dates: { field: 'temporal', label: say('内容时间', 'Time') },
  };
  const sourceLabel: Record<string, string> = { vocabulary: say('词表', 'vocabulary'), gazetteer: say('区划', 'gazetteer'), text: say('文本', 'text') };
  const host = document.getElementById('suggestions');
  function accept(item: HTMLLIElement): void {
    const { kind = '', term = '', code } = item.dataset;
    const target = fieldOf[kind];
    const input = target && form.querySelector<HTMLInputElement>(`[name="${target.field}"]`);
    if (target && input) {
      if (target.field === 'temporal') input.value = input.value || term;
      else if (!listOf(target.field).includes(term)) input.value = [...listOf(target.field), term].join('、');
    }
    if (kind === 'places' && code) knownPlaceCodes.set(term, code);
    leave(item);
  }
  function reject(item: HTMLLIElement): void {
    const { kind = '', term = '' } = item.dataset;
    if (kind !== 'dates') void api(`/api/articles/${data.id}/suggestions/rejected`, 'POST', { kind, name: term });
    leave(item);
  }
  // The next suggestion takes the focus, so a run of them is judged with the keyboard alone.
  function leave(item: HTMLLIElement): void {
    const next = (item.nextElementSibling ?? item.previousElementSibling) as HTMLLIElement | null;
    item.remove();
    if (next?.dataset.term) next.focus();
  }
  void loadSuggestions();
  async function loadSuggestions(): Promise<void> {
    if (!host) return;
    const answer = await api<{ suggestions: Record<string, Suggestion[]> & { title?: { text: string; why: { 'zh-CN': string; en: string } } | null } }>(`/api/articles/${data.id}/suggestions`, 'GET');
    if (!answer.ok) return;
    // An empty title starts as the headline printed inside the region, selected: Enter-ready, or typed over.
    const headline = answer.body.suggestions.title;
    const titleInput = form.querySelector<HTMLInputElement>('[name="title"]');
    if (headline && titleInput && !titleInput.value.trim()) {
      titleInput.value = headline.text;
      titleInput.dataset.prefilled = 'true';
      const note = document.createElement('small');
      note.className = 'hint';
      note.id = 'title-prefilled';
      note.textContent = say(`已按版面预填（${headline.why['zh-CN']}），请核对`, `Prefilled from the page (${headline.why.en}); check it`);
      titleInput.setAttribute('aria-describedby', note.id);
      titleInput.after(note);
      if (document.activeElement === document.body) {
        titleInput.focus();
        titleInput.select();
      }
    }
    const items: HTMLLIElement[] = [];
    for (const [kind, suggestions] of Object.entries(answer.body.suggestions)) {
      const target = fieldOf[kind];
      if (!target || !Array.isArray(suggestions)) continue;
      for (const suggestion of suggestions.slice(0, 12)) {
        const term = kind === 'dates' ? suggestion.iso : (suggestion.name ?? suggestion.word ?? suggestion.clc ?? suggestion.text);
        if (!term) continue;
        const item = document.createElement('li');
        item.tabIndex = 0;
        item.dataset.kind = kind;
        item.dataset.term = term;
        if (suggestion.code) item.dataset.code = suggestion.code;
        if (suggestion.source) item.dataset.source = suggestion.source;
        const why = suggestion.why ? (zh ? suggestion.why['zh-CN'] : suggestion.why.en) : kind === 'dates' ? (suggestion.text ?? '') : '';
        const label = document.createElement('span');
        label.textContent = `${target.label}：${term}`;
        const badge = document.createElement('span');
        badge.className = `suggestion-source source-${suggestion.source ?? 'text'}`;
        badge.textContent = sourceLabel[suggestion.source ?? 'text'] ?? '';
        const reason = document.createElement('small');
        reason.className = 'suggestion-why';
        reason.textContent = why;
        const acceptButton = document.createElement('button');
        acceptButton.type = 'button';
        acceptButton.textContent = '✓';
        acceptButton.tabIndex = -1;
        acceptButton.setAttribute('aria-label', fill(host.dataset.accept ?? '{term}', { term }));
        acceptButton.addEventListener('click', () => accept(item));
        const rejectButton = document.createElement('button');
        rejectButton.type = 'button';
        rejectButton.textContent = '✗';
        rejectButton.tabIndex = -1;
        rejectButton.setAttribute('aria-label', fill(host.dataset.reject ?? '{term}', { term }));
        rejectButton.addEventListener('click', () => reject(item));
        item.setAttribute('aria-label', `${target.label}：${term}。${why}`);
        item.append(label, ' ', badge, ' ', acceptButton, ' ', rejectButton, reason);
        items.push(item);
      }
    }
    host.replaceChildren(...(items.length > 0 ? items : [Object.assign(document.createElement('li'), { textContent: host.dataset.empty ?? '' })]));
    // Enter or + accepts the focused suggestion, Delete or - rejects it, arrows move between them.
    host.onkeydown = (event) => {
      const item = (event.target as HTMLElement).closest('li');
      if (!item?.dataset.term) return;
      const keys: Record<string, () => void> = {
        Enter: () => accept(item),
        '+': () => accept(item),
        Delete: () => reject(item),
        Backspace: () => reject(item),
        '-': () => reject(item),
        ArrowDown: () => (item.nextElementSibling as HTMLElement | null)?.focus(),
        ArrowUp: () => (item.previousElementSibling as HTMLElement | null)?.focus(),
      };
      const act = keys[event.key];
      if (act) {
        event.preventDefault();
        event.stopPropagation();
        act();
      }
    };
  }
  /** Every suggestion from a vocabulary or the gazetteer, at once (Alt+A). */
  function acceptAllControlled(): void {
    for (const item of host?.querySelectorAll<HTMLLIElement>('li[data-source="vocabulary"], li[data-source="gazetteer"]') ?? []) accept(item);
  }
  document.getElementById('accept-controlled')?.addEventListener('click', acceptAllControlled);

  /** A value carried into a field the cataloguer left empty (a filled one stays as it is). */
  function fillEmpty(name: string, value: string | null | undefined): void {
    const input = form.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[name="${name}"]`);
    if (input && value && !input.value.trim()) input.value = value;
  }

  // ── carried over from the article printed before: 栏目, 体裁, 责任者, into empty fields only ──
  function carryPrevious(): void {
    const previous = data.previous;
    if (!previous) return;
    fillEmpty('column', previous.column);
    fillEmpty('genre', previous.genre);
    fillEmpty('creators', creatorLines(previous.creators));
    message.textContent = say(`已沿用上一篇（${previous.title || previous.id}）的栏目、体裁、责任者`, `Carried over from the previous article (${previous.title || previous.id})`);
  }
  document.getElementById('carry-previous')?.addEventListener('click', carryPrevious);

  // ── the paper's template: applied to empty fields (Alt+T); saved from this article ──
  function applyTemplate(): void {
    const fields = data.template?.fields;
    if (!fields) return;
    fillEmpty('genre', fields.genre);
    fillEmpty('column', fields.column);
    fillEmpty('creators', fields.creators ? creatorLines(fields.creators) : undefined);
    fillEmpty('subjects', fields.subjects?.map((subject) => subject.term).join('、'));
    fillEmpty('places', fields.places?.map((place) => place.name).join('、'));
    fillEmpty('organizations', fields.organizations?.join('、'));
    for (const place of fields.places ?? []) if (place.code) knownPlaceCodes.set(place.name, place.code);
    message.textContent = say('已套用本报模板（只填空着的著录项）', "Applied the paper's template (empty fields only)");
  }
  document.getElementById('apply-template')?.addEventListener('click', applyTemplate);
  document.getElementById('save-template')?.addEventListener('click', async (event) => {
    const title = (event.currentTarget as HTMLButtonElement).dataset.title!;
    const current = changes() as { genre: string | null; column: string | null; creators: unknown[]; subjects: unknown[]; places: unknown[]; organizations: string[] };
    const fields = { genre: current.genre ?? undefined, column: current.column ?? undefined, creators: current.creators, subjects: current.subjects, places: current.places, organizations: current.organizations };
    const answer = await api<{ fields: Record<string, unknown> }>(`/api/catalog/templates/${title}`, 'PUT', { fields });
    message.textContent = answer.ok ? say('已存为本报模板', "Saved as the paper's template") : (answer.body.error?.message ?? String(answer.status));
    if (answer.ok) data.template = { title, fields: answer.body.fields as NonNullable<EditorData['template']>['fields'] };
  });

  // ── authority control as one types: the vocabularies' terms for the name being typed ──
  const vocabularyOf: Record<string, string> = { persons: 'person', places: 'place', organizations: 'organization', subjects: 'subject', clc: 'clc' };
  for (const [field, vocabulary] of Object.entries(vocabularyOf)) {
    const input = form.querySelector<HTMLInputElement>(`[name="${field}"]`);
    if (!input) continue;
    const list = document.createElement('datalist');
    list.id = `terms-${field}`;
    input.setAttribute('list', list.id);
    input.after(list);
    let asked = '';
    input.addEventListener('input', async () => {
      // The part being typed is after the last separator; each option keeps what is before it.
      const parts = input.value.split(/([、,，;；])/);
      const typing = (parts.at(-1) ?? '').trim();
      if (typing.length === 0 || typing === asked) return;
      asked = typing;
      const answer = await api<{ suggestions: { preferred: string; code: string | null }[] }>(`/api/vocabularies/${vocabulary}/suggest?q=${encodeURIComponent(typing)}&limit=8`, 'GET');
      if (!answer.ok || asked !== typing) return;
      const before = parts.slice(0, -1).join('');
      list.replaceChildren(
        ...answer.body.suggestions.map((term) => {
          const option = document.createElement('option');
          option.value = `${before}${vocabulary === 'clc' && term.code ? term.code : term.preferred}`;
          option.label = term.code ? `${term.preferred} ${term.code}` : term.preferred;
          if (vocabulary === 'place' && term.code) knownPlaceCodes.set(term.preferred, term.code);
          return option;
        }),
      );
    });
  }

  // ── keyboard ──
  document.addEventListener('keydown', (event) => {
    const typing = (event.target as HTMLElement).closest('input, textarea, select');
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (event.altKey && event.code === 'KeyS') {
      event.preventDefault();
      host?.querySelector<HTMLLIElement>('li[data-term]')?.focus();
      return;
    }
    // The article printed before / after this one (unsaved changes are saved first).
    if (event.altKey && (event.key === 'PageUp' || event.key === 'PageDown')) {
      const link = document.getElementById(event.key === 'PageUp' ? 'article-before' : 'article-after') as HTMLAnchorElement | null;
      if (!link) return;
      event.preventDefault();
      void (async () => {
        if (dirty() && !(await save())) return;
        discarding = true;
        location.href = link.href;
      })();
      return;
    }
    if (event.altKey && event.code === 'KeyT') {
      event.preventDefault();
      applyTemplate();
      return;
    }
    if (event.altKey && event.code === 'KeyP') {
      event.preventDefault();
      carryPrevious();
      return;
    }
    if (event.altKey && event.code === 'KeyA') {
      event.preventDefault();
      acceptAllControlled();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      const submit = form.querySelector<HTMLButtonElement>('[data-action="submit"]');
      if (submit) void act('submit');
      return;
    }
  });
}

/**
 * The page image with an SVG on top in the image's own pixel coordinates; `regions` is edited in
 * place: drawn, moved, resized, split, merged, removed, reordered, by pointer and by keyboard.
 */
function regionEditor(data: RegionData, regions: Region[]): { render: () => void; highlight: (line: Region) => void } {
  const host = document.getElementById('region-editor')!;
  const list = document.getElementById('region-list')!;
  let seq = regions[0]?.seq ?? data.start ?? data.pages[0]?.seq ?? 1;
  let selected: number | null = null;
  let drawing = false;
  const image = document.createElement('img');
  image.alt = '';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('data-testid', 'region-svg');
  host.append(image, svg);

  const pageOf = (n: number) => data.pages.find((page) => page.seq === n) ?? data.pages[0]!;
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('.page-tabs [data-seq]')];

  // Zoom: 1 shows the whole page in the pane; larger scales it within the pane, which scrolls, and
  // asks the IIIF image service for a sharper rendering (in steps, so renderings are reused).
  const viewport = document.getElementById('region-viewport');
  const zoomSteps = [1, 1.5, 2, 3, 4];
  let zoomAt = 0;
  function layout(): void {
    const page = pageOf(seq);
    if (!viewport) {
      image.src = page.image;
      return;
    }
    const fit = Math.max(200, Math.min(viewport.clientWidth, (Math.max(300, viewport.clientHeight) * page.width) / page.height));
    const width = Math.round(fit * zoomSteps[zoomAt]!);
    const centre = { x: (viewport.scrollLeft + viewport.clientWidth / 2) / Math.max(1, host.clientWidth), y: (viewport.scrollTop + viewport.clientHeight / 2) / Math.max(1, host.clientHeight) };
    host.style.width = `${width}px`;
    viewport.scrollLeft = centre.x * width - viewport.clientWidth / 2;
    viewport.scrollTop = (centre.y * width * page.height) / page.width - viewport.clientHeight / 2;
    const wanted = Math.min(page.width, [1200, 2400, 4800].find((step) => step >= width * devicePixelRatio) ?? 4800);
    const src = page.image.replace(/\/full\/\d+,\//, `/full/${wanted},/`);
    if (image.getAttribute('src') !== src) image.src = src;
  }
  function zoom(to: number): void {
    zoomAt = Math.max(0, Math.min(zoomSteps.length - 1, to));
    layout();
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-zoom]')) {
    button.addEventListener('click', () => zoom(button.dataset.zoom === 'in' ? zoomAt + 1 : button.dataset.zoom === 'out' ? zoomAt - 1 : 0));
  }
  window.addEventListener('resize', layout);

  function showPage(n: number): void {
    seq = n;
    const page = pageOf(n);
    layout();
    svg.setAttribute('viewBox', `0 0 ${page.width} ${page.height}`);
    host.style.aspectRatio = `${page.width} / ${page.height}`;
    for (const tab of tabs) tab.setAttribute('aria-selected', String(Number(tab.dataset.seq) === n));
    render();
  }

  function rect(region: Region, className: string, attributes: Record<string, string> = {}): SVGRectElement {
    const element = document.createElementNS(svgNs, 'rect');
    for (const [name, value] of Object.entries({ x: region.x, y: region.y, width: region.w, height: region.h })) element.setAttribute(name, String(value));
    element.setAttribute('class', className);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  }

  /** An OCR line shown on the page (from the text pane). */
  let highlighted: Region | null = null;

  function render(): void {
    const page = pageOf(seq);
    const handle = Math.max(12, Math.round(page.width / 120));
    const children: SVGElement[] = [];
    if (highlighted && highlighted.seq === seq) children.push(rect(highlighted, 'ocr-highlight'));
    for (const other of data.others) for (const region of other.regions.filter((r) => r.seq === seq)) children.push(rect(region, 'other-region'));
    regions.forEach((region, index) => {
      if (region.seq !== seq) return;
      children.push(rect(region, index === selected ? 'region selected' : 'region', { 'data-index': String(index), 'data-testid': 'region' }));
      const label = document.createElementNS(svgNs, 'text');
      label.setAttribute('x', String(region.x + handle / 2));
      label.setAttribute('y', String(region.y + handle * 2.5));
      label.setAttribute('font-size', String(handle * 2.5));
      label.setAttribute('class', 'region-number');
      label.textContent = String(index + 1);
      children.push(label);
      if (index === selected) {
        for (const [corner, cx, cy] of [
          ['nw', region.x, region.y],
          ['ne', region.x + region.w, region.y],
          ['sw', region.x, region.y + region.h],
          ['se', region.x + region.w, region.y + region.h],
        ] as const) {
          children.push(rect({ seq, x: cx - handle, y: cy - handle, w: handle * 2, h: handle * 2 }, 'handle', { 'data-corner': corner }));
        }
      }
    });
    svg.replaceChildren(...children);
    const template = list.dataset.item ?? '{n}. {seq} {w}×{h}';
    list.replaceChildren(
      ...regions.map((region, index) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = fill(template, { n: index + 1, seq: region.seq, w: region.w, h: region.h });
        button.setAttribute('aria-pressed', String(index === selected));
        button.addEventListener('click', () => select(index));
        item.append(button);
        return item;
      }),
    );
  }

  function select(index: number | null): void {
    selected = index;
    if (index !== null && regions[index] && regions[index]!.seq !== seq) showPage(regions[index]!.seq);
    else render();
  }

  // Pointer: move a region, resize by a corner, or draw a new one.
  const point = (event: PointerEvent): { x: number; y: number } => {
    const matrix = svg.getScreenCTM()?.inverse();
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
    const page = pageOf(seq);
    return { x: Math.min(page.width, Math.max(0, Math.round(p.x))), y: Math.min(page.height, Math.max(0, Math.round(p.y))) };
  };
  type Drag = { kind: 'move'; index: number; from: { x: number; y: number }; start: Region } | { kind: 'resize'; index: number; corner: string; start: Region } | { kind: 'draw'; from: { x: number; y: number } };
  let drag: Drag | null = null;
  let band: SVGRectElement | null = null;

  // A double click on the page asks the text pane for the line printed there. Counted here, not by
  // dblclick: the first click re-draws the regions, so the two clicks never meet one element.
  let lastDown = { at: 0, x: -1, y: -1 };
  svg.addEventListener('pointerdown', (event) => {
    const target = event.target as SVGElement;
    const at = point(event);
    const now = event.timeStamp;
    if (now - lastDown.at < 450 && Math.abs(event.clientX - lastDown.x) < 6 && Math.abs(event.clientY - lastDown.y) < 6) {
      host.dispatchEvent(new CustomEvent('page-point', { detail: { seq, ...at }, bubbles: true }));
    }
    lastDown = { at: now, x: event.clientX, y: event.clientY };
    // The keys that follow (Enter to create, Delete, arrows) are about this page.
    host.focus({ preventScroll: true });
    if (drawing) {
      drag = { kind: 'draw', from: at };
      band = rect({ seq, x: at.x, y: at.y, w: 1, h: 1 }, 'region drawing');
      svg.append(band);
    } else if (target.dataset.corner && selected !== null) {
      drag = { kind: 'resize', index: selected, corner: target.dataset.corner, start: { ...regions[selected]! } };
    } else if (target.dataset.index) {
      const index = Number(target.dataset.index);
      select(index);
      drag = { kind: 'move', index, from: at, start: { ...regions[index]! } };
    } else {
      // A drag on the page outside every region draws one (no need to press D first); a click deselects.
      select(null);
      drag = { kind: 'draw', from: at };
      band = rect({ seq, x: at.x, y: at.y, w: 1, h: 1 }, 'region drawing');
      svg.append(band);
    }
    svg.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  svg.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const at = point(event);
    const page = pageOf(seq);
    if (drag.kind === 'draw' && band) {
      const box = boxBetween(drag.from, at);
      for (const [name, value] of Object.entries({ x: box.x, y: box.y, width: box.w, height: box.h })) band.setAttribute(name, String(value));
    } else if (drag.kind === 'move') {
      const { start } = drag;
      const region = regions[drag.index]!;
      region.x = Math.min(page.width - start.w, Math.max(0, start.x + at.x - drag.from.x));
      region.y = Math.min(page.height - start.h, Math.max(0, start.y + at.y - drag.from.y));
      render();
    } else if (drag.kind === 'resize') {
      const { start, corner } = drag;
      const left = corner.includes('w') ? at.x : start.x;
      const right = corner.includes('e') ? at.x : start.x + start.w;
      const top = corner.includes('n') ? at.y : start.y;
      const bottom = corner.includes('s') ? at.y : start.y + start.h;
      Object.assign(regions[drag.index]!, boxBetween({ x: left, y: top }, { x: right, y: bottom }));
      render();
    }
  });
  const finish = (event: PointerEvent) => {
    if (!drag) return;
    if (drag.kind === 'draw') {
      const box = boxBetween(drag.from, point(event));
      band?.remove();
      band = null;
      if (box.w >= 8 && box.h >= 8) {
        regions.push({ seq, ...box });
        selected = regions.length - 1;
      }
      setDrawing(false);
    }
    drag = null;
    render();
  };
  svg.addEventListener('pointerup', finish);
  svg.addEventListener('pointercancel', finish);

  function boxBetween(a: { x: number; y: number }, b: { x: number; y: number }): Omit<Region, 'seq'> {
    const x = Math.min(a.x, b.x);
    const y = Math.min(a.y, b.y);
    return { x, y, w: Math.max(1, Math.abs(a.x - b.x)), h: Math.max(1, Math.abs(a.y - b.y)) };
  }

  const drawButton = document.querySelector<HTMLButtonElement>('[data-tool="draw"]');
  function setDrawing(on: boolean): void {
    drawing = on;
    drawButton?.setAttribute('aria-pressed', String(on));
    host.classList.toggle('drawing', on);
  }

  const tools: Record<string, () => void> = {
    draw: () => setDrawing(!drawing),
    // A region across columns splits side by side, a tall one top and bottom; the halves can then be resized.
    split: () => {
      if (selected === null) return;
      const r = regions[selected]!;
      const halves: Region[] =
        r.w > r.h
          ? [{ ...r, w: Math.floor(r.w / 2) }, { ...r, x: r.x + Math.floor(r.w / 2), w: r.w - Math.floor(r.w / 2) }]
          : [{ ...r, h: Math.floor(r.h / 2) }, { ...r, y: r.y + Math.floor(r.h / 2), h: r.h - Math.floor(r.h / 2) }];
      regions.splice(selected, 1, ...halves);
      render();
    },
    // With the next region on the same page: one box around both.
    merge: () => {
      if (selected === null) return;
      const r = regions[selected]!;
      const next = regions.findIndex((other, index) => index > selected! && other.seq === r.seq);
      if (next < 0) return;
      const o = regions[next]!;
      const x = Math.min(r.x, o.x);
      const y = Math.min(r.y, o.y);
      regions[selected] = { seq: r.seq, x, y, w: Math.max(r.x + r.w, o.x + o.w) - x, h: Math.max(r.y + r.h, o.y + o.h) - y };
      regions.splice(next, 1);
      render();
    },
    remove: () => {
      if (selected === null) return;
      regions.splice(selected, 1);
      selected = null;
      render();
    },
    earlier: () => reorder(-1),
    later: () => reorder(1),
    // The article editor takes it from here (a save, then the split on the server).
    splitArticle: () => {
      if (selected === null) return;
      host.dispatchEvent(new CustomEvent('split-article', { detail: { at: selected }, bubbles: true }));
    },
  };
  function reorder(by: number): void {
    if (selected === null) return;
    const to = selected + by;
    if (to < 0 || to >= regions.length) return;
    [regions[selected], regions[to]] = [regions[to]!, regions[selected]!];
    selected = to;
    render();
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-tool]')) button.addEventListener('click', () => tools[button.dataset.tool!]?.());
  for (const tab of tabs) tab.addEventListener('click', () => showPage(Number(tab.dataset.seq)));

  document.addEventListener('keydown', (event) => {
    const typing = (event.target as HTMLElement).closest('input, textarea, select');
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const keyTools: Record<string, string> = { d: 'draw', s: 'split', m: 'merge', Delete: 'remove', Backspace: 'remove', '[': 'earlier', ']': 'later', ...(document.querySelector('[data-tool="splitArticle"]') ? { x: 'splitArticle' } : {}) };
    const zoomKeys: Record<string, () => void> = { '+': () => zoom(zoomAt + 1), '=': () => zoom(zoomAt + 1), '-': () => zoom(zoomAt - 1), '0': () => zoom(0) };
    if (zoomKeys[event.key]) {
      event.preventDefault();
      zoomKeys[event.key]!();
      return;
    }
    const tool = keyTools[event.key] ?? keyTools[event.key.toLowerCase()];
    if (tool) {
      event.preventDefault();
      tools[tool]!();
      return;
    }
    if (selected !== null && event.key.startsWith('Arrow')) {
      event.preventDefault();
      const r = regions[selected]!;
      const page = pageOf(r.seq);
      const step = Math.max(2, Math.round(page.width / 200));
      const dx = event.key === 'ArrowLeft' ? -step : event.key === 'ArrowRight' ? step : 0;
      const dy = event.key === 'ArrowUp' ? -step : event.key === 'ArrowDown' ? step : 0;
      if (event.shiftKey) {
        r.w = Math.max(8, Math.min(page.width - r.x, r.w + dx));
        r.h = Math.max(8, Math.min(page.height - r.y, r.h + dy));
      } else {
        r.x = Math.max(0, Math.min(page.width - r.w, r.x + dx));
        r.y = Math.max(0, Math.min(page.height - r.h, r.y + dy));
      }
      render();
    }
  });


  /** Shows an OCR line on its page, scrolled into the pane. */
  function highlight(line: Region): void {
    highlighted = line;
    if (line.seq !== seq) showPage(line.seq);
    else render();
    if (viewport) {
      const scale = host.clientWidth / pageOf(line.seq).width;
      const [left, top] = [line.x * scale, line.y * scale];
      if (left < viewport.scrollLeft || left + line.w * scale > viewport.scrollLeft + viewport.clientWidth) viewport.scrollLeft = left - 24;
      if (top < viewport.scrollTop || top + line.h * scale > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top - viewport.clientHeight / 3;
    }
  }

  showPage(seq);
  // An article opens zoomed to its regions on the page, as far as they fit the pane.
  const own = regions.filter((region) => region.seq === seq);
  if (viewport && own.length > 0) {
    const page = pageOf(seq);
    const left = Math.min(...own.map((r) => r.x));
    const top = Math.min(...own.map((r) => r.y));
    const right = Math.max(...own.map((r) => r.x + r.w));
    const bottom = Math.max(...own.map((r) => r.y + r.h));
    const fitWidth = host.clientWidth / zoomSteps[zoomAt]!;
    const fits = (step: number) => ((right - left) * fitWidth * step) / page.width <= viewport.clientWidth && ((bottom - top) * fitWidth * step) / page.width <= viewport.clientHeight;
    const best = zoomSteps.reduce((chosen, step, index) => (fits(step) ? index : chosen), 0);
    zoom(best);
    const scale = host.clientWidth / page.width;
    viewport.scrollLeft = left * scale - 16;
    viewport.scrollTop = top * scale - 16;
  }
  return { render, highlight };
}

export {};
