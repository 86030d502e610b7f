import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { VendorEscalationRow } from '../../db/schema-sla.ts';
import { conflict, notFound } from '../../errors.ts';
import { loadVisibleTicket } from '../tickets/ticket-changes.ts';
import { recordTicketEvent } from '../tickets/ticket-history.ts';
import type { StartVendorEscalationInput } from './escalation.schema.ts';

const MINUTE_MS = 60_000;

export interface VendorWaiting {
  escalations: (VendorEscalationRow & { waitingMinutes: number })[];
  /** All the time the ticket waited on vendors, open escalations counted up to now. */
  totalWaitingMinutes: number;
}

/**
 * Tier 4: a ticket handed to a vendor, with the vendor's reference and the time spent waiting
 * on them. The events it records let an SLA policy pause while a vendor works on the ticket.
 */
export class VendorEscalationService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async start(
    actor: Actor,
    ticketId: number,
    input: StartVendorEscalationInput,
  ): Promise<VendorEscalationRow> {
    authorize(actor, 'tickets.escalate');
    return this.#db.transaction().execute(async (tx) => {
      const ticket = await loadVisibleTicket(tx, actor, ticketId);
      if (ticket.status === 'closed' || ticket.merged_into_id !== null) {
        throw conflict('ticket_closed', `Ticket #${ticketId} is closed`);
      }
      const now = this.#clock();
      const escalation = await tx
        .insertInto('vendor_escalations')
        .values({
          ticket_id: ticketId,
          vendor_name: input.vendorName,
          vendor_reference: input.vendorReference,
          started_at: now,
          started_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: 'vendor.escalated',
        data: {
          vendorEscalationId: escalation.id,
          vendorName: input.vendorName,
          vendorReference: input.vendorReference,
        },
        internal: true,
        at: now,
      });
      return escalation;
    });
  }

  async close(actor: Actor, id: number, outcome: string): Promise<VendorEscalationRow> {
    authorize(actor, 'tickets.escalate');
    return this.#db.transaction().execute(async (tx) => {
      const found = await tx
        .selectFrom('vendor_escalations')
        .select('ticket_id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!found) throw notFound('vendor_escalation');
      const ticket = await loadVisibleTicket(tx, actor, found.ticket_id).catch(() => {
        throw notFound('vendor_escalation');
      });
      const escalation = await tx
        .selectFrom('vendor_escalations')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (escalation.ended_at !== null)
        throw conflict('vendor_escalation_closed', 'This vendor escalation is already closed');
      const now = this.#clock();
      const closed = await tx
        .updateTable('vendor_escalations')
        .set({ ended_at: now, ended_by: actor.userId, outcome })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: 'vendor.returned',
        data: {
          vendorEscalationId: id,
          vendorName: escalation.vendor_name,
          vendorReference: escalation.vendor_reference,
          waitingMinutes: (now.getTime() - escalation.started_at.getTime()) / MINUTE_MS,
          outcome,
        },
        internal: true,
        at: now,
      });
      return closed;
    });
  }

  async forTicket(actor: Actor, ticketId: number, db: Queryable = this.#db): Promise<VendorWaiting> {
    authorize(actor, 'sla.read');
    const rows = await db
      .selectFrom('vendor_escalations')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .orderBy('id')
      .execute();
    const now = this.#clock().getTime();
    const escalations = rows.map((row) => ({
      ...row,
      waitingMinutes: ((row.ended_at?.getTime() ?? now) - row.started_at.getTime()) / MINUTE_MS,
    }));
    // Overlapping escalations (two vendors at once) count the shared time once.
    let totalMs = 0;
    let coveredUntil = Number.NEGATIVE_INFINITY;
    for (const row of [...rows].sort((a, b) => a.started_at.getTime() - b.started_at.getTime())) {
      const start = Math.max(row.started_at.getTime(), coveredUntil);
      const end = row.ended_at?.getTime() ?? now;
      if (end > start) totalMs += end - start;
      coveredUntil = Math.max(coveredUntil, end);
    }
    return { escalations, totalWaitingMinutes: totalMs / MINUTE_MS };
  }
}
