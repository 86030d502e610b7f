/**
 * Quoted-reply stripping. The new text a person wrote becomes the message body; the quoted
 * history below it is kept aside (folded in the UI), never thrown away.
 */

export interface SplitText {
  /** What the sender wrote in this message. */
  fresh: string;
  /** The quoted history under it; empty when there was none or it could not be told apart. */
  quoted: string;
}

// "On Tue, 4 Mar 2025 at 10:12, Ana <ana@x.example> wrote:" (Gmail, Apple Mail, Thunderbird),
// and the same in German, French, Spanish and Dutch. Gmail wraps it over two lines at times.
const ATTRIBUTION = [
  /^On\b.{4,300}\bwrote:\s*$/i,
  /^Am\b.{4,300}\bschrieb\b.{0,200}:\s*$/i,
  /^Le\b.{4,300}\ba écrit\s*:\s*$/i,
  /^El\b.{4,300}\bescribió:\s*$/i,
  /^Op\b.{4,300}\bschreef\b.{0,200}:\s*$/i,
];
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}\s*$/i;
const OUTLOOK_RULE = /^\s*_{20,}\s*$/;
const HEADER_LINE =
  /^\s*\*?(From|Von|De|Sent|Gesendet|Envoyé|Date|Datum|To|An|À|Subject|Betreff|Objet|Cc)\*?:/i;

function isOutlookHeaderBlock(lines: string[], index: number): boolean {
  if (!/^\s*\*?(From|Von|De)\*?:/i.test(lines[index] ?? '')) return false;
  const following = lines.slice(index + 1, index + 6).filter((line) => HEADER_LINE.test(line));
  return following.length >= 2;
}

function quoteStart(lines: string[]): number {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const joined = `${line} ${lines[index + 1] ?? ''}`.trim();
    if (ATTRIBUTION.some((pattern) => pattern.test(line.trim()))) return index;
    if (
      /^On\b/i.test(line.trim()) &&
      ATTRIBUTION[0]?.test(joined) &&
      (lines[index + 2] ?? '').trim().startsWith('>')
    ) {
      return index;
    }
    if (ORIGINAL_MESSAGE.test(line)) return index;
    if (OUTLOOK_RULE.test(line) && isOutlookHeaderBlock(lines, index + 1)) return index;
    if (isOutlookHeaderBlock(lines, index) && index > 0 && (lines[index - 1] ?? '').trim() === '')
      return index;
    if (line.startsWith('>')) {
      // A quote only counts when nothing new follows it (no interleaved answers).
      const rest = lines.slice(index);
      if (rest.every((next) => next.startsWith('>') || next.trim() === '')) return index;
    }
  }
  return -1;
}

/** Splits a plain-text reply into the new part and the quoted history. Forwards are left whole. */
export function splitQuotedText(text: string): SplitText {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const start = quoteStart(lines);
  if (start <= 0) return { fresh: text.trim(), quoted: '' };
  const fresh = lines.slice(0, start).join('\n').trim();
  // Nothing new above the quote: a forward or a reply written inside the quote; keep it all.
  if (fresh === '') return { fresh: text.trim(), quoted: '' };
  return { fresh, quoted: lines.slice(start).join('\n').trim() };
}

// Where mail clients start the quoted history in HTML: Gmail, Apple Mail/Thunderbird, Outlook
// (web and desktop), Yahoo. Everything from the marker to the end is history.
const HTML_MARKERS = [
  /<div[^>]*class="?[^">]*\bgmail_quote\b/i,
  /<blockquote[^>]*type="?cite"?/i,
  /<div[^>]*id="?(divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)"?/i,
  /<hr[^>]*id="?stopSpelling"?/i,
  /<div[^>]*style="?[^">]*border-top:\s*solid\s*#(E1E1E1|B5C4DF)/i,
  /<div[^>]*class="?[^">]*\byahoo_quoted\b/i,
  /<div[^>]*class="?[^">]*\bmoz-cite-prefix\b/i,
];

/** The HTML split at the start of the quoted history: [fresh, quoted]; quoted is '' when none. */
export function splitQuotedHtml(html: string): [string, string] {
  const body = /<body[^>]*>/i.exec(html);
  const offset = body ? body.index + body[0].length : 0;
  let cut = -1;
  for (const marker of HTML_MARKERS) {
    const match = marker.exec(html.slice(offset));
    if (match && (cut === -1 || offset + match.index < cut)) cut = offset + match.index;
  }
  if (cut === -1) return [html, ''];
  const fresh = html.slice(0, cut);
  // As with text: a message that is only a quote is shown whole.
  if (fresh.replace(/<[^>]*>|&nbsp;|\s/g, '') === '') return [html, ''];
  return [fresh, html.slice(cut)];
}
