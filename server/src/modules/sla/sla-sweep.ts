import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { EscalationLevel } from '../escalation/escalation-rule.schema.ts';
import { recordTicketEvents, type TicketEventInput } from '../tickets/ticket-history.ts';
import type { DueLevel, DueNotice, WatchedRule } from './sla-checkpoints.ts';
import type { SlaConfigCache } from './sla-config.ts';
import {
  computeTicketSla,
  loadSlaInputs,
  refreshTicketSla,
  type SlaTicketRow,
  type TicketSlaComputation,
} from './sla-refresh.ts';
import type { SlaTargetStatus } from './sla-state.ts';

/** A level that is due, handed to the escalation module to carry out. */
export interface DueEscalation {
  readonly ticket: SlaTicketRow;
  readonly rule: WatchedRule;
  readonly level: EscalationLevel;
  readonly target: SlaTargetStatus;
  readonly now: Date;
}

/**
 * Carries out levels' actions in the sweep's transaction and says what each did, for the
 * history: one list of outcomes per level, in the order given. The levels of one batch come
 * together, so what they share (the staff to notify, the notifications themselves) can be read
 * and written once.
 */
export interface EscalationFirer {
  fireAll(tx: Tx, due: readonly DueEscalation[]): Promise<Record<string, unknown>[][]>;
}

export interface SweepResult {
  tickets: number;
  atRisk: number;
  breached: number;
  escalations: number;
}

export interface SweepOptions {
  /** Tickets per transaction. */
  batchSize?: number;
  /** Transactions at the same time. */
  concurrency?: number;
  /** Stop after this many batches; the next run goes on. */
  maxBatches?: number;
}

/**
 * The periodic sweep: finds tickets whose next checkpoint has come (an indexed range scan on
 * ticket_sla.check_at), records sla.at_risk / sla.breached once per target cycle and fires due
 * escalation levels once per ticket, rule, level and cycle. Each ticket is handled under its row
 * lock, which every other change to the ticket also takes; a unique constraint on
 * escalation_firings stops a level from firing twice even if that were ever bypassed.
 */
export class SlaSweep {
  readonly #db: Db;
  readonly #config: SlaConfigCache;
  readonly #firer: EscalationFirer;
  readonly #clock: () => Date;

  constructor(db: Db, config: SlaConfigCache, firer: EscalationFirer, clock: () => Date) {
    this.#db = db;
    this.#config = config;
    this.#firer = firer;
    this.#clock = clock;
  }

