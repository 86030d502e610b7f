import crypto from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { Db, Queryable } from '../../../db/database.ts';
import type { UserRow } from '../../../db/schema.ts';
import type { AttachmentStore } from '../../attachments/attachment-store.ts';
import { recordTicketEvent } from '../../tickets/ticket-history.ts';
import { optedOut, type PlannedMail, planForEvent, planForNotification } from './outbound-plan.ts';
import { sanitizeEmailHtml } from './sanitize.ts';
import { renderTemplate, type TemplateStore } from './templates.ts';
import { withTicketTag } from './threading.ts';

export const SEND_QUEUE = 'email.send';

export interface OutboundOptions {
  /** null: no relay configured; mail is recorded as not sent. */
  transport: Transporter | null;
  defaultFrom: string;
  publicUrl: string;
  attempts: number;
  /** Queues the send job, in the given transaction. */
  queueSend(deliveryId: number, db: Queryable): Promise<void>;
}

/** "Name" <address>, as mail clients show it. */
const mailbox = (person: UserRow) =>
  person.name ? `${JSON.stringify(person.name)} <${person.email}>` : person.email;

function addressOf(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();
}

/**
 * Outgoing mail. Ticket changes leave rows in email_outbox (database triggers, in the ticket's
 * own transaction); processOutbox() turns each into deliveries — template, recipients who did
 * not opt out and do not bounce, threading headers — and queues one send job per delivery in
 * the same transaction. The send job delivers through the relay, retried with backoff; a final
 * failure is recorded on the delivery and as an event on the ticket.
 */
export class OutboundMail {
  readonly #db: Db;
  readonly #templates: TemplateStore;
  readonly #attachments: AttachmentStore;
  readonly #options: OutboundOptions;
  readonly #clock: () => Date;

  constructor(
    db: Db,
    templates: TemplateStore,
    attachments: AttachmentStore,
    options: OutboundOptions,
    clock: () => Date,
  ) {
    this.#db = db;
    this.#templates = templates;
    this.#attachments = attachments;
    this.#options = options;
    this.#clock = clock;
  }

