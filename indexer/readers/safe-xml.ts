/**
 * XML reading for untrusted inputs (ALTO, METS, NDNP batches, vendor exports). Streams through
 * saxes, a strict parser, so a truncated or malformed file is an error, never a silent half.
 * Entity declarations and DTD internal subsets are refused outright (XXE, "billion laughs");
 * a DOCTYPE that only names an external DTD is accepted, and that DTD is never fetched.
 * Bytes are decoded per their BOM or XML declaration (UTF-8, UTF-16, GBK, GB18030, Big5…).
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { inputError } from './input-error.ts';

export interface XmlElement {
  /** Local name, without prefix. */
  local: string;
  /** Namespace URI ('' when none). */
  uri: string;
  /** Attributes by local name (namespaced ones also as "prefix:local"). */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside this element (concatenated). */
  text: string;
}

export interface XmlHandlers {
  open?(element: Omit<XmlElement, 'children' | 'text'>, depth: number): void;
  close?(local: string, uri: string, text: string, depth: number): void;
}

const maxDepth = 256;

/** Decodes XML bytes to text using the BOM or the encoding its declaration names. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeWith('utf-8', bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  return decodeWith(declared, bytes);
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw inputError('unknown_encoding', `不支持的字符编码 "${encoding}"`, `unsupported character encoding "${encoding}"`);
  }
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw inputError('unknown_encoding', `内容不是有效的 ${encoding} 编码`, `the bytes are not valid ${encoding}`, undefined, cause);
  }
}

/** Streams over an XML document, calling `handlers` for each element; throws InputError on any problem. */
export function walkXml(xml: string, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const texts: string[][] = [];
  let depth = 0;
  parser.on('doctype', (doctype) => {
    if (doctype.includes('[') || /<!ENTITY/i.test(doctype)) {
      throw inputError(
        'unsafe_xml',
        'XML 含有 DTD 内部子集或实体声明，出于安全原因拒绝处理（XXE / 实体膨胀攻击）',
        'the XML declares a DTD internal subset or entities; refused for safety (XXE / billion laughs)',
      );
    }
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    depth++;
    if (depth > maxDepth) throw inputError('broken_xml', `XML 嵌套超过 ${maxDepth} 层`, `the XML nests deeper than ${maxDepth} levels`);
    texts.push([]);
    if (handlers.open) {
      const attributes: Record<string, string> = {};
      for (const attribute of Object.values(tag.attributes)) {
        attributes[attribute.local] = attribute.value;
        if (attribute.prefix) attributes[`${attribute.prefix}:${attribute.local}`] = attribute.value;
      }
      handlers.open({ local: tag.local, uri: tag.uri, attributes }, depth);
    }
  });
  parser.on('text', (text) => texts.at(-1)?.push(text));
  parser.on('cdata', (text) => texts.at(-1)?.push(text));
  parser.on('closetag', (tag: SaxesTagNS) => {
    const text = (texts.pop() ?? []).join('');
    handlers.close?.(tag.local, tag.uri, text, depth);
    depth--;
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof Error && error.name === 'InputError') throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw inputError('broken_xml', `XML 格式错误：${message}`, `malformed XML: ${message}`, undefined, error);
  }
}

/** Parses a whole document into a tree (for METS and other small files). */
export function parseXmlTree(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  walkXml(xml, {
    open(element) {
      const node: XmlElement = { ...element, children: [], text: '' };
      stack.at(-1)?.children.push(node);
      stack.push(node);
      root ??= node;
    },
    close(_local, _uri, text) {
      const node = stack.pop();
      if (node) node.text = text;
    },
  });
  if (!root) throw inputError('broken_xml', 'XML 没有根元素', 'the XML has no root element');
  return root;
}

/** Child elements by local name. */
export const childrenNamed = (element: XmlElement, local: string): XmlElement[] => element.children.filter((child) => child.local === local);

/** The first child with this local name. */
export const childNamed = (element: XmlElement, local: string): XmlElement | undefined => element.children.find((child) => child.local === local);

/** All descendants (depth first, document order) with this local name. */
export function descendantsNamed(element: XmlElement, local: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (node: XmlElement): void => {
    for (const child of node.children) {
      if (child.local === local) found.push(child);
      visit(child);
    }
  };
  visit(element);
  return found;
}
