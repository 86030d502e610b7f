import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { EscalationRuleRow } from '../../db/schema-sla.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { bumpSlaConfigVersion } from '../sla/sla-config.ts';
import type { EscalationRuleInput, EscalationRulePatch } from './escalation-rule.schema.ts';

const nameTaken = (error: unknown) => {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  throw code === '23505' && constraint === 'escalation_rules_name_key'
    ? conflict('escalation_rule_name_taken', 'An escalation rule with this name exists')
    : error;
};

/**
 * Automatic escalation rules: levels that fire on at-risk or breached SLA targets. A change
 * bumps the SLA configuration version, so every open ticket's next check is recomputed.
 */
export class EscalationRuleService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async list(actor: Actor): Promise<EscalationRuleRow[]> {
    authorize(actor, 'sla.read');
    return this.#db.selectFrom('escalation_rules').selectAll().orderBy('name').execute();
  }

  async get(actor: Actor, id: number, db: Queryable = this.#db): Promise<EscalationRuleRow> {
    authorize(actor, 'sla.read');
    const rule = await db.selectFrom('escalation_rules').selectAll().where('id', '=', id).executeTakeFirst();
    if (!rule) throw notFound('escalation_rule');
    return rule;
  }

  async create(actor: Actor, input: EscalationRuleInput, ip: string | null): Promise<EscalationRuleRow> {
    authorize(actor, 'sla.manage');
    return this.#change(actor, ip, 'escalation.rule_created', async (tx, now) => {
      await assertReferences(tx, input);
      return tx
        .insertInto('escalation_rules')
        .values({
          name: input.name,
          active: input.active,
          policy_ids: input.policyIds,
          metrics: input.metrics,
          priorities: input.priorities,
          levels: JSON.stringify(input.levels),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch(nameTaken);
    });
  }

  async update(
    actor: Actor,
    id: number,
    input: EscalationRulePatch,
    ip: string | null,
  ): Promise<EscalationRuleRow> {
    authorize(actor, 'sla.manage');
    return this.#change(actor, ip, 'escalation.rule_updated', async (tx, now) => {
      await this.get(actor, id, tx);
      await assertReferences(tx, input);
      return tx
        .updateTable('escalation_rules')
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.active === undefined ? {} : { active: input.active }),
          ...(input.policyIds === undefined ? {} : { policy_ids: input.policyIds }),
          ...(input.metrics === undefined ? {} : { metrics: input.metrics }),
          ...(input.priorities === undefined ? {} : { priorities: input.priorities }),
          ...(input.levels === undefined ? {} : { levels: JSON.stringify(input.levels) }),
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch(nameTaken);
    });
  }

  async remove(actor: Actor, id: number, ip: string | null): Promise<void> {
    authorize(actor, 'sla.manage');
    await this.#change(actor, ip, 'escalation.rule_deleted', async (tx) => {
      const rule = await this.get(actor, id, tx);
      await tx.deleteFrom('escalation_rules').where('id', '=', id).execute();
      return rule;
    });
  }

  #change(
    actor: Actor,
    ip: string | null,
    action: string,
    apply: (tx: Queryable, now: Date) => Promise<EscalationRuleRow>,
  ): Promise<EscalationRuleRow> {
    return this.#db.transaction().execute(async (tx) => {
      const now = this.#clock();
      const rule = await apply(tx, now);
      await bumpSlaConfigVersion(tx);
      await recordAudit(
        tx,
        {
          actorId: actor.userId,
          action,
          targetType: 'escalation_rule',
          targetId: rule.id,
          data: { name: rule.name },
          ip,
        },
        now,
      );
      return rule;
    });
  }
}

/** Policies named must exist, and a person to page must be active staff. */
async function assertReferences(tx: Queryable, input: EscalationRulePatch): Promise<void> {
  const policyIds = [...new Set(input.policyIds ?? [])];
  if (policyIds.length > 0) {
    const found = await tx.selectFrom('sla_policies').select('id').where('id', 'in', policyIds).execute();
    if (found.length !== policyIds.length) throw invalid('invalid_policy', 'Some SLA policies do not exist');
  }
  const paged = [
    ...new Set(
      (input.levels ?? []).flatMap((level) =>
        level.actions.flatMap((action) => (action.kind === 'page_user' ? [action.userId] : [])),
      ),
    ),
  ];
  if (paged.length > 0) {
    const staff = await tx
      .selectFrom('users')
      .select('id')
      .where('id', 'in', paged)
      .where('active', '=', true)
      .where('role', 'not in', ['customer', 'client_admin'])
      .execute();
    if (staff.length !== paged.length) throw invalid('invalid_user', 'Only active staff can be paged');
  }
}
