import type { Tx } from '../../db/database.ts';
import type { Priority, TicketRow } from '../../db/schema.ts';
import { type Notification, notifyAll } from '../notifications/notifications.ts';
import type { DueEscalation, EscalationFirer } from '../sla/sla-sweep.ts';
import { lockTicket } from '../tickets/ticket.repository.ts';
import { recordTicketEvent } from '../tickets/ticket-history.ts';
import { escalationTargets, findTeam, teamStaff } from './escalation-paths.ts';
import type { EscalationAction } from './escalation-rule.schema.ts';

const RAISED: Record<Priority, Priority | null> = { P4: 'P3', P3: 'P2', P2: 'P1', P1: null };

type ActionOutcome = Record<string, unknown> & { kind: EscalationAction['kind'] };
type TicketView = Pick<TicketRow, 'id' | 'subject' | 'assignee_id' | 'team_id'>;

/** What the levels of one sweep batch share: staff looked up once, notifications written once. */
class BatchWork {
  readonly tx: Tx;
  readonly notifications: Notification[] = [];
  readonly #staff = new Map<string, Promise<number[]>>();
  #supervisors: Promise<number[]> | null = null;

  constructor(tx: Tx) {
    this.tx = tx;
  }

  teamStaff(teamId: number, role?: 'supervisor'): Promise<number[]> {
    const key = `${teamId}:${role ?? ''}`;
    let staff = this.#staff.get(key);
    if (!staff) {
      staff = teamStaff(this.tx, teamId, role);
      this.#staff.set(key, staff);
    }
    return staff;
  }

  allSupervisors(): Promise<number[]> {
    this.#supervisors ??= allSupervisors(this.tx);
    return this.#supervisors;
  }
}

/**
 * Carries out the actions of automatic escalation levels inside the sweep's transaction, as
 * the system (no actor). Changes to the ticket are written like any other change, so they show
 * in its history and the SLA state follows them (a raised priority takes that priority's targets).
 * The levels of a batch run one after the other; their notifications are written together at the end.
 */
export class EscalationActions implements EscalationFirer {
  async fireAll(tx: Tx, due: readonly DueEscalation[]): Promise<Record<string, unknown>[][]> {
    const work = new BatchWork(tx);
    const outcomes: Record<string, unknown>[][] = [];
    for (const level of due) outcomes.push(await this.#fire(work, level));
    await notifyAll(tx, work.notifications);
    return outcomes;
  }

  async #fire(work: BatchWork, due: DueEscalation): Promise<ActionOutcome[]> {
    const { tx } = work;
    const outcomes: ActionOutcome[] = [];
    // The sweep holds the row lock and read what notifying needs; the whole row is read only
    // for an action that changes the ticket, then carried along.
    let view: TicketView = due.ticket;
    let row: TicketRow | undefined;
    const wholeRow = async () => {
      row ??= await lockTicket(tx, due.ticket.id);
      if (!row) throw new Error(`Ticket #${due.ticket.id} vanished during its escalation`);
      return row;
    };
    for (const action of due.level.actions) {
      const { outcome, updated } = await this.#run(work, action, view, wholeRow, due);
      outcomes.push(outcome);
      if (updated) {
        row = updated;
        view = updated;
      }
    }
    return outcomes;
  }

