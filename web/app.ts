/**
 * Small enhancements for every reader page; everything works without them. Sort menus submit on
 * change, copy buttons copy, and [ / ] turn pages in the viewer.
 */
for (const select of document.querySelectorAll<HTMLSelectElement>('select[data-autosubmit]')) {
  select.addEventListener('change', () => select.form?.requestSubmit());
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
  button.addEventListener('click', async () => {
    const source = document.getElementById(button.dataset.copy!);
    const text = source instanceof HTMLInputElement ? source.value : (source?.textContent ?? '');
    try {
      await navigator.clipboard.writeText(text.trim());
    } catch {
      // Clipboard refused (plain http, old browser): select the text for the reader to copy.
      if (source instanceof HTMLInputElement) source.select();
      else if (source) window.getSelection()?.selectAllChildren(source);
      return;
    }
    const label = button.textContent;
    button.textContent = button.dataset.copied ?? label;
    setTimeout(() => (button.textContent = label), 1500);
  });
}

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  if (event.altKey || event.ctrlKey || event.metaKey || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  const link = document.querySelector<HTMLAnchorElement>(`.pager a[data-key="${event.key === '[' ? '[' : event.key === ']' ? ']' : ''}"]`);
  if (link && (event.key === '[' || event.key === ']')) window.location.assign(link.href);
});
