import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { authorize, canSeeTicket } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { RecordedTicketEvent } from '../tickets/ticket-history.ts';
import type { AtRiskQuery } from './sla.schema.ts';
import { listAtRisk } from './sla-at-risk.ts';
import { bumpSlaConfigVersion, SlaConfigCache } from './sla-config.ts';
import {
  computeTicketSla,
  loadSlaInputs,
  refreshTicketSla,
  type TicketSlaComputation,
} from './sla-refresh.ts';
import { SLA_EVENT_TYPES } from './sla-state.ts';

/** Events after which a ticket's SLA state can differ; notices and firings are the sweep's own. */
const REFRESH_ON: ReadonlySet<string> = new Set(
  SLA_EVENT_TYPES.filter((type) => !type.startsWith('sla.') && type !== 'escalation.fired'),
);

/** SLA states computed in the transactions of the work `rememberSlaComputations` runs, by ticket. */
const computedDuringWork = new AsyncLocalStorage<Map<number, TicketSlaComputation>>();

/**
 * Runs `work` (a change and the answer to it) so that the SLA state a change computed in its
 * transaction answers `SlaService.current` for that ticket: the answer needs no second read.
 */
export function rememberSlaComputations<T>(work: () => Promise<T>): Promise<T> {
  return computedDuringWork.run(new Map(), work);
}

/**
 * Runs `work` done for several callers at once (a batch of new tickets) and returns, with its
 * result, what each caller runs in its own async context to take over the SLA state the work
 * computed for its ticket, as if it had done that work itself.
 */
export async function shareSlaComputations<T>(
  work: () => Promise<T>,
): Promise<{ result: T; handOver: (ticketId: number) => void }> {
  const computed = new Map<number, TicketSlaComputation>();
  const result = await computedDuringWork.run(computed, work);
  const handOver = (ticketId: number) => {
    const computation = computed.get(ticketId);
    if (computation) computedDuringWork.getStore()?.set(ticketId, computation);
  };
  return { result, handOver };
}

export interface RecomputeOptions {
  batchSize?: number;
  /** Batches computed at the same time, each in its own transaction. */
  concurrency?: number;
  /** Stop taking new batches after this long; the next run goes on. */
  budgetMs?: number;
}

export interface RecomputeResult {
  tickets: number;
  batches: number;
  /** Every batch was taken (the budget did not run out). */
  complete: boolean;
}

/**
 * Keeps the materialised SLA state of tickets fresh and answers "where does this ticket stand
 * and why". The state itself always comes from deriveSlaState over the ticket's history.
 */
export class SlaService {
  readonly config = new SlaConfigCache();
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  /** The ticket-event listener: recomputes the tickets in the transaction that changed them. */
  readonly onTicketEvents = async (tx: Queryable, events: readonly RecordedTicketEvent[]): Promise<void> => {
    const refreshing = events.filter((event) => REFRESH_ON.has(event.type));
    if (refreshing.length === 0) return;
    const ids = [...new Set(refreshing.map((event) => event.ticketId))];
    const now = new Date(Math.max(...refreshing.map((event) => event.at.getTime())));
    const store = computedDuringWork.getStore();
    for (const computation of await refreshTicketSla(tx, this.config, ids, now)) {
      store?.set(computation.ticket.id, computation);
    }
  };

  /**
   * The ticket's SLA state: the one its change just computed (see rememberSlaComputations), or
   * derived afresh. Events that do not refresh the state cannot change it, so the remembered
   * computation stays right until the next refreshing one, which replaces it.
   */
  current(db: Queryable, ticketId: number): Promise<TicketSlaComputation> {
    const computed = computedDuringWork.getStore()?.get(ticketId);
    return computed ? Promise.resolve(computed) : this.compute(db, ticketId);
  }

