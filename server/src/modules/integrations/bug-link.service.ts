import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { BugState, TicketBugLinkRow, TrackerIntegrationRow, TrackerKind } from '../../db/schema-sla.ts';
import { conflict, DomainError, invalid, notFound } from '../../errors.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { notifyPeople } from '../notifications/notifications.ts';
import { lockTicket } from '../tickets/ticket.repository.ts';
import { loadVisibleTicket } from '../tickets/ticket-changes.ts';
import { recordTicketEvent } from '../tickets/ticket-history.ts';
import { deliverBugRequest } from './bug-delivery.ts';
import type { CreateBugInput, inboundUpdateSchema } from './integration.schema.ts';
import { hasValidSignature } from './webhook-signature.ts';

export const BUG_DELIVERY_QUEUE = 'integrations.bug-delivery';
/** Attempts to deliver one "create bug" request before the link is marked failed. */
export const BUG_DELIVERY_ATTEMPTS = 6;
const FIXED: ReadonlySet<BugState> = new Set(['fixed', 'closed']);

export interface BugLinkOptions {
  /** Base URL of this Tierline, for links in what is sent to trackers. */
  publicUrl: string;
  /** Delay before the first retry of a failed delivery; it doubles each time. */
  retryDelaySeconds?: number;
}

type InboundUpdate = ReturnType<typeof inboundUpdateSchema.parse>;
export type BugLinkWithIntegration = TicketBugLinkRow & {
  integration_name: string;
  integration_kind: TrackerKind;
};

/**
 * Escalation to development: a bug created in (or linked from) an external tracker, kept in
 * step with it. Creating sends a signed webhook from a job, never from the request; the link
 * waits in state "pending" until the tracker answers with its id and URL.
 */
export class BugLinkService {
  readonly #db: Db;
  readonly #clock: () => Date;
  readonly #options: BugLinkOptions;
  #jobs: JobRunner | null = null;

  constructor(db: Db, clock: () => Date, options: BugLinkOptions) {
    this.#db = db;
    this.#clock = clock;
    this.#options = options;
  }

  /** On a node that runs jobs: works the delivery queue and queues links created where no queue was at hand. */
  async startJobs(jobs: JobRunner, options: { retryDelaySeconds?: number } = {}): Promise<void> {
    await jobs.addQueue<{ linkId: number }>({
      name: BUG_DELIVERY_QUEUE,
      attempts: BUG_DELIVERY_ATTEMPTS,
      retryDelaySeconds: options.retryDelaySeconds ?? this.#options.retryDelaySeconds ?? 10,
      concurrency: 4,
      run: (data) => this.deliver(data.linkId),
    });
    this.#jobs = jobs;
    await this.queueUnqueued();
  }

  async listForTicket(
    actor: Actor,
    ticketId: number,
    db: Queryable = this.#db,
  ): Promise<BugLinkWithIntegration[]> {
    authorize(actor, 'sla.read');
    return db
      .selectFrom('ticket_bug_links')
      .innerJoin('tracker_integrations', 'tracker_integrations.id', 'ticket_bug_links.integration_id')
      .selectAll('ticket_bug_links')
      .select([
        'tracker_integrations.name as integration_name',
        'tracker_integrations.kind as integration_kind',
      ])
      .where('ticket_bug_links.ticket_id', '=', ticketId)
      .orderBy('ticket_bug_links.id')
      .execute();
  }

