import type { Db } from '../../../db/database.ts';
import type { EmailAddressRow } from './email.tables.ts';

// Other nodes see an admin's change within this time; the node that made it sees it at once.
const CACHE_MS = 5_000;

/** The support addresses, cached briefly: the SMTP listener asks on every RCPT TO. */
export class SupportAddresses {
  readonly #db: Db;
  #cached: { rows: EmailAddressRow[]; at: number } | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  async all(): Promise<EmailAddressRow[]> {
    if (this.#cached && Date.now() - this.#cached.at < CACHE_MS) return this.#cached.rows;
    const rows = await this.#db
      .selectFrom('email_addresses')
      .selectAll()
      .where('active', '=', true)
      .orderBy('id')
      .execute();
    this.#cached = { rows, at: Date.now() };
    return rows;
  }

  invalidate(): void {
    this.#cached = null;
  }

  async find(address: string): Promise<EmailAddressRow | undefined> {
    const wanted = address.trim().toLowerCase();
    return (await this.all()).find((row) => row.address.toLowerCase() === wanted);
  }

  async isOwn(address: string): Promise<boolean> {
    return (await this.find(address)) !== undefined;
  }

  /** The address a message arrived on: the mailbox's, else the first recipient that is ours, else the default. */
  async arrivalAddress(candidates: string[], addressId: number | null): Promise<EmailAddressRow | undefined> {
    const rows = await this.all();
    if (addressId !== null) {
      const mailboxAddress = rows.find((row) => row.id === addressId);
      if (mailboxAddress) return mailboxAddress;
    }
    for (const candidate of candidates) {
      const row = rows.find((own) => own.address.toLowerCase() === candidate.toLowerCase());
      if (row) return row;
    }
    return rows.find((row) => row.is_default);
  }
}
