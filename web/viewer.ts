/**
 * The page viewer: OpenSeadragon on the page's IIIF tiles, with the articles on the page outlined
 * (hover shows the headline; a click or tap selects an article and a second one opens it, Enter
 * opens the focused one — dragging always pans and a double click or tap always zooms, on an
 * outline or not), the referring search's hits
 * boxed, keyboard zoom, and a drag-to-select crop that downloads as JPEG.
 */
import OpenSeadragon from 'openseadragon';

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Outline {
  id: string;
  title: string;
  url: string;
  regions: Box[];
}

const element = document.getElementById('viewer');
if (element) start(element);

function start(container: HTMLElement): void {
  const service = container.dataset.service!;
  const width = Number(container.dataset.width);
  const articles = JSON.parse(container.dataset.articles ?? '[]') as Outline[];
  const hits = JSON.parse(container.dataset.hits ?? '[]') as Box[];
  const selected = container.dataset.article ?? '';
  container.querySelector('img.fallback')?.remove();
  container.classList.add('enhanced');

  const viewer = OpenSeadragon({
    element: container,
    tileSources: `${service}/info.json`,
    prefixUrl: '/static/openseadragon/images/',
    showNavigator: true,
    navigatorPosition: 'BOTTOM_RIGHT',
    // difang's own toolbar buttons (below) answer keyboard and mouse alike.
    showNavigationControl: false,
    // Double-click zooms in, as in any map; a single click selects the article under it (below).
    gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true },
    gestureSettingsTouch: { clickToZoom: false, dblClickToZoom: true },
    visibilityRatio: 0.5,
    crossOriginPolicy: 'Anonymous',
  });
  (window as unknown as { difangViewer: OpenSeadragon.Viewer }).difangViewer = viewer;

  viewer.addOnceHandler('open', () => {
    const toViewport = (box: Box) => viewer.viewport.imageToViewportRectangle(box.x, box.y, box.w, box.h);
    for (const article of articles) {
      article.regions.forEach((region, i) => {
        const outline = document.createElement('a');
        outline.href = article.url;
        outline.className = `article-outline${article.id === selected ? ' selected' : ''}`;
        outline.dataset.article = article.id;
        outline.dataset.title = article.title;
        outline.title = article.title;
        outline.setAttribute('aria-label', article.title);
        // One stop per article for keyboard users: its further regions are reachable by mouse.
        if (i > 0) outline.tabIndex = -1;
        Object.assign(outline.dataset, { x: String(region.x), y: String(region.y), w: String(region.w), h: String(region.h) });
        viewer.addOverlay({ element: outline, location: toViewport(region) });
        // The viewer takes keys pressed inside it for itself; Enter on an outline opens its article.
        outline.addEventListener('keydown', (event) => {
          if (event.key !== 'Enter') return;
          event.stopPropagation();
          window.location.assign(article.url);
        });
      });
    }
    for (const hit of hits) {
      const box = document.createElement('div');
      box.className = 'hit-box';
      Object.assign(box.dataset, { x: String(hit.x), y: String(hit.y), w: String(hit.w), h: String(hit.h) });
      // A little margin, so the mark frames the characters rather than covering their edges.
      const pad = Math.max(2, Math.round(width / 800));
      viewer.addOverlay({ element: box, location: toViewport({ x: hit.x - pad, y: hit.y - pad, w: hit.w + 2 * pad, h: hit.h + 2 * pad }) });
    }
    outlineGestures(viewer, container, articles, selected);
    const focus = articles.find((article) => article.id === selected)?.regions[0];
    if (focus) viewer.viewport.fitBoundsWithConstraints(toViewport({ x: focus.x - 40, y: focus.y - 40, w: focus.w + 80, h: focus.h + 80 }), true);
    container.dataset.ready = 'true';
  });

  const zoom = (id: string, action: () => void) => document.getElementById(id)?.addEventListener('click', () => {
    action();
    viewer.viewport.applyConstraints();
  });
  zoom('zoom-in', () => viewer.viewport.zoomBy(1.5));
  zoom('zoom-out', () => viewer.viewport.zoomBy(1 / 1.5));
  zoom('zoom-home', () => viewer.viewport.goHome());

  linkArticleList(container);
  cropSelection(viewer, container, service);
}

/**
 * Outlines never take a gesture from the viewer: they let the pointer through (CSS), and the
 * viewer's own quick clicks — not drags, not double clicks — are looked up on the page: the first
 * on an article selects it (and says how to open it), a second on the same article opens it.
 */
