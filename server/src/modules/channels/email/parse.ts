import crypto from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';

export interface MailAddress {
  address: string;
  name: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID without angle brackets, for parts the HTML shows inline (cid:). */
  cid: string | null;
}

/** What a delivery status notification (bounce) says, when the message is one. */
export interface DeliveryReport {
  /** Message-IDs of the original message the report is about. */
  originalMessageIds: string[];
  failedRecipients: string[];
  /** true when delivery failed for good (Action: failed or a 5.x.x status). */
  permanent: boolean;
  diagnostic: string;
}

/** A received message reduced to what the help desk needs; never throws on bad input. */
export interface ParsedEmail {
  /** Without angle brackets; a hash of the bytes when the message has none. */
  messageId: string;
  hasMessageId: boolean;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  text: string;
  html: string | null;
  attachments: ParsedAttachment[];
  /** Raw header values by lower-case name (first occurrence), unfolded. */
  headers: Map<string, string>;
  contentType: string;
  parseError: string | null;
}

const ID_PATTERN = /<([^<>\s]+)>/g;

/** Message-IDs in a header value, without brackets; bare ids when nobody bracketed them. */
export function messageIdsIn(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = [...text.matchAll(ID_PATTERN)].map((match) => match[1] ?? '');
  if (bracketed.length > 0) return bracketed.filter(Boolean);
  return text.split(/[\s,]+/).filter((token) => token.includes('@'));
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: MailAddress[] = [];
  const visit = (
    entries: { address?: string; name: string; group?: { address?: string; name: string }[] }[],
  ) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      const address = entry.address?.trim().toLowerCase();
      if (address && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address))
        out.push({ address, name: entry.name.trim() });
    }
  };
  for (const object of list) visit(object.value);
  return out;
}

function headerMap(parsed: Pick<ParsedMail, 'headerLines'>): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (headers.has(key)) continue;
    const colon = line.indexOf(':');
    headers.set(key, (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return headers;
}

const PARSE_OPTIONS = {
  keepCidLinks: true,
  keepDeliveryStatus: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  skipTextLinks: true,
};

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const fallbackId = `${crypto.createHash('sha256').update(raw).digest('hex').slice(0, 40)}@tierline.invalid`;
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, PARSE_OPTIONS);
  } catch (error) {
    // The bytes are kept whole; the ticket shows what could be read and the original as a file.
    return {
      messageId: fallbackId,
      hasMessageId: false,
      inReplyTo: [],
      references: [],
      subject: '',
      from: null,
      to: [],
      cc: [],
      text: raw.toString('latin1').slice(0, 100_000),
      html: null,
      attachments: [],
      headers: new Map(),
      contentType: 'text/plain',
      parseError: error instanceof Error ? error.message : String(error),
    };
  }
  const headers = headerMap(parsed);
  const ownId = messageIdsIn(parsed.messageId)[0];
  return {
    messageId: ownId ?? fallbackId,
    hasMessageId: ownId !== undefined,
    inReplyTo: messageIdsIn(parsed.inReplyTo),
    references: messageIdsIn(parsed.references),
    subject: (parsed.subject ?? '').replace(/\s+/g, ' ').trim(),
    from: addressesOf(parsed.from)[0] ?? null,
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    text: (parsed.text ?? '').replace(/\r\n/g, '\n'),
    html: typeof parsed.html === 'string' && parsed.html.trim() ? parsed.html : null,
    attachments: parsed.attachments.map((attachment, index) => ({
      filename: attachment.filename?.trim() || defaultFilename(attachment.contentType, index),
      contentType: attachment.contentType || 'application/octet-stream',
      content: attachment.content,
      cid: attachment.cid?.replace(/^<|>$/g, '') ?? null,
    })),
    headers,
    contentType: (headers.get('content-type') ?? 'text/plain').toLowerCase(),
    parseError: null,
  };
}

function defaultFilename(contentType: string, index: number): string {
  if (contentType === 'message/rfc822') return `message-${index + 1}.eml`;
  if (contentType === 'message/delivery-status') return `delivery-status-${index + 1}.txt`;
  if (contentType === 'text/rfc822-headers') return `headers-${index + 1}.txt`;
  const extension = contentType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'bin';
  return `attachment-${index + 1}.${extension}`;
}

/** Reads the machine part of a delivery status notification (RFC 3464), or guesses from a plain-text bounce. */
export function readDeliveryReport(email: ParsedEmail): DeliveryReport {
  const failedRecipients = new Set<string>();
  const originalIds = new Set<string>();
  let permanent = false;
  let diagnostic = '';
  for (const part of email.attachments) {
    const content = part.content.toString('utf8');
    if (part.contentType === 'message/delivery-status') {
      for (const block of content.split(/\r?\n\r?\n/)) {
        const recipient = /^(?:Final|Original)-Recipient:\s*[^;]*;\s*<?([^\s>]+@[^\s>]+)>?/im.exec(
          block,
        )?.[1];
        const action = /^Action:\s*(\S+)/im.exec(block)?.[1]?.toLowerCase();
        const status = /^Status:\s*(\d)\.\d+\.\d+/im.exec(block)?.[1];
        const code = /^Diagnostic-Code:\s*(.+(?:\r?\n[ \t].+)*)/im.exec(block)?.[1];
        if (code) diagnostic ||= code.replace(/\s+/g, ' ').trim();
        if (recipient && (action === 'failed' || status === '5')) {
          failedRecipients.add(recipient.toLowerCase());
          permanent = true;
        }
      }
    } else if (part.contentType === 'message/rfc822' || part.contentType === 'text/rfc822-headers') {
      const headerEnd = content.search(/\r?\n\r?\n/);
      const head = headerEnd >= 0 ? content.slice(0, headerEnd) : content;
      for (const id of messageIdsIn(/^Message-ID:\s*(.+)$/im.exec(head)?.[1])) originalIds.add(id);
    }
  }
  if (originalIds.size === 0) {
    // Plain-text bounces quote the original headers in the body.
    for (const match of email.text.matchAll(/^\s*Message-ID:\s*(<[^>]+>)/gim)) {
      for (const id of messageIdsIn(match[1])) originalIds.add(id);
    }
  }
  if (failedRecipients.size === 0) {
    for (const match of email.text.matchAll(/^\s*<([^\s<>@]+@[^\s<>]+)>:?(\s|$)/gm)) {
      if (match[1]) failedRecipients.add(match[1].toLowerCase());
    }
    permanent = failedRecipients.size > 0;
  }
  return {
    originalMessageIds: [...originalIds],
    failedRecipients: [...failedRecipients],
    permanent,
    diagnostic,
  };
}
