import type { Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/policies.ts';
import type { Db } from '../../db/database.ts';
import type { PlaybookRow, PlaybookVersionRow } from '../../db/schema-knowledge.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { uniqueConflicts } from '../people/unique-violation.ts';
import {
  type CreatePlaybookInput,
  definitionSchema,
  type PlaybookDefinition,
  type UpdatePlaybookInput,
} from './playbook.schema.ts';
import { assertReferencesExist, assertSoundDefinition } from './playbook-definition.ts';

export interface Playbook {
  row: PlaybookRow;
  /** The published version runs start with; null before the first publish. */
  current: { version: PlaybookVersionRow; definition: PlaybookDefinition } | null;
  /** The editor's work in progress (editors only). */
  draft: PlaybookDefinition | null;
}

const nameTaken = uniqueConflicts({
  playbooks_name_key: conflict('playbook_name_taken', 'A playbook with this name exists'),
});

export const parseDefinition = (value: unknown): PlaybookDefinition => definitionSchema.parse(value);

/**
 * The playbook editor: supervisors keep a draft and publish it as a new, immutable version. Runs
 * keep the version they started with, so editing never changes a script mid-call.
 */
export class PlaybookService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async #present(actor: Actor, row: PlaybookRow): Promise<Playbook> {
    const version =
      row.current_version === null
        ? undefined
        : await this.#db
            .selectFrom('playbook_versions')
            .selectAll()
            .where('playbook_id', '=', row.id)
            .where('version', '=', row.current_version)
            .executeTakeFirst();
    return {
      row,
      current: version ? { version, definition: parseDefinition(version.definition) } : null,
      draft: can(actor, 'playbooks.manage') && row.draft !== null ? parseDefinition(row.draft) : null,
    };
  }

  /** Operators see the active playbooks they can run; editors see all. */
  async list(actor: Actor): Promise<PlaybookRow[]> {
    authorize(actor, 'playbooks.run');
    let query = this.#db.selectFrom('playbooks').selectAll();
    if (!can(actor, 'playbooks.manage'))
      query = query.where('active', '=', true).where('current_version', 'is not', null);
    return query.orderBy('name').execute();
  }

  async get(actor: Actor, id: number): Promise<Playbook> {
    authorize(actor, 'playbooks.run');
    const row = await this.#db.selectFrom('playbooks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (!can(actor, 'playbooks.manage') && (!row.active || row.current_version === null))) {
      throw notFound('playbook');
    }
    return this.#present(actor, row);
  }

  async create(actor: Actor, input: CreatePlaybookInput): Promise<Playbook> {
    authorize(actor, 'playbooks.manage');
    const now = this.#clock();
    const row = await this.#db
      .insertInto('playbooks')
      .values({
        name: input.name,
        description: input.description,
        draft: input.definition ? JSON.stringify(input.definition) : null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch(nameTaken);
    return this.#present(actor, row);
  }

  async update(actor: Actor, id: number, input: UpdatePlaybookInput): Promise<Playbook> {
    authorize(actor, 'playbooks.manage');
    const row = await this.#db
      .updateTable('playbooks')
      .set({ ...input, updated_at: this.#clock() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
      .catch(nameTaken);
    if (!row) throw notFound('playbook');
    return this.#present(actor, row);
  }

  /** Drafts may be unfinished, but each save must at least parse. */
  async saveDraft(actor: Actor, id: number, definition: PlaybookDefinition): Promise<Playbook> {
    authorize(actor, 'playbooks.manage');
    const row = await this.#db
      .updateTable('playbooks')
      .set({ draft: JSON.stringify(definition), updated_at: this.#clock() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('playbook');
    return this.#present(actor, row);
  }

  /** Publishes the given definition (or the draft) as the next version, once it is a sound script. */
  async publish(
    actor: Actor,
    id: number,
    definition: PlaybookDefinition | undefined,
    note: string,
  ): Promise<Playbook> {
    authorize(actor, 'playbooks.manage');
    const row = await this.#db.transaction().execute(async (tx) => {
      const playbook = await tx
        .selectFrom('playbooks')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!playbook) throw notFound('playbook');
      const toPublish = definition ?? (playbook.draft === null ? null : parseDefinition(playbook.draft));
      if (!toPublish) throw invalid('nothing_to_publish', 'Save a draft or send a definition to publish');
      assertSoundDefinition(toPublish);
      await assertReferencesExist(tx, toPublish);
      const version = (playbook.current_version ?? 0) + 1;
      const now = this.#clock();
      await tx
        .insertInto('playbook_versions')
        .values({
          playbook_id: id,
          version,
          definition: JSON.stringify(toPublish),
          note,
          published_by: actor.userId,
          published_at: now,
        })
        .execute();
      return tx
        .updateTable('playbooks')
        .set({ current_version: version, draft: null, updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return this.#present(actor, row);
  }

  async versions(actor: Actor, id: number): Promise<PlaybookVersionRow[]> {
    await this.get(actor, id);
    return this.#db
      .selectFrom('playbook_versions')
      .selectAll()
      .where('playbook_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
  }

  async version(actor: Actor, id: number, version: number): Promise<PlaybookVersionRow> {
    await this.get(actor, id);
    const row = await this.#db
      .selectFrom('playbook_versions')
      .selectAll()
      .where('playbook_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw notFound('version');
    return row;
  }
}
