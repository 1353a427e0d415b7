/**
 * The administration page: the credential typed in once (kept in sessionStorage), ingest and OCR
 * jobs started and watched (progress and time left polled every two seconds), papers hidden from the public or shown
 * again, exports streamed with a progress bar (records counted as they arrive against
 * X-Total-Records) and offered as a download.
 */
const zh = document.documentElement.lang !== 'en';
const say = (chinese: string, english: string) => (zh ? chinese : english);
const tokenInput = document.getElementById('admin-token') as HTMLInputElement | null;
const message = document.getElementById('admin-message')!;

if (tokenInput) {
  tokenInput.value = sessionStorage.getItem('difang-admin-token') ?? '';
  tokenInput.addEventListener('change', () => {
    sessionStorage.setItem('difang-admin-token', tokenInput.value.trim());
    void refreshJobs();
  });
}

/** A signed-in administrator's session, when there is one: its CSRF token. */
let sessionCsrf: string | null = null;
void fetch('/api/session', { credentials: 'same-origin' })
  .then(async (response) => (response.ok ? ((await response.json()) as { roles: string[]; csrf: string | null }) : null))
  .then((session) => {
    if (session?.roles.includes('admin') && session.csrf) {
      sessionCsrf = session.csrf;
      void refreshJobs();
      void refreshTitles();
    }
  })
  .catch(() => undefined);

/** The typed credential when there is one, else the administrator's session. */
const authorized = (init: RequestInit = {}): RequestInit => {
  const typed = tokenInput?.value.trim();
  const proof: Record<string, string> = typed ? { Authorization: `Bearer ${typed}` } : sessionCsrf ? { 'X-CSRF-Token': sessionCsrf } : {};
  return { ...init, credentials: 'same-origin', headers: { ...(init.headers ?? {}), ...proof } };
};

async function problem(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `${response.status}`;
}

interface Job {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  request: { source: string; title?: string } | { kind: 'ocr'; targets: string[] };
  progress: { done: number; total: number; stored: number; unchanged: number; rejected: number; etaSeconds?: number };
  ocr?: { done: number; total: number; read: number; kept: number; failed: number; etaSeconds?: number };
  error?: string;
  errorText?: { 'zh-CN': string; en: string };
}

const statusNames: Record<Job['status'], string> = {
  queued: say('排队中', 'queued'),
  running: say('进行中', 'running'),
  done: say('已完成', 'done'),
  failed: say('失败', 'failed'),
};

/** Seconds as “3 分 20 秒” / “3 min 20 s”. */
function timeLeft(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  return say(` · 约剩 ${minutes > 0 ? `${minutes} 分 ` : ''}${rest} 秒`, ` · about ${minutes > 0 ? `${minutes} min ` : ''}${rest} s left`);
}

function progressBar(label: string, done: number, total: number): HTMLProgressElement {
  const bar = Object.assign(document.createElement('progress'), { max: Math.max(total, 1), value: done });
  bar.setAttribute('aria-label', label);
  return bar;
}

async function refreshJobs(): Promise<void> {
  const list = document.getElementById('jobs');
  if (!list || (!tokenInput?.value.trim() && !sessionCsrf)) return;
  const response = await fetch('/api/ingest/jobs', authorized());
  if (!response.ok) {
    message.textContent = await problem(response);
    return;
  }
  const { jobs } = (await response.json()) as { jobs: Job[] };
  list.replaceChildren(
    ...(jobs.length === 0
      ? [Object.assign(document.createElement('li'), { textContent: list.dataset.empty ?? '' })]
      : jobs.map((job) => {
          const item = document.createElement('li');
          item.dataset.job = job.id;
          item.dataset.status = job.status;
          const running = job.status === 'running';
          const label = 'kind' in job.request ? `OCR ${job.request.targets.join(' ')}` : job.request.source;
          item.append(Object.assign(document.createElement('strong'), { textContent: label }), ` ${statusNames[job.status]}`);
          if (!('kind' in job.request)) {
            const { done, total, stored, unchanged, rejected } = job.progress;
            const text = say(`${done}/${total} 页 · 入库 ${stored} · 未变 ${unchanged} · 拒收 ${rejected}`, `${done}/${total} pages · stored ${stored} · unchanged ${unchanged} · rejected ${rejected}`);
            item.append(' ', progressBar(label, done, total), ` ${text}${running && !job.ocr ? timeLeft(job.progress.etaSeconds) : ''}`);
          }
          if (job.ocr) {
            const { done, total, read, kept, failed } = job.ocr;
            const text = say(`OCR ${done}/${total} 页 · 已识别 ${read} · 已有文字 ${kept} · 失败 ${failed}`, `OCR ${done}/${total} pages · read ${read} · had text ${kept} · failed ${failed}`);
            item.append(document.createElement('br'), progressBar(`OCR ${label}`, done, total), ` ${text}${running ? timeLeft(job.ocr.etaSeconds) : ''}`);
          }
          if (job.error) item.append(` · ${job.errorText ? say(job.errorText['zh-CN'], job.errorText.en) : job.error}`);
          return item;
        })),
  );
}

