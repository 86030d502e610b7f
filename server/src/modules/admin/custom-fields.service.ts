import type { Actor } from '../../access/actor.ts';
import { authorize, seesInternal } from '../../access/policies.ts';
import type { Db } from '../../db/database.ts';
import type { CustomFieldRow } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { uniqueConflicts } from '../people/unique-violation.ts';
import type { CreateCustomFieldInput, UpdateCustomFieldInput } from './admin.schema.ts';

function checkOptions(type: CustomFieldRow['type'], options: string[]): void {
  if (type === 'select' && options.length === 0) {
    throw invalid('options_required', 'A select field needs at least one option');
  }
  if (type !== 'select' && options.length > 0) {
    throw invalid('options_not_allowed', `A ${type} field has no options`);
  }
}

/** The fields admins add to tickets. Values on tickets are checked against them (tickets module). */
export class CustomFieldService {
  readonly #db: Db;
  readonly #clock: () => Date;
  readonly #changed: () => void;

  /** `changed` runs after each committed change (the ticket checks' cache forgets the fields). */
  constructor(db: Db, clock: () => Date, changed: () => void) {
    this.#db = db;
    this.#clock = clock;
    this.#changed = changed;
  }

  /** Staff see every field, retired ones too; customers the active fields meant for them. */
  list(actor: Actor): Promise<CustomFieldRow[]> {
    let query = this.#db.selectFrom('custom_fields').selectAll().orderBy('position').orderBy('id');
    if (!seesInternal(actor)) query = query.where('active', '=', true).where('customer_visible', '=', true);
    return query.execute();
  }

  async create(actor: Actor, input: CreateCustomFieldInput, ip: string | null): Promise<CustomFieldRow> {
    authorize(actor, 'custom_fields.manage');
    checkOptions(input.type, input.options);
    const created = await this.#db
      .transaction()
      .execute(async (tx) => {
        const now = this.#clock();
        const field = await tx
          .insertInto('custom_fields')
          .values({
            key: input.key,
            label: input.label,
            type: input.type,
            options: input.options,
            required: input.required,
            customer_visible: input.customerVisible,
            position: input.position,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          tx,
          {
            actorId: actor.userId,
            action: 'custom_field.created',
            targetType: 'custom_field',
            targetId: field.id,
            data: { key: field.key, type: field.type, required: field.required },
            ip,
          },
          now,
        );
        return field;
      })
      .catch(
        uniqueConflicts({
          custom_fields_key_key: conflict('custom_field_key_taken', `A custom field "${input.key}" exists`),
        }),
      );
    this.#changed();
    return created;
  }

  async update(
    actor: Actor,
    id: number,
    input: UpdateCustomFieldInput,
    ip: string | null,
  ): Promise<CustomFieldRow> {
    authorize(actor, 'custom_fields.manage');
    const field = await this.#db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom('custom_fields')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('custom_field');
      if (input.options) checkOptions(current.type, input.options);
      const next = {
        label: input.label ?? current.label,
        options: input.options ?? current.options,
        required: input.required ?? current.required,
        customer_visible: input.customerVisible ?? current.customer_visible,
        active: input.active ?? current.active,
        position: input.position ?? current.position,
      };
      const changes = Object.fromEntries(
        (Object.keys(next) as (keyof typeof next)[])
          .filter((column) => JSON.stringify(next[column]) !== JSON.stringify(current[column]))
          .map((column) => [column, { from: current[column], to: next[column] }]),
      );
      if (Object.keys(changes).length === 0) return current;
      const field = await tx
        .updateTable('custom_fields')
        .set(next)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(
        tx,
        {
          actorId: actor.userId,
          action: 'custom_field.updated',
          targetType: 'custom_field',
          targetId: id,
          data: { key: current.key, changes },
          ip,
        },
        this.#clock(),
      );
      return field;
    });
    this.#changed();
    return field;
  }
}
