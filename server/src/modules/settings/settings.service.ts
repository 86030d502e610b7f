import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { CustomFieldRow, Level, Priority } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { DEFAULT_SETTINGS, type HelpdeskSettings, helpdeskSettingsSchema } from './settings.schema.ts';

const KEY = 'helpdesk';
// Other nodes see a change within this time; the node that made it sees it at once.
const CACHE_MS = 5_000;

/** A value read again once it is CACHE_MS old, or after `forget`. */
class Cached<T> {
  #entry: { value: T; at: number } | null = null;

  async get(read: () => Promise<T>): Promise<T> {
    if (this.#entry && Date.now() - this.#entry.at < CACHE_MS) return this.#entry.value;
    const value = await read();
    this.#entry = { value, at: Date.now() };
    return value;
  }

  forget(): void {
    this.#entry = null;
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
   * The active custom field definitions tickets are checked against, kept like the settings:
   * other nodes see a change within CACHE_MS, this node at once (see `forgetCustomFields`).
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

  async priorityFor(impact: Level, urgency: Level): Promise<Priority> {
    return (await this.get()).priorityMatrix[impact][urgency];
  }
}
