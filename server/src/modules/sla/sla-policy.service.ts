import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { SlaPolicyRow, SlaPolicyTargetRow } from '../../db/schema-sla.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { CreatePolicyInput, UpdatePolicyInput } from './sla.schema.ts';
import { bumpSlaConfigVersion } from './sla-config.ts';
import { rethrowDuplicate } from './sla-errors.ts';

export interface PolicyWithTargets {
  policy: SlaPolicyRow;
  targets: SlaPolicyTargetRow[];
}

const nameTaken = () => conflict('policy_name_taken', 'An SLA policy with this name exists');

/**
 * SLA policies: conditions, targets per priority, pause rules and risk threshold, tried in
 * order. Every change bumps the SLA configuration version, so open tickets are recomputed.
 */
export class SlaPolicyService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async list(actor: Actor): Promise<PolicyWithTargets[]> {
    authorize(actor, 'sla.read');
    return withTargets(
      this.#db,
      await this.#db.selectFrom('sla_policies').selectAll().orderBy('position').orderBy('id').execute(),
    );
  }

  async get(actor: Actor, id: number, db: Queryable = this.#db): Promise<PolicyWithTargets> {
    authorize(actor, 'sla.read');
    const policy = await db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!policy) throw notFound('sla_policy');
    const [found] = await withTargets(db, [policy]);
    if (!found) throw notFound('sla_policy');
    return found;
  }

  async create(actor: Actor, input: CreatePolicyInput, ip: string | null): Promise<PolicyWithTargets> {
    authorize(actor, 'sla.manage');
    return this.#change(actor, ip, 'sla.policy_created', async (tx, now) => {
      await assertReferences(tx, input.calendarId, input.conditions.organisationIds);
      const order = await lockedOrder(tx);
      const position = Math.min(input.position ?? order.length, order.length);
      const policy = await tx
        .insertInto('sla_policies')
        .values({
          name: input.name,
          description: input.description,
          position,
          active: input.active,
          organisation_ids: input.conditions.organisationIds,
          priorities: input.conditions.priorities,
          types: input.conditions.types,
          channels: input.conditions.channels,
          tags: [...new Set(input.conditions.tags)],
          calendar_id: input.calendarId,
          pause_statuses: [...new Set(input.pauseStatuses)],
          pause_on_vendor: input.pauseOnVendor,
          at_risk_fraction: input.atRiskFraction,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch(rethrowDuplicate('sla_policies_name_key', nameTaken));
      await renumber(tx, [...order.slice(0, position), policy.id, ...order.slice(position)]);
      await replaceTargets(tx, policy.id, input.targets);
      return this.get(actor, policy.id, tx);
    });
  }

  async update(
    actor: Actor,
    id: number,
    input: UpdatePolicyInput,
    ip: string | null,
  ): Promise<PolicyWithTargets> {
    authorize(actor, 'sla.manage');
    return this.#change(actor, ip, 'sla.policy_updated', async (tx, now) => {
      await this.get(actor, id, tx);
      await assertReferences(tx, input.calendarId ?? null, input.conditions?.organisationIds ?? []);
      const conditions = input.conditions;
      await tx
        .updateTable('sla_policies')
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.active === undefined ? {} : { active: input.active }),
          ...(conditions === undefined
            ? {}
            : {
                organisation_ids: conditions.organisationIds,
                priorities: conditions.priorities,
                types: conditions.types,
                channels: conditions.channels,
                tags: [...new Set(conditions.tags)],
              }),
          ...(input.calendarId === undefined ? {} : { calendar_id: input.calendarId }),
          ...(input.pauseStatuses === undefined ? {} : { pause_statuses: [...new Set(input.pauseStatuses)] }),
          ...(input.pauseOnVendor === undefined ? {} : { pause_on_vendor: input.pauseOnVendor }),
          ...(input.atRiskFraction === undefined ? {} : { at_risk_fraction: input.atRiskFraction }),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute()
        .catch(rethrowDuplicate('sla_policies_name_key', nameTaken));
      if (input.targets) await replaceTargets(tx, id, input.targets);
      return this.get(actor, id, tx);
    });
  }

  async remove(actor: Actor, id: number, ip: string | null): Promise<void> {
    authorize(actor, 'sla.manage');
    await this.#change(actor, ip, 'sla.policy_deleted', async (tx) => {
      const found = await this.get(actor, id, tx);
      const order = await lockedOrder(tx);
      await tx.deleteFrom('sla_policies').where('id', '=', id).execute();
      await renumber(
        tx,
        order.filter((policyId) => policyId !== id),
      );
      return found;
    });
  }

  /** Sets the order in which policies are tried; the list must name every policy once. */
  async reorder(actor: Actor, policyIds: number[], ip: string | null): Promise<PolicyWithTargets[]> {
    authorize(actor, 'sla.manage');
    await this.#db.transaction().execute(async (tx) => {
      const order = await lockedOrder(tx);
      const given = new Set(policyIds);
      if (
        given.size !== policyIds.length ||
        order.length !== given.size ||
        order.some((id) => !given.has(id))
      ) {
        throw invalid('invalid_policy_order', 'List every SLA policy exactly once', { policyIds: order });
      }
      await renumber(tx, policyIds);
      await bumpSlaConfigVersion(tx);
      const entry = { actorId: actor.userId, action: 'sla.policies_reordered', data: { policyIds }, ip };
      await recordAudit(tx, entry, this.#clock());
    });
    return this.list(actor);
  }

  #change<T extends { policy: { id: number; name: string } }>(
    actor: Actor,
    ip: string | null,
    action: string,
    apply: (tx: Queryable, now: Date) => Promise<T>,
  ): Promise<T> {
    return this.#db.transaction().execute(async (tx) => {
      const now = this.#clock();
      const result = await apply(tx, now);
      await bumpSlaConfigVersion(tx);
      await recordAudit(
        tx,
        {
          actorId: actor.userId,
          action,
          targetType: 'sla_policy',
          targetId: result.policy.id,
          data: { name: result.policy.name },
          ip,
        },
        now,
      );
      return result;
    });
  }
}