  async #run(
    work: BatchWork,
    action: EscalationAction,
    ticket: TicketView,
    wholeRow: () => Promise<TicketRow>,
    due: DueEscalation,
  ): Promise<{ outcome: ActionOutcome; updated?: TicketRow }> {
    const about = {
      subject: ticket.subject,
      metric: due.target.metric,
      state: due.target.state,
      dueAt: due.target.dueAt?.toISOString() ?? null,
      rule: due.rule.name,
      level: due.level.level,
    };
    const { tx } = work;
    const notify = (userIds: number[], kind: 'sla_escalation' | 'paged' = 'sla_escalation') => {
      work.notifications.push({ userIds, kind, ticketId: ticket.id, data: about, at: due.now });
      return { outcome: { kind: action.kind, notified: [...new Set(userIds)] } };
    };
    switch (action.kind) {
      case 'notify_assignee':
        return notify(ticket.assignee_id === null ? [] : [ticket.assignee_id]);
      case 'notify_team':
        return notify(ticket.team_id === null ? [] : await work.teamStaff(ticket.team_id));
      case 'notify_supervisors': {
        const ofTeam = ticket.team_id === null ? [] : await work.teamStaff(ticket.team_id, 'supervisor');
        return notify(ofTeam.length > 0 ? ofTeam : await work.allSupervisors());
      }
      case 'page_user': {
        const person = await tx
          .selectFrom('users')
          .select('id')
          .where('id', '=', action.userId)
          .where('active', '=', true)
          .where('role', 'not in', ['customer', 'client_admin'])
          .executeTakeFirst();
        if (!person)
          return { outcome: { kind: action.kind, skipped: `person ${action.userId} is not active staff` } };
        return notify([person.id], 'paged');
      }
      case 'raise_priority':
        return this.#raisePriority(tx, await wholeRow(), due);
      case 'reassign_next_tier':
        return this.#reassignToNextTier(work, await wholeRow(), due);
    }
  }

  async #raisePriority(
    tx: Tx,
    ticket: TicketRow,
    due: DueEscalation,
  ): Promise<{ outcome: ActionOutcome; updated?: TicketRow }> {
    const to = RAISED[ticket.priority];
    if (!to) return { outcome: { kind: 'raise_priority', skipped: 'already P1' } };
    const updated = await tx
      .updateTable('tickets')
      .set({ priority: to, priority_overridden: true, updated_at: due.now, version: ticket.version + 1 })
      .where('id', '=', ticket.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const changes: Record<string, { from: unknown; to: unknown }> = {
      priority: { from: ticket.priority, to },
    };
    if (!ticket.priority_overridden) changes.priority_overridden = { from: false, to: true };
    await recordTicketEvent(tx, {
      ticket: updated,
      actorId: null,
      type: 'ticket.updated',
      data: { changes, reason: 'escalation', ruleId: due.rule.id, level: due.level.level },
      at: due.now,
    });
    return { outcome: { kind: 'raise_priority', from: ticket.priority, to }, updated };
  }

  async #reassignToNextTier(
    work: BatchWork,
    ticket: TicketRow,
    due: DueEscalation,
  ): Promise<{ outcome: ActionOutcome; updated?: TicketRow }> {
    const { tx } = work;
    const from = await findTeam(tx, ticket.team_id);
    const [next] = await escalationTargets(tx, from);
    if (!next) return { outcome: { kind: 'reassign_next_tier', skipped: 'no team of a higher tier' } };
    const updated = await tx
      .updateTable('tickets')
      .set({ team_id: next.id, assignee_id: null, updated_at: due.now, version: ticket.version + 1 })
      .where('id', '=', ticket.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const changes: Record<string, { from: unknown; to: unknown }> = {
      team_id: { from: ticket.team_id, to: next.id },
    };
    if (ticket.assignee_id !== null) changes.assignee_id = { from: ticket.assignee_id, to: null };
    const reason = { reason: 'escalation', ruleId: due.rule.id, level: due.level.level };
    await recordTicketEvent(tx, {
      ticket: updated,
      actorId: null,
      type: 'ticket.updated',
      data: { changes, ...reason },
      at: due.now,
    });
    await recordTicketEvent(tx, {
      ticket: updated,
      actorId: null,
      type: 'ticket.escalated',
      data: {
        automatic: true,
        fromTeamId: from?.id ?? null,
        fromTier: from?.tier ?? null,
        toTeamId: next.id,
        toTier: next.tier,
        ...reason,
      },
      internal: true,
      at: due.now,
    });
    work.notifications.push({
      userIds: await work.teamStaff(next.id),
      kind: 'escalated',
      ticketId: ticket.id,
      data: { subject: ticket.subject, team: next.name, automatic: true },
      at: due.now,
    });
    return {
      outcome: {
        kind: 'reassign_next_tier',
        fromTeamId: from?.id ?? null,
        toTeamId: next.id,
        toTier: next.tier,
      },
      updated,
    };
  }
}

async function allSupervisors(tx: Tx): Promise<number[]> {
  const rows = await tx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'supervisor')
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}
