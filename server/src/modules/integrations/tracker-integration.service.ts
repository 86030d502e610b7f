import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { TrackerIntegrationRow } from '../../db/schema-sla.ts';
import { conflict, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { CreateIntegrationInput, UpdateIntegrationInput } from './integration.schema.ts';
import { newSecret } from './webhook-signature.ts';

/** The row, and whether its secrets may be shown (only right after they were set). */
export interface IntegrationResult {
  integration: TrackerIntegrationRow;
  revealSecrets: boolean;
}

const isDuplicateName = (error: unknown) => {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'tracker_integrations_name_key';
};

/** Dev-tracker integrations (GitHub, GitLab, Jira or any webhook receiver) and their secrets. */
export class TrackerIntegrationService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Staff pick an integration when they create a bug; secrets are never part of the list. */
  async list(actor: Actor): Promise<TrackerIntegrationRow[]> {
    authorize(actor, 'tickets.escalate');
    return this.#db.selectFrom('tracker_integrations').selectAll().orderBy('name').execute();
  }

  async get(actor: Actor, id: number, db: Queryable = this.#db): Promise<TrackerIntegrationRow> {
    authorize(actor, 'integrations.manage');
    const row = await db
      .selectFrom('tracker_integrations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('integration');
    return row;
  }

  async create(actor: Actor, input: CreateIntegrationInput, ip: string | null): Promise<IntegrationResult> {
    authorize(actor, 'integrations.manage');
    return this.#db.transaction().execute(async (tx) => {
      const now = this.#clock();
      const integration = await tx
        .insertInto('tracker_integrations')
        .values({
          name: input.name,
          kind: input.kind,
          outbound_url: input.outboundUrl,
          signing_secret: input.signingSecret ?? newSecret(),
          inbound_secret: input.inboundSecret ?? newSecret(),
          active: input.active,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          throw isDuplicateName(error)
            ? conflict('integration_name_taken', 'An integration with this name exists')
            : error;
        });
      await this.#audit(tx, actor, 'integrations.created', integration, ip, now);
      return { integration, revealSecrets: true };
    });
  }

  async update(
    actor: Actor,
    id: number,
    input: UpdateIntegrationInput,
    ip: string | null,
  ): Promise<IntegrationResult> {
    authorize(actor, 'integrations.manage');
    return this.#db.transaction().execute(async (tx) => {
      await this.get(actor, id, tx);
      const now = this.#clock();
      const regenerate = input.regenerateSecrets === true;
      const signingSecret = regenerate ? newSecret() : input.signingSecret;
      const inboundSecret = regenerate ? newSecret() : input.inboundSecret;
      const integration = await tx
        .updateTable('tracker_integrations')
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.kind === undefined ? {} : { kind: input.kind }),
          ...(input.outboundUrl === undefined ? {} : { outbound_url: input.outboundUrl }),
          ...(input.active === undefined ? {} : { active: input.active }),
          ...(signingSecret === undefined ? {} : { signing_secret: signingSecret }),
          ...(inboundSecret === undefined ? {} : { inbound_secret: inboundSecret }),
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          throw isDuplicateName(error)
            ? conflict('integration_name_taken', 'An integration with this name exists')
            : error;
        });
      await this.#audit(tx, actor, 'integrations.updated', integration, ip, now, {
        secretsChanged: signingSecret !== undefined || inboundSecret !== undefined,
      });
      return { integration, revealSecrets: signingSecret !== undefined || inboundSecret !== undefined };
    });
  }

  /** Deletes an integration no bug is linked through; deactivate it otherwise. */
  async remove(actor: Actor, id: number, ip: string | null): Promise<void> {
    authorize(actor, 'integrations.manage');
    await this.#db.transaction().execute(async (tx) => {
      const integration = await this.get(actor, id, tx);
      const linked = await tx
        .selectFrom('ticket_bug_links')
        .select('id')
        .where('integration_id', '=', id)
        .limit(1)
        .execute();
      if (linked.length > 0) {
        throw conflict(
          'integration_in_use',
          'Bugs are linked through this integration; deactivate it instead',
        );
      }
      await tx.deleteFrom('tracker_integrations').where('id', '=', id).execute();
      await this.#audit(tx, actor, 'integrations.deleted', integration, ip, this.#clock());
    });
  }

  async #audit(
    tx: Queryable,
    actor: Actor,
    action: string,
    integration: TrackerIntegrationRow,
    ip: string | null,
    now: Date,
    extra: Record<string, unknown> = {},
  ) {
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        action,
        targetType: 'tracker_integration',
        targetId: integration.id,
        data: {
          name: integration.name,
          kind: integration.kind,
          outboundUrl: integration.outbound_url,
          ...extra,
        },
        ip,
      },
      now,
    );
  }
}
