import type { Db, Queryable } from '../../../db/database.ts';
import type { EmailInboundRow, InboundState } from './email.tables.ts';
import { storeFile } from './email-files.ts';
import { type ImportInput, type InboundDeps, importMessage } from './inbound-import.ts';
import { parseEmail } from './parse.ts';

export interface InboundDelivery {
  raw: Buffer;
  /** 'smtp' or 'mailbox:<id>': a Message-ID is imported once per way in. */
  source: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
  /** The support address of the mailbox it was fetched from. */
  addressId?: number | null;
}

export interface AcceptResult {
  inboundId: number;
  /** The same message (Message-ID) came this way before; nothing new was written. */
  duplicate: boolean;
  state: InboundState;
  outcome: string;
  ticketId: number | null;
}

// Failures worth another go in a fresh transaction: serialisation, deadlock, and a unique
// violation from a concurrent import creating the same person.
const TRANSIENT = new Set(['40001', '40P01', '23505']);
// The database is not there: nothing can be stored, the sender must try again later.
const UNAVAILABLE = /^(08|57P)/;

/** Thrown inside the import transaction to roll it back: the message was imported before. */
class AlreadyImported extends Error {}

function pgCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

/**
 * The durable accept path of every inbound message, SMTP or IMAP. The raw bytes, the ticket or
 * reply made from them, and the Message-ID that makes a second delivery a no-op are written in
 * one transaction; the caller acknowledges (SMTP 250, IMAP move) only after it commits.
 * A message whose import fails for a reason of its own is still kept, as 'failed', for an admin
 * to look at and retry; only when nothing can be stored does accept() throw (SMTP answers 4xx).
 */
export class InboundMailService {
  readonly #db: Db;
  readonly #deps: InboundDeps;
  readonly #clock: () => Date;

  constructor(db: Db, deps: InboundDeps, clock: () => Date) {
    this.#db = db;
    this.#deps = deps;
    this.#clock = clock;
  }

  async accept(delivery: InboundDelivery): Promise<AcceptResult> {
    const prepared = await this.#prepare(delivery);
    let failure: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await this.#db.transaction().execute((tx) => this.#importIn(tx, delivery, prepared));
      } catch (error) {
        if (error instanceof AlreadyImported) {
          return this.#existing(this.#db, delivery.source, prepared.email.messageId);
        }
        failure = error;
        if (UNAVAILABLE.test(pgCode(error))) throw error;
        if (!TRANSIENT.has(pgCode(error))) break;
      }
    }
    const { email } = prepared;
    return this.#keepFailed(delivery, email.messageId, email.from?.address ?? null, email.subject, failure);
  }

  /** Parsing and writing attachment files happen before the transaction, which stays short. */
  async #prepare(delivery: InboundDelivery): Promise<ImportInput> {
    const email = await parseEmail(delivery.raw);
    const parts = email.parseError
      ? [{ content: delivery.raw, contentType: 'message/rfc822', filename: 'original.eml', cid: null }]
      : email.attachments;
    const files = await Promise.all(parts.map((part) => storeFile(this.#deps.attachments, part)));
    return {
      email,
      files,
      envelopeFrom: delivery.envelopeFrom,
      envelopeTo: delivery.envelopeTo,
      addressId: delivery.addressId ?? null,
      raw: delivery.raw,
    };
  }

  async #importIn(tx: Queryable, delivery: InboundDelivery, input: ImportInput): Promise<AcceptResult> {
    const { email } = input;
    const outcome = await importMessage(tx, this.#deps, input, this.#clock());
    // Written last, in one statement: the unique Message-ID makes a repeated (or concurrent)
    // delivery of the same message roll all of the import back (see accept()).
    const inserted = await tx
      .insertInto('email_inbound')
      .values({
        source: delivery.source,
        message_id: email.messageId,
        raw: delivery.raw,
        size_bytes: delivery.raw.length,
        envelope_from: delivery.envelopeFrom,
        envelope_to: delivery.envelopeTo,
        from_address: email.from?.address ?? null,
        subject: email.subject.slice(0, 1000),
        state: outcome.state,
        outcome: outcome.outcome,
        reason: outcome.reason,
        ticket_id: outcome.ticketId,
        ticket_message_id: outcome.ticketMessageId,
        suppress_auto_response: outcome.suppressAutoResponse,
        html: outcome.html,
        inline_attachments: JSON.stringify(outcome.inline),
        quoted_text: outcome.quoted,
        error: email.parseError ? `could not be parsed: ${email.parseError}` : null,
        received_at: this.#clock(),
      })
      .onConflict((oc) => oc.columns(['source', 'message_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AlreadyImported();
    return {
      inboundId: inserted.id,
      duplicate: false,
      state: outcome.state,
      outcome: outcome.outcome,
      ticketId: outcome.ticketId,
    };
  }

  async #existing(tx: Queryable, source: string, messageId: string): Promise<AcceptResult> {
    const row = await tx
      .selectFrom('email_inbound')
      .select(['id', 'state', 'outcome', 'ticket_id'])
      .where('source', '=', source)
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    return {
      inboundId: row.id,
      duplicate: true,
      state: row.state,
      outcome: row.outcome,
      ticketId: row.ticket_id,
    };
  }

  /** The import failed for this message alone: keep the bytes and the error, acknowledge, let an admin retry. */
  async #keepFailed(
    delivery: InboundDelivery,
    messageId: string,
    from: string | null,
    subject: string,
    failure: unknown,
  ): Promise<AcceptResult> {
    const error = failure instanceof Error ? failure.message : String(failure);
    const row = await this.#db
      .insertInto('email_inbound')
      .values({
        source: delivery.source,
        message_id: messageId,
        raw: delivery.raw,
        size_bytes: delivery.raw.length,
        envelope_from: delivery.envelopeFrom,
        envelope_to: delivery.envelopeTo,
        from_address: from,
        subject: subject.slice(0, 1000),
        state: 'failed',
        outcome: 'failed',
        error: error.slice(0, 4000),
        received_at: this.#clock(),
      })
      .onConflict((oc) => oc.columns(['source', 'message_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return this.#existing(this.#db, delivery.source, messageId);
    return { inboundId: row.id, duplicate: false, state: 'failed', outcome: 'failed', ticketId: null };
  }

  /** Imports a message that failed before (after a fix, or once the cause is gone); null if there is none. */
  async retry(inboundId: number): Promise<AcceptResult | null> {
    const row: EmailInboundRow | undefined = await this.#db
      .selectFrom('email_inbound')
      .selectAll()
      .where('id', '=', inboundId)
      .where('state', '=', 'failed')
      .executeTakeFirst();
    if (!row) return null;
    const delivery = {
      raw: row.raw,
      source: row.source,
      envelopeFrom: row.envelope_from,
      envelopeTo: row.envelope_to,
    };
    const prepared = await this.#prepare(delivery);
    try {
      // The failed row goes only if the new import commits.
      return await this.#db.transaction().execute(async (tx) => {
        await tx
          .deleteFrom('email_inbound')
          .where('id', '=', inboundId)
          .where('state', '=', 'failed')
          .execute();
        return this.#importIn(tx, delivery, prepared);
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.#db
        .updateTable('email_inbound')
        .set({ error: message.slice(0, 4000) })
        .where('id', '=', inboundId)
        .execute();
      return { inboundId, duplicate: false, state: 'failed', outcome: 'failed', ticketId: null };
    }
  }
}
