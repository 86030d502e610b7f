import type { Db, Queryable } from '../../../db/database.ts';

/** Mail Tierline sends on its own: three to customers, three to staff. */
export const NOTIFICATION_KINDS = [
  'ticket_received',
  'agent_reply',
  'ticket_solved',
  'assigned',
  'mentioned',
  'customer_replied',
] as const;
export type NotificationKindEmail = (typeof NOTIFICATION_KINDS)[number];
export const CUSTOMER_KINDS: readonly NotificationKindEmail[] = [
  'ticket_received',
  'agent_reply',
  'ticket_solved',
];
export const STAFF_KINDS: readonly NotificationKindEmail[] = ['assigned', 'mentioned', 'customer_replied'];

/** Variables every template may use; a value that does not apply to a kind is empty. */
export const TEMPLATE_VARIABLES = [
  'ticket.id',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'ticket.url',
  'recipient.name',
  'requester.name',
  'requester.email',
  'actor.name',
  'message.body',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Record<TemplateVariable, string>;

export interface EmailTemplate {
  subject: string;
  body: string;
}

export const DEFAULT_TEMPLATES: Record<NotificationKindEmail, EmailTemplate> = {
  ticket_received: {
    subject: '[#{{ticket.id}}] {{ticket.subject}}',
    body: [
      'Hello {{recipient.name}},',
      '',
      'we have received your request and will get back to you soon. Its number is #{{ticket.id}};',
      'reply to this message to add anything.',
      '',
      'You can follow it here: {{ticket.url}}',
    ].join('\n'),
  },
  agent_reply: {
    subject: 'Re: [#{{ticket.id}}] {{ticket.subject}}',
    body: [
      '{{message.body}}',
      '',
      '{{actor.name}}',
      '',
      'Reply to this message to answer. {{ticket.url}}',
    ].join('\n'),
  },
  ticket_solved: {
    subject: '[#{{ticket.id}}] Solved: {{ticket.subject}}',
    body: [
      'Hello {{recipient.name}},',
      '',
      'we have marked your request #{{ticket.id}} "{{ticket.subject}}" as solved.',
      'If anything is still wrong, simply reply to this message and it opens again.',
      '',
      '{{ticket.url}}',
    ].join('\n'),
  },
  assigned: {
    subject: '[#{{ticket.id}}] Assigned to you: {{ticket.subject}}',
    body: [
      '{{actor.name}} assigned ticket #{{ticket.id}} "{{ticket.subject}}" ({{ticket.priority}}) to you.',
      '',
      '{{ticket.url}}',
    ].join('\n'),
  },
  mentioned: {
    subject: '[#{{ticket.id}}] {{actor.name}} mentioned you',
    body: [
      '{{actor.name}} mentioned you on #{{ticket.id}} "{{ticket.subject}}":',
      '',
      '{{message.body}}',
      '',
      '{{ticket.url}}',
    ].join('\n'),
  },
  customer_replied: {
    subject: '[#{{ticket.id}}] {{requester.name}} replied: {{ticket.subject}}',
    body: [
      '{{actor.name}} replied on #{{ticket.id}} "{{ticket.subject}}":',
      '',
      '{{message.body}}',
      '',
      '{{ticket.url}}',
    ].join('\n'),
  },
};

const VARIABLE = /\{\{\s*([a-z_.]+)\s*\}\}/gi;

/** Variables a template names that do not exist (a typo would otherwise send "{{tiket.id}}"). */
export function unknownVariables(template: EmailTemplate): string[] {
  const known = new Set<string>(TEMPLATE_VARIABLES);
  const found = [...`${template.subject}\n${template.body}`.matchAll(VARIABLE)].map(
    (match) => match[1] ?? '',
  );
  return [...new Set(found.filter((name) => !known.has(name)))];
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Fills a template. The text part gets the values as they are; the HTML part gets them escaped,
 * except message.body, which is the message's own (sanitised) HTML when it has one.
 */
export function renderTemplate(
  template: EmailTemplate,
  values: TemplateValues,
  messageHtml: string | null,
): RenderedMail {
  const fill = (text: string, map: (name: TemplateVariable, value: string) => string) =>
    text.replace(VARIABLE, (_whole, name: string) => {
      const key = name as TemplateVariable;
      return key in values ? map(key, values[key]) : '';
    });
  const subject = fill(template.subject, (_name, value) => value)
    .replace(/\s+/g, ' ')
    .trim();
  const text = fill(template.body, (_name, value) => value);
  const html = template.body
    .split(/\n{2,}/)
    .map((paragraph) => {
      const filled = escapeHtml(paragraph).replace(VARIABLE, (_whole, name: string) => {
        const key = name as TemplateVariable;
        if (!(key in values)) return '';
        if (key === 'message.body' && messageHtml) return messageHtml;
        return escapeHtml(values[key]).replace(/\n/g, '<br>');
      });
      return `<p>${filled.replace(/\n/g, '<br>')}</p>`;
    })
    .join('\n');
  return { subject, text, html: `<!doctype html><html><body>${html}</body></html>` };
}

export interface StoredTemplate extends EmailTemplate {
  kind: NotificationKindEmail;
  language: string;
  customised: boolean;
  updatedAt: Date | null;
}

/** Templates admins edited, per kind and language; the built-in English text for the rest. */
export class TemplateStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** The template for a recipient: their first language that has one, then English, then built-in. */
  async forRecipient(
    db: Queryable,
    kind: NotificationKindEmail,
    languages: string[],
  ): Promise<EmailTemplate> {
    const wanted = [...languages.map((language) => language.toLowerCase()), 'en'];
    const rows = await db
      .selectFrom('email_templates')
      .select(['language', 'subject', 'body'])
      .where('kind', '=', kind)
      .execute();
    for (const language of wanted) {
      const row = rows.find((candidate) => candidate.language === language);
      if (row) return { subject: row.subject, body: row.body };
    }
    return DEFAULT_TEMPLATES[kind];
  }

  async list(): Promise<StoredTemplate[]> {
    const rows = await this.#db
      .selectFrom('email_templates')
      .selectAll()
      .orderBy('kind')
      .orderBy('language')
      .execute();
    const out: StoredTemplate[] = [];
    for (const kind of NOTIFICATION_KINDS) {
      const own = rows.filter((row) => row.kind === kind);
      if (!own.some((row) => row.language === 'en')) {
        out.push({ kind, language: 'en', ...DEFAULT_TEMPLATES[kind], customised: false, updatedAt: null });
      }
      for (const row of own) {
        out.push({
          kind,
          language: row.language,
          subject: row.subject,
          body: row.body,
          customised: true,
          updatedAt: row.updated_at,
        });
      }
    }
    return out;
  }

  async put(
    kind: NotificationKindEmail,
    language: string,
    template: EmailTemplate,
    userId: number,
    now: Date,
  ): Promise<StoredTemplate> {
    const row = await this.#db
      .insertInto('email_templates')
      .values({ kind, language, ...template, updated_by: userId, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['kind', 'language']).doUpdateSet({ ...template, updated_by: userId, updated_at: now }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      kind,
      language,
      subject: row.subject,
      body: row.body,
      customised: true,
      updatedAt: row.updated_at,
    };
  }

  /** Back to the built-in text (for English) or to English (for other languages). */
  async remove(kind: NotificationKindEmail, language: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('email_templates')
      .where('kind', '=', kind)
      .where('language', '=', language)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