  /** Works through the outbox; several nodes may run this at once (rows are claimed with SKIP LOCKED). */
  async processOutbox(batchSize = 100): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.#db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('email_outbox')
          .selectAll()
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const row of rows) {
          const plans =
            row.ticket_event_id !== null
              ? await planForEvent(tx, row.ticket_event_id)
              : await planForNotification(tx, row.notification_id ?? 0);
          for (const plan of plans) await this.#compose(tx, plan);
        }
        if (rows.length > 0)
          await tx
            .deleteFrom('email_outbox')
            .where(
              'id',
              'in',
              rows.map((row) => row.id),
            )
            .execute();
        return rows.length;
      });
      total += done;
      if (done < batchSize) return total;
    }
  }

  async #fromAddress(tx: Queryable, teamId: number | null): Promise<string> {
    const query = tx
      .selectFrom('email_addresses')
      .select(['address', 'display_name', 'is_default', 'team_id'])
      .where('active', '=', true);
    const rows = await query.execute();
    const row =
      rows.find((candidate) => teamId !== null && candidate.team_id === teamId) ??
      rows.find((candidate) => candidate.is_default);
    if (!row) return this.#options.defaultFrom;
    return row.display_name ? `"${row.display_name.replace(/"/g, '')}" <${row.address}>` : row.address;
  }

  async #compose(tx: Queryable, plan: PlannedMail): Promise<void> {
    const people = [...plan.to, ...plan.cc];
    const off = await optedOut(
      tx,
      people.map((person) => person.id),
      plan.kind,
    );
    const bouncing = new Set(
      people.length === 0
        ? []
        : (
            await tx
              .selectFrom('email_bounces')
              .select('address')
              .where(
                'address',
                'in',
                people.map((person) => person.email.toLowerCase()),
              )
              .execute()
          ).map((row) => row.address),
    );
    const wanted = (person: UserRow) => !off.has(person.id);
    let to = plan.to.filter(wanted);
    let cc = plan.cc.filter(wanted);
    if (to.length === 0 && cc.length === 0) return;
    const suppressed = [...to, ...cc].filter((person) => bouncing.has(person.email.toLowerCase()));
    to = to.filter((person) => !bouncing.has(person.email.toLowerCase()));
    cc = cc.filter((person) => !bouncing.has(person.email.toLowerCase()));
    if (to.length === 0) [to, cc] = [cc.slice(0, 1), cc.slice(1)];
    const recipient = to[0] ?? suppressed[0];
    if (!recipient) return;

    const requester = await tx
      .selectFrom('users')
      .select(['name', 'email'])
      .where('id', '=', plan.ticket.requester_id)
      .executeTakeFirstOrThrow();
    const template = await this.#templates.forRecipient(tx, plan.kind, recipient.languages);
    const messageHtml = plan.message?.bodyHtml
      ? sanitizeEmailHtml(plan.message.bodyHtml, { remote: true, inline: {} }).html
      : null;
    const rendered = renderTemplate(
      template,
      {
        'ticket.id': String(plan.ticket.id),
        'ticket.subject': plan.ticket.subject,
        'ticket.status': plan.ticket.status,
        'ticket.priority': plan.ticket.priority,
        'ticket.url': `${this.#options.publicUrl}/tickets/${plan.ticket.id}`,
        'recipient.name': recipient.name,
        'requester.name': requester.name,
        'requester.email': requester.email,
        'actor.name': plan.actor?.name ?? '',
        'message.body': plan.message?.body ?? '',
      },
      messageHtml,
    );
    const from = await this.#fromAddress(tx, plan.ticket.team_id);
    const domain = addressOf(from).split('@')[1] ?? 'tierline.local';
    const messageId = `tl.${plan.ticket.id}.${crypto.randomBytes(9).toString('hex')}@${domain}`;
    const thread = await tx
      .selectFrom('email_message_ids')
      .select(['message_id', 'direction'])
      .where('ticket_id', '=', plan.ticket.id)
      .orderBy('created_at')
      .execute();
    const lastInbound = thread.filter((row) => row.direction === 'inbound').at(-1)?.message_id ?? null;
    const attachmentIds =
      plan.kind === 'agent_reply' && plan.message
        ? (
            await tx
              .selectFrom('attachments')
              .select('id')
              .where('message_id', '=', plan.message.id)
              .orderBy('id')
              .execute()
          ).map((row) => row.id)
        : [];
    const now = this.#clock();
    const noRelay = this.#options.transport === null;
    const delivery = await tx
      .insertInto('email_deliveries')
      .values({
        ticket_id: plan.ticket.id,
        ticket_message_id: plan.message?.id ?? null,
        kind: plan.kind,
        recipient_user_id: recipient.id,
        from_address: from,
        to_addresses: (to.length ? to : [recipient]).map(mailbox),
        cc_addresses: cc.map(mailbox),
        subject: withTicketTag(rendered.subject, plan.ticket.id).slice(0, 900),
        message_id: messageId,
        in_reply_to: lastInbound,
        references_ids: thread.slice(-20).map((row) => row.message_id),
        body_text: rendered.text,
        body_html: rendered.html,
        attachment_ids: attachmentIds,
        automatic: plan.automatic,
        state: to.length === 0 ? 'suppressed' : noRelay ? 'suppressed' : 'queued',
        last_error:
          to.length === 0
            ? 'every recipient is bouncing'
            : noRelay
              ? 'no outgoing mail relay is configured'
              : null,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'state'])
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('email_message_ids')
      .values({
        message_id: messageId,
        ticket_id: plan.ticket.id,
        ticket_message_id: plan.message?.id ?? null,
        direction: 'outbound',
      })
      .execute();
    if (delivery.state === 'queued') await this.#options.queueSend(delivery.id, tx);
  }

  /**
   * Sends a failed delivery again because someone asked to (the relay is back, the address was
   * fixed): queued afresh with its attempts counted from zero. Only failed deliveries qualify.
   */
  async retry(
    deliveryId: number,
    ticketId: number,
  ): Promise<'queued' | 'not_found' | 'not_failed' | 'no_relay'> {
    if (this.#options.transport === null) return 'no_relay';
    return this.#db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('email_deliveries')
        .select(['id', 'state'])
        .where('id', '=', deliveryId)
        .where('ticket_id', '=', ticketId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return 'not_found';
      if (row.state !== 'failed') return 'not_failed';
      await tx
        .updateTable('email_deliveries')
        .set({ state: 'queued', attempts: 0, last_error: null, updated_at: this.#clock() })
        .where('id', '=', deliveryId)
        .execute();
      await this.#options.queueSend(deliveryId, tx);
      return 'queued';
    });
  }

  /** The send job: one attempt at one delivery. Throws to be retried; records the final failure. */
  async deliver(deliveryId: number): Promise<void> {
    const transport = this.#options.transport;
    const delivery = await this.#db
      .selectFrom('email_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    if (delivery?.state !== 'queued' || !transport) return;
    const files = delivery.attachment_ids.length
      ? await this.#db
          .selectFrom('attachments')
          .selectAll()
          .where('id', 'in', delivery.attachment_ids)
          .orderBy('id')
          .execute()
      : [];
    const attempt = delivery.attempts + 1;
    try {
      await transport.sendMail({
        from: delivery.from_address,
        to: delivery.to_addresses,
        cc: delivery.cc_addresses,
        subject: delivery.subject,
        text: delivery.body_text,
        html: delivery.body_html,
        messageId: `<${delivery.message_id}>`,
        ...(delivery.in_reply_to ? { inReplyTo: `<${delivery.in_reply_to}>` } : {}),
        references: delivery.references_ids.map((id) => `<${id}>`),
        headers: delivery.automatic
          ? {
              'Auto-Submitted': delivery.kind === 'ticket_received' ? 'auto-replied' : 'auto-generated',
              'X-Auto-Response-Suppress': 'All',
            }
          : {},
        attachments: files.map((file) => ({
          filename: file.filename,
          contentType: file.content_type,
          path: this.#attachments.pathOf(file.sha256),
        })),
      });
      await this.#db
        .updateTable('email_deliveries')
        .set({
          state: 'sent',
          attempts: attempt,
          sent_at: this.#clock(),
          updated_at: this.#clock(),
          last_error: null,
        })
        .where('id', '=', deliveryId)
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code =
        typeof error === 'object' && error !== null && 'responseCode' in error
          ? Number(error.responseCode)
          : 0;
      // A 5xx from the relay will not change on retry.
      const final = attempt >= this.#options.attempts || (code >= 500 && code < 600);
      await this.#db.transaction().execute(async (tx) => {
        await tx
          .updateTable('email_deliveries')
          .set({
            attempts: attempt,
            last_error: message.slice(0, 2000),
            updated_at: this.#clock(),
            ...(final ? { state: 'failed' as const } : {}),
          })
          .where('id', '=', deliveryId)
          .execute();
        if (final && delivery.ticket_id !== null) {
          const ticket = await tx
            .selectFrom('tickets')
            .select(['id', 'requester_id', 'organisation_id'])
            .where('id', '=', delivery.ticket_id)
            .executeTakeFirstOrThrow();
          await recordTicketEvent(tx, {
            ticket,
            actorId: null,
            type: 'email.delivery_failed',
            data: {
              deliveryId,
              kind: delivery.kind,
              to: delivery.to_addresses,
              error: message.slice(0, 500),
              attempts: attempt,
            },
            internal: true,
            at: this.#clock(),
          });
        }
      });
      if (!final) throw error;
    }
  }
}