  async create(actor: Actor, ticketId: number, input: CreateBugInput): Promise<BugLinkWithIntegration> {
    authorize(actor, 'tickets.escalate');
    if (input.externalId === undefined && input.url !== undefined) {
      throw invalid('external_id_required', 'Give the externalId of the bug the URL points to');
    }
    return this.#db.transaction().execute(async (tx) => {
      const ticket = await loadVisibleTicket(tx, actor, ticketId);
      if (ticket.merged_into_id !== null) throw conflict('ticket_merged', `Ticket #${ticketId} is merged`);
      const integration = await tx
        .selectFrom('tracker_integrations')
        .selectAll()
        .where('id', '=', input.integrationId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!integration)
        throw invalid(
          'invalid_integration',
          `Integration ${input.integrationId} does not exist or is inactive`,
        );
      const now = this.#clock();
      const existing = input.externalId !== undefined;
      const link = await tx
        .insertInto('ticket_bug_links')
        .values({
          ticket_id: ticket.id,
          integration_id: integration.id,
          state: existing ? 'open' : 'pending',
          external_id: input.externalId ?? null,
          url: input.url ?? null,
          title: input.title ?? ticket.subject,
          description: input.description ?? '',
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          queued_at: !existing && this.#jobs ? now : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          const { code } = (error ?? {}) as { code?: unknown };
          throw code === '23505'
            ? conflict('bug_already_linked', 'This bug is already linked to the ticket')
            : error;
        });
      if (!existing && this.#jobs) await this.#jobs.send(BUG_DELIVERY_QUEUE, { linkId: link.id }, { db: tx });
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: existing ? 'bug.linked' : 'bug.requested',
        data: {
          linkId: link.id,
          integration: { id: integration.id, name: integration.name, kind: integration.kind },
          title: link.title,
          externalId: link.external_id,
          url: link.url,
        },
        internal: true,
        at: now,
      });
      return { ...link, integration_name: integration.name, integration_kind: integration.kind };
    });
  }

  /** Queues delivery jobs for pending links that have none yet; returns how many. */
  async queueUnqueued(): Promise<number> {
    const jobs = this.#jobs;
    if (!jobs) return 0;
    return this.#db.transaction().execute(async (tx) => {
      const links = await tx
        .selectFrom('ticket_bug_links')
        .select('id')
        .where('state', '=', 'pending')
        .where('queued_at', 'is', null)
        .orderBy('id')
        .limit(500)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const { id } of links) {
        await jobs.send(BUG_DELIVERY_QUEUE, { linkId: id }, { db: tx });
        await tx
          .updateTable('ticket_bug_links')
          .set({ queued_at: this.#clock() })
          .where('id', '=', id)
          .execute();
      }
      return links.length;
    });
  }

  /** The job: sends the signed request and stores the tracker's answer, or lets the queue retry. */
  async deliver(linkId: number): Promise<void> {
    const link = await this.#db
      .selectFrom('ticket_bug_links')
      .selectAll()
      .where('id', '=', linkId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (!link) return;
    const integration = await this.#db
      .selectFrom('tracker_integrations')
      .selectAll()
      .where('id', '=', link.integration_id)
      .executeTakeFirstOrThrow();
    try {
      const answer = await deliverBugRequest(
        this.#db,
        link,
        integration,
        this.#options.publicUrl,
        this.#clock(),
      );
      await this.#settle(link, integration, { state: 'open', externalId: answer.id, url: answer.url });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const gaveUp = await this.#settle(link, integration, { error: message });
      if (!gaveUp) throw error;
    }
  }

  /** Records the outcome of one attempt; true when the link is settled (linked, or failed for good). */
  async #settle(
    link: TicketBugLinkRow,
    integration: TrackerIntegrationRow,
    outcome: { state: 'open'; externalId: string; url: string } | { error: string },
  ): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      const ticket = await lockTicket(tx, link.ticket_id);
      const current = await tx
        .selectFrom('ticket_bug_links')
        .selectAll()
        .where('id', '=', link.id)
        .forUpdate()
        .executeTakeFirst();
      if (!ticket || !current || current.state !== 'pending') return true;
      const now = this.#clock();
      const attempts = current.attempts + 1;
      if ('externalId' in outcome) {
        await tx
          .updateTable('ticket_bug_links')
          .set({
            state: 'open',
            external_id: outcome.externalId,
            url: outcome.url,
            attempts,
            last_error: null,
            updated_at: now,
          })
          .where('id', '=', link.id)
          .execute();
        await recordTicketEvent(tx, {
          ticket,
          actorId: null,
          type: 'bug.linked',
          data: {
            linkId: link.id,
            integration: { id: integration.id, name: integration.name, kind: integration.kind },
            title: link.title,
            externalId: outcome.externalId,
            url: outcome.url,
          },
          internal: true,
          at: now,
        });
        return true;
      }
      const failed = attempts >= BUG_DELIVERY_ATTEMPTS;
      await tx
        .updateTable('ticket_bug_links')
        .set({
          attempts,
          last_error: outcome.error.slice(0, 2000),
          updated_at: now,
          ...(failed ? { state: 'failed' } : {}),
        })
        .where('id', '=', link.id)
        .execute();
      if (failed) {
        await recordTicketEvent(tx, {
          ticket,
          actorId: null,
          type: 'bug.updated',
          data: {
            linkId: link.id,
            from: 'pending',
            to: 'failed',
            error: outcome.error.slice(0, 500),
            attempts,
          },
          internal: true,
          at: now,
        });
      }
      return failed;
    });
  }

  /** Checks the tracker's signature over the raw body; anything unknown answers the same 401. */
  async verifyInbound(integrationId: number, rawBody: string, signature: string | undefined): Promise<void> {
    const integration = await this.#db
      .selectFrom('tracker_integrations')
      .select('inbound_secret')
      .where('id', '=', integrationId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!integration || !hasValidSignature(integration.inbound_secret, rawBody, signature)) {
      throw new DomainError(
        'unauthenticated',
        'invalid_signature',
        'The request signature is missing or wrong',
      );
    }
  }

  /** A signed status update from the tracker: every ticket linked to that bug follows it. */
  async applyInbound(integrationId: number, update: InboundUpdate): Promise<{ updated: number }> {
    const links = await this.#db
      .selectFrom('ticket_bug_links')
      .select(['id', 'ticket_id'])
      .where('integration_id', '=', integrationId)
      .where('external_id', '=', update.externalId)
      .orderBy('id')
      .execute();
    if (links.length === 0) throw notFound('bug_link', `No ticket is linked to bug ${update.externalId}`);
    let updated = 0;
    for (const { id, ticket_id } of links) {
      if (await this.#applyToLink(id, ticket_id, update)) updated++;
    }
    return { updated };
  }

  #applyToLink(linkId: number, ticketId: number, update: InboundUpdate): Promise<boolean> {
    return this.#db.transaction().execute(async (tx) => {
      const ticket = await lockTicket(tx, ticketId);
      const link = await tx
        .selectFrom('ticket_bug_links')
        .selectAll()
        .where('id', '=', linkId)
        .forUpdate()
        .executeTakeFirst();
      if (!ticket || !link) return false;
      const url = update.url ?? link.url;
      if (link.state === update.state && link.url === url) return false;
      const now = this.#clock();
      const becameFixed = FIXED.has(update.state) && !FIXED.has(link.state);
      await tx
        .updateTable('ticket_bug_links')
        .set({ state: update.state, url, updated_at: now, ...(becameFixed ? { fixed_at: now } : {}) })
        .where('id', '=', linkId)
        .execute();
      const about = { linkId, externalId: link.external_id, url, title: link.title };
      await recordTicketEvent(tx, {
        ticket,
        actorId: null,
        type: 'bug.updated',
        data: { ...about, from: link.state, to: update.state },
        internal: true,
        at: now,
      });
      if (becameFixed) {
        await recordTicketEvent(tx, {
          ticket,
          actorId: null,
          type: 'bug.fixed',
          data: { ...about, state: update.state },
          internal: true,
          at: now,
        });
        const recipients = ticket.assignee_id === null ? [] : [ticket.assignee_id];
        await notifyPeople(
          tx,
          recipients,
          'bug_fixed',
          ticket.id,
          { subject: ticket.subject, ...about },
          now,
        );
      }
      return true;
    });
  }
}
