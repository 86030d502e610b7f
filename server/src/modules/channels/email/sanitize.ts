import sanitizeHtml from 'sanitize-html';
import { splitQuotedHtml } from './quotes.ts';

export interface SanitizeOptions {
  /** Load remote images (the viewer asked for it); otherwise they wait behind a placeholder. */
  remote: boolean;
  /** cid → URL of the stored inline image. */
  inline: Record<string, string>;
}

export interface SanitizedHtml {
  html: string;
  /** The message refers to remote images (blocked unless `remote`). */
  hasRemoteContent: boolean;
  /** Part of the message is quoted history, folded in a <details data-tierline-quoted>. */
  hasQuote: boolean;
}

/** A transparent 1×1 GIF stands in for a blocked remote image; the UI may restore data-remote-src. */
export const REMOTE_PLACEHOLDER =
  'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

const SAFE_IMAGE_DATA = /^data:image\/(png|gif|jpeg|jpg|webp);base64,[a-z0-9+/=\s]+$/i;
const colour = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\([\d\s.,%]+\))$/i;
const length =
  /^(0|auto|-?\d*\.?\d+(px|pt|em|rem|%|ex|ch)?)(\s+(0|auto|-?\d*\.?\d+(px|pt|em|rem|%|ex|ch)?)){0,3}$/i;
const nonNegative =
  /^(0|auto|\d*\.?\d+(px|pt|em|rem|%|ex|ch)?)(\s+(0|auto|\d*\.?\d+(px|pt|em|rem|%|ex|ch)?)){0,3}$/i;
const border =
  /^(none|0|(\d*\.?\d+(px|pt|em)?\s*)?(solid|dashed|dotted|double|none)?(\s*(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\([\d\s.,%]+\)))?)$/i;

// Styles that stay inside the message's box: no position, no z-index, no negative margins,
// no url() anywhere (that would be remote content through the back door).
const ALLOWED_STYLES: Record<string, RegExp[]> = {
  color: [colour],
  'background-color': [colour],
  'font-size': [/^\d*\.?\d+(px|pt|em|rem|%)$|^(small|medium|large|x-large|x-small)$/i],
  'font-weight': [/^(normal|bold|bolder|lighter|\d{3})$/i],
  'font-style': [/^(normal|italic|oblique)$/i],
  'font-family': [/^[\w\s,"'-]+$/],
  'text-align': [/^(left|right|center|justify|start|end)$/i],
  'text-decoration': [/^(none|underline|line-through|overline)$/i],
  'vertical-align': [/^(top|middle|bottom|baseline)$/i],
  'line-height': [/^\d*\.?\d+(px|pt|em|%)?$/i],
  'white-space': [/^(normal|pre|pre-wrap|pre-line|nowrap)$/i],
  margin: [nonNegative],
  'margin-top': [nonNegative],
  'margin-bottom': [nonNegative],
  'margin-left': [nonNegative],
  'margin-right': [nonNegative],
  padding: [nonNegative],
  'padding-top': [nonNegative],
  'padding-bottom': [nonNegative],
  'padding-left': [nonNegative],
  'padding-right': [nonNegative],
  border: [border],
  'border-top': [border],
  'border-bottom': [border],
  'border-left': [border],
  'border-right': [border],
  'border-collapse': [/^(collapse|separate)$/i],
  width: [length],
  'max-width': [length],
  height: [length],
};

function sanitizePart(html: string, options: SanitizeOptions, seen: { remote: boolean }): string {
  return sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags,
      'img',
      'font',
      'center',
      'span',
      'u',
      's',
      'strike',
      'del',
      'ins',
      'sub',
      'sup',
      'big',
      'small',
    ],
    disallowedTagsMode: 'discard',
    allowedAttributes: {
      '*': ['style', 'title', 'dir', 'lang', 'align'],
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height', 'data-remote-src', 'data-cid'],
      font: ['color', 'size', 'face'],
      table: ['width', 'border', 'cellpadding', 'cellspacing', 'bgcolor'],
      td: ['width', 'height', 'colspan', 'rowspan', 'valign', 'bgcolor', 'nowrap'],
      th: ['width', 'height', 'colspan', 'rowspan', 'valign', 'bgcolor', 'nowrap', 'scope'],
      tr: ['valign', 'bgcolor'],
      ol: ['start', 'type'],
      blockquote: ['cite', 'type'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    allowedStyles: { '*': ALLOWED_STYLES },
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
      }),
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        const { src: _dropped, ...rest } = attribs;
        if (/^cid:/i.test(src)) {
          const cid = src.slice(4).replace(/^<|>$/g, '');
          const url = options.inline[cid];
          return url
            ? { tagName, attribs: { ...rest, src: url, 'data-cid': cid } }
            : { tagName, attribs: { ...rest, alt: attribs.alt ?? '' } };
        }
        if (/^https?:\/\//i.test(src)) {
          seen.remote = true;
          if (options.remote) return { tagName, attribs: { ...rest, src } };
          return { tagName, attribs: { ...rest, src: REMOTE_PLACEHOLDER, 'data-remote-src': src } };
        }
        if (SAFE_IMAGE_DATA.test(src)) return { tagName, attribs: { ...rest, src } };
        return { tagName, attribs: rest };
      },
    },
    // An <img> whose source was refused keeps no src and shows nothing: drop it.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}

/**
 * Makes received HTML safe to show in our pages: no script, no event handlers, no forms or
 * frames, no CSS that escapes its box, no remote content unless the viewer asked; cid: images
 * point at our stored attachments. The quoted history is folded into a <details> element.
 */
export function sanitizeEmailHtml(html: string, options: SanitizeOptions): SanitizedHtml {
  const seen = { remote: false };
  const [fresh, quoted] = splitQuotedHtml(html);
  let out = sanitizePart(fresh, options, seen);
  if (quoted) {
    const history = sanitizePart(quoted, options, seen);
    out += `<details data-tierline-quoted="true"><summary>Quoted text</summary>${history}</details>`;
  }
  return { html: out.trim(), hasRemoteContent: seen.remote, hasQuote: quoted !== '' };
}
