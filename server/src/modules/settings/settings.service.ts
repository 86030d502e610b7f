import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { CustomFieldRow, Level, Priority } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { DEFAULT_SETTINGS, type HelpdeskSettings, helpdeskSettingsSchema } from './settings.schema.ts';

const KEY = 'helpdesk';
// Every node hears of a change through the live channel (triggers of migration 0012) and reads
// the value again; this is only the longest a value is trusted should a notice go astray.
const CACHE_MS = 60_000;

/** A value read again once it is CACHE_MS old, or after `forget`. */
export class Cached<T> {
  #entry: { value: T; at: number } | null = null;
  /** Counts `forget`s: a read that was under way when one came may be stale and is not kept. */
  #generation = 0;

  async get(read: () => Promise<T>): Promise<T> {
    if (this.#entry && Date.now() - this.#entry.at < CACHE_MS) return this.#entry.value;
    const generation = this.#generation;
    const value = await read();
    if (generation === this.#generation) this.#entry = { value, at: Date.now() };
    return value;
  }

  forget(): void {
    this.#entry = null;
    this.#generation++;
  }
}

export class SettingsService {
  readonly #db: Db;
  readonly #settings = new Cached<HelpdeskSettings>();
  readonly #fields = new Cached<CustomFieldRow[]>();

  constructor(db: Db) {
    this.#db = db;
  }

  get(): Promise<HelpdeskSettings> {
    return this.#settings.get(async () => {
      const row = await this.#db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', KEY)
        .executeTakeFirst();
      const stored = helpdeskSettingsSchema.partial().safeParse(row?.value ?? {});
      return { ...DEFAULT_SETTINGS, ...(stored.success ? stored.data : {}) };
    });
  }

  async update(actor: Actor, patch: Partial<HelpdeskSettings>, ip: string | null): Promise<HelpdeskSettings> {
    authorize(actor, 'settings.manage');
    const next = helpdeskSettingsSchema.parse({ ...(await this.get()), ...patch });
    await this.#db.transaction().execute(async (tx) => {
      await tx
        .insertInto('settings')
        .values({ key: KEY, value: JSON.stringify(next) })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ value: JSON.stringify(next), updated_at: new Date() }),
        )
        .execute();
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'settings.updated',
        targetType: 'settings',
        targetId: KEY,
        data: patch,
        ip,
      });
    });
    this.#settings.forget();
    return next;
  }

  /**
   * The active custom field definitions tickets are checked against, kept like the settings.
   * Read through `db` when stale, so a transaction sees them without a second connection.
   */
  activeCustomFields(db: Queryable): Promise<CustomFieldRow[]> {
    return this.#fields.get(() =>
      db.selectFrom('custom_fields').selectAll().where('active', '=', true).execute(),
    );
  }

  /** Called after custom fields change on this node. */
  forgetCustomFields(): void {
    this.#fields.forget();
  }

  /** A change was announced (by any node, or typed in SQL), or announcements may have been missed. */
  forgetEverything(): void {
    this.#settings.forget();
    this.#fields.forget();
  }

  async priorityFor(impact: Level, urgency: Level): Promise<Priority> {
    return (await this.get()).priorityMatrix[impact][urgency];
  }
}