  /** Ticket ids whose checkpoint has come; the query the benchmark times. */
  dueTickets(now: Date, limit: number, skip: readonly number[] = []): Promise<number[]> {
    return this.#db
      .selectFrom('ticket_sla')
      .select('ticket_id')
      .where('check_at', '<=', now)
      .$if(skip.length > 0, (q) => q.where('ticket_id', '!=', sql<number>`all(${[...skip]}::bigint[])`))
      .orderBy('check_at')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((row) => row.ticket_id));
  }

  async run(options: SweepOptions = {}): Promise<SweepResult> {
    const batchSize = options.batchSize ?? 50;
    const concurrency = options.concurrency ?? 4;
    const maxBatches = options.maxBatches ?? 200;
    const result: SweepResult = { tickets: 0, atRisk: 0, breached: 0, escalations: 0 };
    // Tickets looked at in this run (or held by another sweeper) are not taken again.
    const seen: number[] = [];
    for (let taken = 0; taken < maxBatches; taken += concurrency) {
      const now = this.#clock();
      const candidates = await this.dueTickets(now, batchSize * concurrency, seen);
      if (candidates.length === 0) break;
      seen.push(...candidates);
      // Side by side, each batch in its own transaction: the work is mostly round trips.
      const batches = Array.from({ length: concurrency }, (_, index) =>
        candidates.filter((_, position) => position % concurrency === index),
      ).filter((batch) => batch.length > 0);
      await Promise.all(
        batches.map((batch) =>
          this.#db.transaction().execute((tx) => this.#sweepBatch(tx, batch, now, result)),
        ),
      );
    }
    return result;
  }

  async #sweepBatch(tx: Tx, candidates: number[], now: Date, result: SweepResult): Promise<void> {
    const locked = await tx
      .selectFrom('tickets')
      .select('id')
      .where('id', '=', sql<number>`any(${candidates}::bigint[])`)
      .orderBy('id')
      .forUpdate()
      .skipLocked()
      .execute();
    if (locked.length === 0) return;
    // Another sweeper may have handled them between the look and the lock.
    const due = await tx
      .selectFrom('ticket_sla')
      .select('ticket_id')
      .where('ticket_id', '=', sql<number>`any(${locked.map((row) => row.id)}::bigint[])`)
      .where('check_at', '<=', now)
      .execute();
    const ids = due.map((row) => row.ticket_id);
    if (ids.length === 0) return;
    const config = await this.#config.get(tx);
    const { tickets, histories } = await loadSlaInputs(tx, ids);
    const computations = tickets.map((ticket) =>
      computeTicketSla(config, ticket, histories.get(ticket.id), now),
    );
    // Each step for the whole batch at once, in the order one ticket would take them: its
    // notices, then its levels (claimed, carried out, then recorded as fired).
    const notices = computations.flatMap((computation) =>
      computation.checkpoints.notices.map((notice) => ({ computation, notice })),
    );
    await recordTicketEvents(
      tx,
      notices.map(({ computation, notice }) => noticeEvent(computation, notice, now)),
    );
    for (const { notice } of notices) {
      if (notice.kind === 'at_risk') result.atRisk++;
      else result.breached++;
    }
    const claimed = await this.#claimLevels(
      tx,
      computations.flatMap((computation) =>
        computation.checkpoints.levels.map((level) => ({ computation, level })),
      ),
      now,
    );
    const outcomes = await this.#firer.fireAll(
      tx,
      claimed.map(({ computation, level }) => ({
        ticket: computation.ticket,
        rule: level.rule,
        level: level.level,
        target: level.target,
        now,
      })),
    );
    await recordTicketEvents(
      tx,
      claimed.map(({ computation, level }, index) =>
        firedEvent(computation, level, outcomes[index] ?? [], now),
      ),
    );
    result.escalations += claimed.length;
    result.tickets += computations.length;
    await refreshTicketSla(tx, config, ids, now);
  }

  /**
   * Claims levels in escalation_firings, all in one statement; those already claimed (fired
   * before, or by another sweeper) are left out of the answer.
   */
  async #claimLevels<Due extends { computation: TicketSlaComputation; level: DueLevel }>(
    tx: Tx,
    due: readonly Due[],
    now: Date,
  ): Promise<Due[]> {
    if (due.length === 0) return [];
    const keyOf = (ticketId: number, ruleId: number, level: number, metric: string, cycle: number) =>
      `${ticketId}:${ruleId}:${level}:${metric}:${cycle}`;
    const claimed = await tx
      .insertInto('escalation_firings')
      .values(
        due.map(({ computation, level: { rule, level, target } }) => ({
          ticket_id: computation.ticket.id,
          rule_id: rule.id,
          level: level.level,
          metric: target.metric,
          cycle: target.cycle,
          fired_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['ticket_id', 'rule_id', 'level', 'metric', 'cycle']).doNothing())
      .returning(['ticket_id', 'rule_id', 'level', 'metric', 'cycle'])
      .execute();
    const keys = new Set(
      claimed.map((row) => keyOf(row.ticket_id, row.rule_id, row.level, row.metric, row.cycle)),
    );
    // What a level did is in its escalation.fired event; the row only claims the level.
    return due.filter(({ computation, level: { rule, level, target } }) =>
      keys.has(keyOf(computation.ticket.id, rule.id, level.level, target.metric, target.cycle)),
    );
  }
}

function noticeEvent(c: TicketSlaComputation, notice: DueNotice, now: Date): TicketEventInput {
  const { target } = notice;
  return {
    ticket: c.ticket,
    actorId: null,
    type: notice.kind === 'at_risk' ? 'sla.at_risk' : 'sla.breached',
    data: {
      metric: target.metric,
      cycle: target.cycle,
      reachedAt: notice.at.toISOString(),
      dueAt: target.dueAt?.toISOString() ?? null,
      targetMinutes: target.targetMinutes,
      businessHours: target.businessHours,
      elapsedMinutes: target.elapsedMinutes,
      policy: c.applied.policy ? { id: c.applied.policy.id, name: c.applied.policy.name } : null,
    },
    internal: true,
    at: now,
  };
}

function firedEvent(
  c: TicketSlaComputation,
  due: DueLevel,
  actions: Record<string, unknown>[],
  now: Date,
): TicketEventInput {
  const { target, rule, level } = due;
  return {
    ticket: c.ticket,
    actorId: null,
    type: 'escalation.fired',
    data: {
      ruleId: rule.id,
      ruleName: rule.name,
      level: level.level,
      metric: target.metric,
      cycle: target.cycle,
      trigger: level.trigger,
      reachedAt: due.at.toISOString(),
      actions,
    },
    internal: true,
    at: now,
  };
}
