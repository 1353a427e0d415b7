/**
 * Writing XML as text: escaping, and elements that leave out what is empty. Every exported XML
 * format (Dublin Core, MODS, MarcXchange, OAI-PMH) is built with these and nothing else.
 */

/** Characters XML 1.0 does not allow at all (C0 controls other than tab, newline, return). */
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(forbidden, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export type Attributes = Record<string, string | number | undefined | null>;

function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

/** <name attrs>text</name>, or nothing when the text is empty. */
export function textElement(name: string, text: string | number | undefined | null, attrs: Attributes = {}): string {
  if (text === undefined || text === null || String(text).trim() === '') return '';
  return `<${name}${attributes(attrs)}>${escapeXml(String(text))}</${name}>`;
}

/** <name attrs>children</name>, or nothing when there are no children. */
export function element(name: string, children: (string | false | null | undefined)[] | string, attrs: Attributes = {}, keepEmpty = false): string {
  const inner = (Array.isArray(children) ? children : [children]).filter(Boolean).join('');
  if (!inner && !keepEmpty) return '';
  return inner ? `<${name}${attributes(attrs)}>${inner}</${name}>` : `<${name}${attributes(attrs)}/>`;
}

export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** <name attrs/>: an element whose content is all in its attributes (ALTO String, METS fptr). */
export function emptyElement(name: string, attrs: Attributes): string {
  return `<${name}${attributes(attrs)}/>`;
}
