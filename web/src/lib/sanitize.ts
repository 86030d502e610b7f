/**
 * Message HTML comes from email and rich-text editors: untrusted. Only a small allowlist of
 * formatting survives; scripts, styles, event handlers, forms and remote images never reach the DOM.
 */
const ALLOWED_TAGS = new Set([
  'A',
  'B',
  'BLOCKQUOTE',
  'BR',
  'CODE',
  'DIV',
  'EM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HR',
  'I',
  'LI',
  'OL',
  'P',
  'PRE',
  'S',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'U',
  'UL',
  'DEL',
  'SMALL',
]);
const DROP_WITH_CONTENT = new Set([
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'HEAD',
  'TITLE',
  'NOSCRIPT',
  'SVG',
  'MATH',
  'FORM',
  'TEXTAREA',
  'SELECT',
]);
const SAFE_URL = /^(https?:|mailto:|tel:|#)/i;
const OWN_ATTACHMENT = /^\/api\/attachments\/\d+$/;

export interface SanitizeOptions {
  /** Keep images served by Tierline itself (inline cid: parts of an email). */
  ownImages?: boolean;
  /** Keep remote http(s) images too: only when the viewer asked to load them. */
  remoteImages?: boolean;
}

function cleanImage(element: Element, doc: Document, options: SanitizeOptions): Node | null {
  const src = element.getAttribute('src')?.trim() ?? '';
  const allowed =
    (options.ownImages && OWN_ATTACHMENT.test(src)) || (options.remoteImages && /^https?:\/\//i.test(src));
  if (!allowed) return null;
  const image = doc.createElement('img');
  image.setAttribute('src', src);
  image.setAttribute('alt', element.getAttribute('alt') ?? '');
  image.setAttribute('loading', 'lazy');
  image.setAttribute('referrerpolicy', 'no-referrer');
  return image;
}

function clean(node: Node, doc: Document, options: SanitizeOptions = {}): Node | null {
  if (node.nodeType === Node.TEXT_NODE) return doc.createTextNode(node.textContent ?? '');
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const element = node as Element;
  const tag = element.tagName.toUpperCase();
  if (DROP_WITH_CONTENT.has(tag)) return null;
  if (tag === 'IMG') return cleanImage(element, doc, options);
  const children = [...element.childNodes]
    .map((child) => clean(child, doc, options))
    .filter((child) => child !== null);
  if (!ALLOWED_TAGS.has(tag)) {
    const fragment = doc.createDocumentFragment();
    for (const child of children) fragment.append(child);
    return fragment;
  }
  const copy = doc.createElement(tag.toLowerCase());
  if (tag === 'A') {
    const href = element.getAttribute('href')?.trim() ?? '';
    if (SAFE_URL.test(href)) {
      copy.setAttribute('href', href);
      copy.setAttribute('target', '_blank');
      copy.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
  if ((tag === 'TD' || tag === 'TH') && element.getAttribute('colspan')) {
    copy.setAttribute('colspan', String(Number.parseInt(element.getAttribute('colspan') ?? '1', 10) || 1));
  }
  for (const child of children) copy.append(child);
  return copy;
}

export function sanitizeHtml(html: string, options: SanitizeOptions = {}): string {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const output = document.implementation.createHTMLDocument('');
  const container = output.createElement('div');
  for (const child of [...parsed.body.childNodes]) {
    const cleaned = clean(child, output, options);
    if (cleaned) container.append(cleaned);
  }
  return container.innerHTML;
}
