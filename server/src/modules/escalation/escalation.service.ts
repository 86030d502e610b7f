import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import { conflict, invalid } from '../../errors.ts';
import { notifyPeople } from '../notifications/notifications.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { applyTicketChanges, loadVisibleTicket, type TicketDeps } from '../tickets/ticket-changes.ts';
import { addMessage } from '../tickets/ticket-conversation.ts';
import { recordTicketEvent } from '../tickets/ticket-history.ts';
import type { DeEscalateInput, EscalateInput } from './escalation.schema.ts';
import { escalationTargets, findTeam, type TeamRef, teamStaff } from './escalation-paths.ts';

const ESCALATION_HISTORY = [
  'ticket.escalated',
  'ticket.de_escalated',
  'escalation.fired',
  'vendor.escalated',
  'vendor.returned',
  'bug.requested',
  'bug.linked',
  'bug.updated',
  'bug.fixed',
];

/**
 * Manual escalation between tiers: up to a team of a higher tier with a hand-over summary
 * (kept as an internal note and in the history), and back down with a note. The team's
 * escalation paths, when it has any, say where it may escalate to.
 */
export class EscalationService {
  readonly #db: Db;
  readonly #deps: TicketDeps;

  constructor(db: Db, settings: SettingsService, clock: () => Date) {
    this.#db = db;
    this.#deps = { settings, clock };
  }

  async escalate(actor: Actor, ticketId: number, input: EscalateInput): Promise<TicketRow> {
    authorize(actor, 'tickets.escalate');
    return this.#db.transaction().execute(async (tx) => {
      const ticket = await this.#loadOpen(tx, actor, ticketId);
      const from = await findTeam(tx, ticket.team_id);
      const to = await this.#targetTeam(tx, input.teamId, ticket);
      if (from && to.tier <= from.tier) {
        throw invalid(
          'not_a_higher_tier',
          `Escalate to a team above Tier ${from.tier}; ${to.name} is Tier ${to.tier}`,
        );
      }
      const allowed = await escalationTargets(tx, from);
      if (from && !allowed.some((team) => team.id === to.id)) {
        throw invalid('escalation_path_not_allowed', `${from.name} does not escalate to ${to.name}`, {
          allowedTeamIds: allowed.map((team) => team.id),
        });
      }
      return this.#handOver(tx, actor, ticket, from, to, input.assigneeId ?? null, {
        type: 'ticket.escalated',
        heading: `Hand-over to ${to.name} (Tier ${to.tier})`,
        text: input.summary,
      });
    });
  }

  async deEscalate(actor: Actor, ticketId: number, input: DeEscalateInput): Promise<TicketRow> {
    authorize(actor, 'tickets.escalate');
    return this.#db.transaction().execute(async (tx) => {
      const ticket = await this.#loadOpen(tx, actor, ticketId);
      const from = await findTeam(tx, ticket.team_id);
      const to = await this.#targetTeam(tx, input.teamId, ticket);
      if (!from || to.tier >= from.tier) {
        throw invalid(
          'not_a_lower_tier',
          `De-escalate to a team below ${from ? `Tier ${from.tier}` : 'the current team'}`,
        );
      }
      return this.#handOver(tx, actor, ticket, from, to, input.assigneeId ?? null, {
        type: 'ticket.de_escalated',
        heading: `Back to ${to.name} (Tier ${to.tier})`,
        text: input.note,
      });
    });
  }

  /** The ticket's team and the teams it could be escalated to from there, next tier first. */
  async whereNext(
    actor: Actor,
    ticket: Pick<TicketRow, 'team_id'>,
  ): Promise<{ team: TeamRef | null; targets: TeamRef[] }> {
    authorize(actor, 'sla.read');
    const team = await findTeam(this.#db, ticket.team_id);
    return { team, targets: await escalationTargets(this.#db, team) };
  }

  /** Hand-overs, automatic escalations, bugs and vendor escalations in the ticket's history. */
  async history(actor: Actor, ticketId: number) {
    authorize(actor, 'sla.read');
    return this.#db
      .selectFrom('ticket_events')
      .select(['id', 'type', 'actor_id', 'data', 'created_at'])
      .where('ticket_id', '=', ticketId)
      .where('type', 'in', ESCALATION_HISTORY)
      .orderBy('id')
      .execute();
  }

  async #loadOpen(tx: Queryable, actor: Actor, ticketId: number): Promise<TicketRow> {
    const ticket = await loadVisibleTicket(tx, actor, ticketId);
    if (ticket.merged_into_id !== null) throw conflict('ticket_merged', `Ticket #${ticketId} is merged`);
    if (ticket.status === 'closed') throw conflict('ticket_closed', `Ticket #${ticketId} is closed`);
    return ticket;
  }

  async #targetTeam(tx: Queryable, teamId: number, ticket: TicketRow): Promise<TeamRef> {
    const team = await findTeam(tx, teamId);
    if (!team) throw invalid('invalid_team', `Team ${teamId} does not exist`);
    if (team.id === ticket.team_id) throw invalid('same_team', `The ticket is already with ${team.name}`);
    return team;
  }

  async #handOver(
    tx: Queryable,
    actor: Actor,
    ticket: TicketRow,
    from: TeamRef | null,
    to: TeamRef,
    assigneeId: number | null,
    note: { type: 'ticket.escalated' | 'ticket.de_escalated'; heading: string; text: string },
  ): Promise<TicketRow> {
    if (assigneeId !== null && !(await teamStaff(tx, to.id)).includes(assigneeId)) {
      throw invalid('invalid_assignee', `The assignee must be an active member of ${to.name}`);
    }
    const { message, ticket: noted } = await addMessage(tx, this.#deps, actor, ticket.id, {
      body: `${note.heading}\n\n${note.text}`,
      internal: true,
    });
    const now = this.#deps.clock();
    const moved = await applyTicketChanges(tx, this.#deps, actor, noted, { teamId: to.id, assigneeId }, now);
    await recordTicketEvent(tx, {
      ticket: moved,
      actorId: actor.userId,
      type: note.type,
      data: {
        automatic: false,
        fromTeamId: from?.id ?? null,
        fromTier: from?.tier ?? null,
        toTeamId: to.id,
        toTier: to.tier,
        assigneeId,
        noteId: message.id,
        ...(note.type === 'ticket.escalated' ? { summary: note.text } : { note: note.text }),
      },
      internal: true,
      at: now,
    });
    // Without an assignee the whole receiving team hears of it; an assignee hears through "assigned".
    if (assigneeId === null) {
      const members = (await teamStaff(tx, to.id)).filter((id) => id !== actor.userId);
      await notifyPeople(
        tx,
        members,
        'escalated',
        ticket.id,
        { subject: ticket.subject, team: to.name, by: actor.name },
        now,
      );
    }
    return moved;
  }
}