function outlineGestures(viewer: OpenSeadragon.Viewer, container: HTMLElement, articles: Outline[], initiallySelected: string): void {
  const caption = document.createElement('p');
  caption.className = 'outline-caption';
  caption.setAttribute('aria-live', 'polite');
  caption.hidden = true;
  container.appendChild(caption);
  const zh = document.documentElement.lang !== 'en';
  let chosen = initiallySelected;
  let pendingSelect: ReturnType<typeof setTimeout> | null = null;
  const articleAt = (position: OpenSeadragon.Point): Outline | undefined => {
    const point = viewer.viewport.viewerElementToImageCoordinates(position);
    return articles.find((article) => article.regions.some((r) => point.x >= r.x && point.x <= r.x + r.w && point.y >= r.y && point.y <= r.y + r.h));
  };
  const select = (article: Outline | undefined): void => {
    chosen = article?.id ?? '';
    container.querySelectorAll<HTMLElement>('.article-outline').forEach((outline) => outline.classList.toggle('selected', outline.dataset.article === chosen));
    caption.hidden = !article;
    caption.replaceChildren();
    if (!article) return;
    const open = document.createElement('a');
    open.href = article.url;
    open.textContent = article.title;
    caption.append(zh ? '已选：' : 'Selected: ', open, zh ? '（再点一次打开）' : ' (click again to open)');
  };
  viewer.addHandler('canvas-click', (event) => {
    // A drag pans; crop mode has its own pointer handling.
    if (!event.quick || container.classList.contains('cropping')) return;
    const article = articleAt(event.position);
    if (article && article.id === chosen) {
      window.location.assign(article.url);
      return;
    }
    // Wait out a possible second click of a double click (which zooms, and selects nothing).
    if (pendingSelect) clearTimeout(pendingSelect);
    pendingSelect = setTimeout(() => select(article), 300);
  });
  viewer.addHandler('canvas-double-click', () => {
    if (pendingSelect) clearTimeout(pendingSelect);
    pendingSelect = null;
  });
  // Hovering an outline lights it and shows its headline, though the pointer passes through it.
  new OpenSeadragon.MouseTracker({
    element: viewer.canvas,
    moveHandler: (event) => {
      const article = articleAt(event.position);
      container.querySelectorAll<HTMLElement>('.article-outline').forEach((outline) => outline.classList.toggle('hover', outline.dataset.article === article?.id));
      container.style.cursor = article ? 'pointer' : '';
    },
  });
}

/** Hovering or focusing an article in the side list lights up its outline on the page. */
function linkArticleList(container: HTMLElement): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.viewer-side a[data-article]')) {
    const toggle = (on: boolean) => container.querySelectorAll(`.article-outline[data-article="${CSS.escape(link.dataset.article!)}"]`).forEach((outline) => outline.classList.toggle('lit', on));
    link.addEventListener('mouseenter', () => toggle(true));
    link.addEventListener('mouseleave', () => toggle(false));
    link.addEventListener('focus', () => toggle(true));
    link.addEventListener('blur', () => toggle(false));
  }
}

/** Crop mode: drag a rectangle on the page, get that region as a JPEG at full resolution. */
function cropSelection(viewer: OpenSeadragon.Viewer, container: HTMLElement, service: string): void {
  const button = document.getElementById('crop-mode');
  const hint = document.getElementById('crop-hint');
  if (!button) return;
  let start: OpenSeadragon.Point | null = null;
  const band = document.createElement('div');
  band.className = 'crop-band';
  band.hidden = true;
  container.appendChild(band);

  const setMode = (on: boolean) => {
    button.setAttribute('aria-pressed', String(on));
    if (hint) hint.hidden = !on;
    container.classList.toggle('cropping', on);
    viewer.setMouseNavEnabled(!on);
    band.hidden = true;
    start = null;
  };
  button.addEventListener('click', () => setMode(button.getAttribute('aria-pressed') !== 'true'));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && button.getAttribute('aria-pressed') === 'true') setMode(false);
  });
  const at = (event: PointerEvent) => {
    const rect = container.getBoundingClientRect();
    return new OpenSeadragon.Point(event.clientX - rect.left, event.clientY - rect.top);
  };
  container.addEventListener('pointerdown', (event) => {
    if (button.getAttribute('aria-pressed') !== 'true') return;
    start = at(event);
    container.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  container.addEventListener('pointermove', (event) => {
    if (!start) return;
    const now = at(event);
    Object.assign(band.style, { left: `${Math.min(start.x, now.x)}px`, top: `${Math.min(start.y, now.y)}px`, width: `${Math.abs(now.x - start.x)}px`, height: `${Math.abs(now.y - start.y)}px` });
    band.hidden = false;
  });
  container.addEventListener('pointerup', (event) => {
    if (!start) return;
    const a = viewer.viewport.viewerElementToImageCoordinates(start);
    const b = viewer.viewport.viewerElementToImageCoordinates(at(event));
    setMode(false);
    const size = viewer.world.getItemAt(0).getContentSize();
    const x = Math.max(0, Math.round(Math.min(a.x, b.x)));
    const y = Math.max(0, Math.round(Math.min(a.y, b.y)));
    const w = Math.min(size.x - x, Math.round(Math.abs(b.x - a.x)));
    const h = Math.min(size.y - y, Math.round(Math.abs(b.y - a.y)));
    if (w < 8 || h < 8) return;
    const link = document.createElement('a');
    link.href = `${service}/${x},${y},${w},${h}/max/0/default.jpg?download`;
    link.download = '';
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
}