  /** Where a ticket stands now, derived afresh from its history; staff only. */
  async explain(actor: Actor, ticket: Pick<TicketRow, 'id' | 'requester_id' | 'organisation_id'>) {
    if (!canSeeTicket(actor, ticket)) throw notFound('ticket');
    authorize(actor, 'sla.read');
    return this.compute(this.#db, ticket.id);
  }

  /** Supervisors' view: open tickets at risk or breached across teams, the soonest due first. */
  async atRisk(actor: Actor, query: AtRiskQuery) {
    authorize(actor, 'sla.supervise');
    return listAtRisk(this.#db, query);
  }

  /** Marks every open ticket's state stale; the recompute job then derives it again. */
  async requestRecompute(actor: Actor, ip: string | null): Promise<number> {
    authorize(actor, 'sla.manage');
    return this.#db.transaction().execute(async (tx) => {
      const version = await bumpSlaConfigVersion(tx);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'sla.recompute_requested',
        data: { version },
        ip,
      });
      return version;
    });
  }

  async compute(db: Queryable, ticketId: number): Promise<TicketSlaComputation> {
    const {
      tickets: [ticket],
      histories,
    } = await loadSlaInputs(db, [ticketId]);
    if (!ticket) throw notFound('ticket');
    const config = await this.config.at(db, ticket.config_version);
    return computeTicketSla(config, ticket, histories.get(ticketId), this.#clock());
  }

  /**
   * After a change of calendars, policies or escalation rules (a new configuration version),
   * recomputes every open ticket in keyset batches; tickets whose stored state is unchanged are
   * not written. A pass that went through every ticket records the version, so until the next
   * change a run costs one small query. Tickets changed meanwhile are refreshed by their change
   * under the new version, and the store never lets an older history overwrite a newer one.
   */
  async recomputeStale(options: RecomputeOptions = {}): Promise<RecomputeResult> {
    const { version, recomputed_version } = await this.#db
      .selectFrom('sla_config')
      .select(['version', 'recomputed_version'])
      .executeTakeFirstOrThrow();
    if (recomputed_version >= version) return { tickets: 0, batches: 0, complete: true };
    const result = await this.recomputeAllOpen(options);
    if (result.complete) {
      await this.#db
        .updateTable('sla_config')
        .set({ recomputed_version: version })
        .where('recomputed_version', '<', version)
        .execute();
    }
    return result;
  }

  /** Recomputes every ticket that is not solved or closed; for the benchmark and for repairs. */
  recomputeAllOpen(options: RecomputeOptions = {}): Promise<RecomputeResult> {
    return this.#recompute(options, (after, limit) =>
      this.#db
        .selectFrom('tickets')
        .select('id')
        .where('status', 'not in', ['solved', 'closed'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute(),
    );
  }

  async #recompute(
    options: RecomputeOptions,
    nextIds: (after: number, limit: number) => Promise<{ id: number }[]>,
  ): Promise<RecomputeResult> {
    const batchSize = options.batchSize ?? 1000;
    const concurrency = options.concurrency ?? 4;
    const deadline = Date.now() + (options.budgetMs ?? 60_000);
    const result: RecomputeResult = { tickets: 0, batches: 0, complete: false };
    let after = 0;
    let exhausted = false;
    // Batches are handed out one after another (keyset on the id) and computed side by side.
    let handing: Promise<unknown> = Promise.resolve();
    const takeBatch = (): Promise<number[]> => {
      const taken = handing.then(async () => {
        if (exhausted || Date.now() > deadline) return [];
        const rows = await nextIds(after, batchSize);
        if (rows.length < batchSize) exhausted = true;
        after = rows.at(-1)?.id ?? after;
        return rows.map((row) => row.id);
      });
      handing = taken.catch(() => undefined);
      return taken;
    };
    const worker = async () => {
      for (let ids = await takeBatch(); ids.length > 0; ids = await takeBatch()) {
        const computed = await this.#recomputeBatch(ids);
        result.tickets += computed;
        result.batches++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    result.complete = exhausted;
    return result;
  }

  /**
   * One batch in one transaction. No row locks (they would cost a write per ticket): the store
   * keeps whichever state was derived from the newer history.
   */
  #recomputeBatch(ids: number[]): Promise<number> {
    return this.#db.transaction().execute(async (tx) => {
      // The rows are a cache of the history: a crash losing the last batches only leaves them
      // to the next run, so the commit need not wait for the disk.
      await sql`SET LOCAL synchronous_commit TO OFF`.execute(tx);
      const computed = await refreshTicketSla(tx, await this.config.get(tx), ids, this.#clock());
      return computed.length;
    });
  }
}
