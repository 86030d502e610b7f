import { type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import type { Actor } from '../../access/actor.ts';
import { isStaff } from '../../access/actor.ts';
import { canSeeTicket } from '../../access/policies.ts';
import type { Queryable } from '../../db/database.ts';

const CHANNEL = 'tierline_live';

/** One live update, as it crosses app nodes (NOTIFY) and reaches browsers (WebSocket). */
export interface LiveMessage {
  type: string;
  ticketId?: number;
  requesterId?: number;
  organisationId?: number | null;
  /** Staff-only news (internal notes, presence): never sent to customers. */
  internal?: boolean;
  actorId?: number | null;
  /** When set, only these people hear of it (notifications). */
  userIds?: number[];
  /** People Cc'd on the ticket's mail (ticket_participants), who may follow it like its requester. */
  participantIds?: number[];
  data?: Record<string, unknown>;
}

/**
 * Queues a live message in the caller's transaction: PostgreSQL delivers NOTIFY only on commit,
 * so nobody hears of a change that was rolled back.
 */
export async function publishLive(tx: Queryable, message: LiveMessage): Promise<void> {
  await sql`SELECT ${liveNotify(sql`${JSON.stringify(message)}`)}`.execute(tx);
}

/** The SQL expression that queues `message` (a LiveMessage as json or text) in the transaction. */
export function liveNotify(message: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`pg_notify(${CHANNEL}, (${message})::text)`;
}

/**
 * The SQL expression that queues, for a row of the statement it is part of, the live message in
 * `message` (a jsonb expression whose `data` is an object) with `data.eventId` set to `eventId`;
 * a public message about a ticket goes with the ticket's Cc participants. A row and its
 * announcement then cost one round trip.
 */
export function liveNotifyOfRow(
  message: RawBuilder<unknown>,
  eventId: RawBuilder<number>,
): RawBuilder<unknown> {
  const payload = sql`jsonb_set(${message}, '{data,eventId}', to_jsonb(${eventId}))`;
  return sql`pg_notify(${CHANNEL}, (CASE
    WHEN ${message} ? 'ticketId' AND NOT coalesce((${message} ->> 'internal')::boolean, false)
    THEN jsonb_set(${payload}, '{participantIds}', (SELECT coalesce(jsonb_agg(p.user_id), '[]')
      FROM ticket_participants p WHERE p.ticket_id = (${message} ->> 'ticketId')::bigint))
    ELSE ${payload} END)::text)`;
}

export function mayReceive(actor: Actor, message: LiveMessage): boolean {
  if (message.userIds) return message.userIds.includes(actor.userId);
  if (isStaff(actor)) return true;
  if (message.internal) return false;
  if (message.ticketId === undefined || message.requesterId === undefined) return false;
  if (message.participantIds?.includes(actor.userId)) return true;
  return canSeeTicket(actor, {
    requester_id: message.requesterId,
    organisation_id: message.organisationId ?? null,
  });
}

type Listener = (message: LiveMessage) => void;

/**
 * Each app node keeps one LISTEN connection and fans messages out to its own WebSocket clients,
 * so several nodes behind a load balancer behave as one.
 */
export class LiveHub {
  readonly #connectionString: string;
  readonly #listeners = new Set<Listener>();
  #client: pg.Client | null = null;
  #stopped = false;
  #listenedBefore = false;
  readonly #onError: (error: Error) => void;

  constructor(connectionString: string, onError: (error: Error) => void) {
    this.#connectionString = connectionString;
    this.#onError = onError;
  }

  async start(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#connectionString,
      application_name: 'tierline-live',
    });
    client.on('notification', (notification) => {
      if (notification.channel !== CHANNEL || !notification.payload) return;
      const message = JSON.parse(notification.payload) as LiveMessage;
      for (const listener of this.#listeners) listener(message);
    });
    client.on('error', (error) => {
      this.#onError(error);
      this.#reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.#client = client;
    // Whatever was announced while the connection was down is lost: listeners that keep state
    // from announcements start over (addressed to nobody, so no browser receives it).
    if (this.#listenedBefore) {
      for (const listener of this.#listeners) listener({ type: 'live.resumed', userIds: [] });
    }
    this.#listenedBefore = true;
  }

  #reconnect(): void {
    const old = this.#client;
    this.#client = null;
    old?.end().catch(() => {});
    if (this.#stopped) return;
    setTimeout(() => {
      if (!this.#stopped)
        this.start().catch((error: Error) => {
          this.#onError(error);
          this.#reconnect();
        });
    }, 1000).unref();
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Presence and typing are not stored; they still travel through PostgreSQL to reach every node. */
  async broadcast(db: Queryable, message: LiveMessage): Promise<void> {
    await publishLive(db, message);
  }

  get clientCount(): number {
    return this.#listeners.size;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#listeners.clear();
    await this.#client?.end().catch(() => {});
  }
}