async function withTargets(db: Queryable, policies: SlaPolicyRow[]): Promise<PolicyWithTargets[]> {
  if (policies.length === 0) return [];
  const targets = await db
    .selectFrom('sla_policy_targets')
    .selectAll()
    .where(
      'policy_id',
      'in',
      policies.map((policy) => policy.id),
    )
    .orderBy('priority')
    .orderBy('metric')
    .execute();
  const byPolicy = Map.groupBy(targets, (target) => target.policy_id);
  return policies.map((policy) => ({ policy, targets: byPolicy.get(policy.id) ?? [] }));
}

/** Policy ids in their order, locked so concurrent reorders queue up. */
async function lockedOrder(tx: Queryable): Promise<number[]> {
  const rows = await tx
    .selectFrom('sla_policies')
    .select('id')
    .orderBy('position')
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

async function renumber(tx: Queryable, ids: number[]): Promise<void> {
  for (const [position, id] of ids.entries()) {
    await tx
      .updateTable('sla_policies')
      .set({ position })
      .where('id', '=', id)
      .where('position', '!=', position)
      .execute();
  }
}

async function replaceTargets(tx: Queryable, policyId: number, targets: CreatePolicyInput['targets']) {
  await tx.deleteFrom('sla_policy_targets').where('policy_id', '=', policyId).execute();
  if (targets.length === 0) return;
  await tx
    .insertInto('sla_policy_targets')
    .values(
      targets.map((target) => ({
        policy_id: policyId,
        priority: target.priority,
        metric: target.metric,
        minutes: target.minutes,
        business_hours: target.businessHours,
      })),
    )
    .execute();
}

async function assertReferences(tx: Queryable, calendarId: number | null, organisationIds: number[]) {
  if (calendarId !== null) {
    const calendar = await tx
      .selectFrom('business_calendars')
      .select('id')
      .where('id', '=', calendarId)
      .executeTakeFirst();
    if (!calendar) throw invalid('invalid_calendar', `Business calendar ${calendarId} does not exist`);
  }
  const unique = [...new Set(organisationIds)];
  if (unique.length > 0) {
    const found = await tx.selectFrom('organisations').select('id').where('id', 'in', unique).execute();
    if (found.length !== unique.length) {
      const known = new Set(found.map((row) => row.id));
      throw invalid('invalid_organisation', 'Some organisations do not exist', {
        missing: unique.filter((id) => !known.has(id)),
      });
    }
  }
}
