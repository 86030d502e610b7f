import type { Actor } from '../../../access/actor.ts';
import { authorize } from '../../../access/policies.ts';
import type { Db } from '../../../db/database.ts';
import { invalid, notFound } from '../../../errors.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import type {
  CreateAddressInput,
  CreateMailboxInput,
  UpdateAddressInput,
  UpdateMailboxInput,
} from './email.schema.ts';
import type { EmailAddressRow, EmailMailboxRow } from './email.tables.ts';
import type { SecretBox } from './secret-box.ts';
import type { SupportAddresses } from './support-addresses.ts';

/** Support addresses and IMAP mailboxes, changed by admins; every change is audited. */
export class EmailAdminService {
  readonly #db: Db;
  readonly #addresses: SupportAddresses;
  readonly #clock: () => Date;
  readonly #secrets: SecretBox;

  constructor(db: Db, addresses: SupportAddresses, secrets: SecretBox, clock: () => Date) {
    this.#db = db;
    this.#addresses = addresses;
    this.#secrets = secrets;
    this.#clock = clock;
  }

  async listAddresses(actor: Actor): Promise<EmailAddressRow[]> {
    authorize(actor, 'email.manage');
    return this.#db.selectFrom('email_addresses').selectAll().orderBy('id').execute();
  }

  async saveAddress(
    actor: Actor,
    id: number | null,
    input: CreateAddressInput | UpdateAddressInput,
    ip: string | null,
  ) {
    authorize(actor, 'email.manage');
    const now = this.#clock();
    const values = {
      ...(input.address !== undefined ? { address: input.address } : {}),
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
      ...(input.isDefault !== undefined ? { is_default: input.isDefault } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updated_at: now,
    };
    const row = await this.#db.transaction().execute(async (tx) => {
      // One default address: choosing a new one retires the old one.
      if (input.isDefault)
        await tx
          .updateTable('email_addresses')
          .set({ is_default: false })
          .where('is_default', '=', true)
          .execute();
      const saved =
        id === null
          ? await tx
              .insertInto('email_addresses')
              .values({ address: input.address ?? '', ...values })
              .returningAll()
              .executeTakeFirstOrThrow()
          : await tx
              .updateTable('email_addresses')
              .set(values)
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirst();
      if (!saved) throw notFound('email_address');
      await recordAudit(tx, {
        actorId: actor.userId,
        action: id === null ? 'email.address_created' : 'email.address_updated',
        targetType: 'email_address',
        targetId: saved.id,
        data: { ...input },
        ip,
      });
      return saved;
    });
    this.#addresses.invalidate();
    return row;
  }

  async deleteAddress(actor: Actor, id: number, ip: string | null): Promise<void> {
    authorize(actor, 'email.manage');
    await this.#db.transaction().execute(async (tx) => {
      const removed = await tx
        .deleteFrom('email_addresses')
        .where('id', '=', id)
        .returning('address')
        .executeTakeFirst();
      if (!removed) throw notFound('email_address');
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'email.address_deleted',
        targetType: 'email_address',
        targetId: id,
        data: removed,
        ip,
      });
    });
    this.#addresses.invalidate();
  }

  async listMailboxes(actor: Actor): Promise<EmailMailboxRow[]> {
    authorize(actor, 'email.manage');
    return this.#db.selectFrom('email_mailboxes').selectAll().orderBy('id').execute();
  }

  async getMailbox(actor: Actor, id: number): Promise<EmailMailboxRow> {
    authorize(actor, 'email.manage');
    const row = await this.#db
      .selectFrom('email_mailboxes')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('mailbox');
    return row;
  }

  async saveMailbox(
    actor: Actor,
    id: number | null,
    input: CreateMailboxInput | UpdateMailboxInput,
    ip: string | null,
  ) {
    authorize(actor, 'email.manage');
    if (
      input.processedFolder !== undefined &&
      input.processedFolder !== null &&
      input.processedFolder === input.folder
    ) {
      throw invalid('invalid_mailbox', 'The processed folder must differ from the folder that is polled');
    }
    const values = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.addressId !== undefined ? { address_id: input.addressId } : {}),
      ...(input.host !== undefined ? { host: input.host } : {}),
      ...(input.port !== undefined ? { port: input.port } : {}),
      ...(input.tls !== undefined ? { tls: input.tls } : {}),
      ...(input.username !== undefined ? { username: input.username } : {}),
      ...(input.password !== undefined
        ? { password: this.#secrets.seal(input.password), password_sealed: true }
        : {}),
      ...(input.folder !== undefined ? { folder: input.folder } : {}),
      ...(input.processedFolder !== undefined ? { processed_folder: input.processedFolder } : {}),
      ...(input.mode !== undefined ? { mode: input.mode } : {}),
      ...(input.pollSeconds !== undefined ? { poll_seconds: input.pollSeconds } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updated_at: this.#clock(),
    };
    return this.#db.transaction().execute(async (tx) => {
      const saved =
        id === null
          ? await tx
              .insertInto('email_mailboxes')
              .values({
                name: input.name ?? '',
                host: input.host ?? '',
                port: input.port ?? 993,
                username: input.username ?? '',
                password: '',
                address_id: input.addressId ?? null,
                processed_folder: input.processedFolder ?? null,
                ...values,
              })
              .returningAll()
              .executeTakeFirstOrThrow()
          : await tx
              .updateTable('email_mailboxes')
              .set(values)
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirst();
      if (!saved) throw notFound('mailbox');
      const { password: _secret, ...audited } = input;
      await recordAudit(tx, {
        actorId: actor.userId,
        action: id === null ? 'email.mailbox_created' : 'email.mailbox_updated',
        targetType: 'email_mailbox',
        targetId: saved.id,
        data: { ...audited, passwordChanged: input.password !== undefined },
        ip,
      });
      return saved;
    });
  }

  async deleteMailbox(actor: Actor, id: number, ip: string | null): Promise<void> {
    authorize(actor, 'email.manage');
    await this.#db.transaction().execute(async (tx) => {
      const removed = await tx
        .deleteFrom('email_mailboxes')
        .where('id', '=', id)
        .returning('name')
        .executeTakeFirst();
      if (!removed) throw notFound('mailbox');
      await recordAudit(tx, {
        actorId: actor.userId,
        action: 'email.mailbox_deleted',
        targetType: 'email_mailbox',
        targetId: id,
        data: removed,
        ip,
      });
    });
  }
}