document.getElementById('ingest-form')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const body = {
    source: String(form.get('source') ?? ''),
    ...(form.get('title') ? { title: String(form.get('title')) } : {}),
    ...(form.get('date') ? { date: String(form.get('date')) } : {}),
    ocr: form.get('ocr') ? 'missing' : 'off',
  };
  const response = await fetch('/api/ingest', authorized({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
  message.textContent = response.ok ? say('已开始导入。', 'Ingest started.') : await problem(response);
  await refreshJobs();
});

document.getElementById('ocr-form')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const targets = String(form.get('targets') ?? '').split(/[\s,，、]+/).filter(Boolean);
  const body = { targets, engine: String(form.get('engine') ?? 'auto'), force: form.get('force') !== null };
  const response = await fetch('/api/ocr', authorized({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
  message.textContent = response.ok ? say('已开始 OCR。', 'OCR started.') : await problem(response);
  await refreshJobs();
});

/** How many records a chunk of an export holds, by format. */
const recordMark: Record<string, string> = { csv: '\r\n', jsonl: '\n', dc: '<record>', mods: '<mods xmlns', marcxml: '<marc:record ' };

document.getElementById('export-form')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const format = String(form.get('format'));
  const query = new URLSearchParams();
  for (const name of ['title', 'from', 'to']) if (form.get(name)) query.set(name, String(form.get(name)));
  query.set('status', form.getAll('status').map(String).join(','));
  const progress = document.getElementById('export-progress') as HTMLProgressElement;
  const count = document.getElementById('export-count')!;
  const link = document.getElementById('export-download') as HTMLAnchorElement;
  link.hidden = true;
  const response = await fetch(`/api/exports/${format}?${query}`, authorized());
  if (!response.ok || !response.body) {
    message.textContent = await problem(response);
    return;
  }
  const total = Number(response.headers.get('X-Total-Records') ?? '0');
  progress.hidden = false;
  progress.max = Math.max(total, 1);
  const chunks: Uint8Array[] = [];
  const decoder = new TextDecoder();
  let seen = format === 'csv' ? -1 : 0; // the CSV header line is not a record
  let tail = '';
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    if (format === 'marc') seen += value.filter((byte) => byte === 0x1d).length;
    else {
      const text = tail + decoder.decode(value, { stream: true });
      const mark = recordMark[format]!;
      seen += text.split(mark).length - 1;
      tail = text.slice(-(mark.length - 1));
    }
    progress.value = Math.min(seen, total);
    count.textContent = `${Math.min(seen, total)} / ${total}`;
  }
  progress.value = total;
  count.textContent = `${total} / ${total}`;
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `difang.${format}`;
  link.href = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: response.headers.get('Content-Type') ?? 'application/octet-stream' }));
  link.download = name;
  link.textContent = `${link.dataset.ready ?? ''}：${name}`;
  link.hidden = false;
});

void refreshJobs();
setInterval(() => void refreshJobs(), 2000);

interface AdminTitle {
  id: string;
  name: string;
  hidden: boolean;
  visibilityChangedAt: string | null;
}

/** The papers held, each with a button to hide it from the public or show it again. */
async function refreshTitles(): Promise<void> {
  const body = document.querySelector<HTMLTableSectionElement>('#titles tbody');
  if (!body || (!tokenInput?.value.trim() && !sessionCsrf)) return;
  const response = await fetch('/api/admin/titles', authorized());
  if (!response.ok) return;
  const { titles } = (await response.json()) as { titles: AdminTitle[] };
  body.replaceChildren(
    ...titles.map((title) => {
      const row = document.createElement('tr');
      row.dataset.title = title.id;
      const status = title.hidden ? say('不公开', 'hidden') : say('公开', 'public');
      const since = title.visibilityChangedAt ? ` · ${title.visibilityChangedAt.slice(0, 10)}` : '';
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: title.hidden ? say('重新公开', 'Show') : say('设为不公开', 'Hide') });
      button.setAttribute('aria-label', `${button.textContent} ${title.name}`);
      button.addEventListener('click', async () => {
        const hide = !title.hidden;
        if (hide && !confirm(say(`确定让《${title.name}》不对公众开放？读者将看不到它，OAI-PMH 会把它的篇目报为已删除。`, `Hide ${title.name} from the public? Readers will not see it; OAI-PMH will report its records deleted.`))) return;
        button.disabled = true;
        const changed = await fetch(`/api/titles/${encodeURIComponent(title.id)}/visibility`, authorized({ method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ hidden: hide }) }));
        message.textContent = changed.ok ? (hide ? say(`《${title.name}》已不公开。`, `${title.name} is hidden.`) : say(`《${title.name}》已重新公开。`, `${title.name} is public again.`)) : await problem(changed);
        await refreshTitles();
      });
      const cells = [title.name, title.id, `${status}${since}`].map((text) => Object.assign(document.createElement('td'), { textContent: text }));
      const action = document.createElement('td');
      action.append(button);
      row.append(...cells, action);
      return row;
    }),
  );
}

void refreshTitles();
tokenInput?.addEventListener('change', () => void refreshTitles());
