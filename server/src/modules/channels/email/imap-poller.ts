import { ImapFlow } from 'imapflow';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { EmailMailboxRow } from './email.tables.ts';
import type { InboundMailService } from './inbound-service.ts';
import type { SecretBox } from './secret-box.ts';

export interface PollResult {
  imported: number;
  duplicates: number;
}

interface Logger {
  warn(obj: unknown, message?: string): void;
}

// A node holds a mailbox for this long per claim; a crashed node's claim simply runs out.
const LEASE_SECONDS = 120;

/**
 * Fetches mail from IMAP mailboxes. One node at a time works a mailbox (a lease on its row).
 * Each message is imported (committed) before it is moved to the processed folder or flagged
 * \Seen; if Tierline dies in between, the next poll fetches it again and the Message-ID makes
 * that a no-op. Mailboxes in 'idle' mode keep their connection open and fetch as soon as the
 * server announces new mail (IMAP IDLE), with the poll interval as a safety net.
 */
export class ImapPoller {
  readonly #db: Db;
  readonly #inbound: InboundMailService;
  readonly #log: Logger;
  readonly #secrets: SecretBox;
  readonly #idle = new Map<number, ImapFlow>();
  readonly #busy = new Set<number>();
  #timer: NodeJS.Timeout | null = null;

  constructor(db: Db, inbound: InboundMailService, secrets: SecretBox, log: Logger) {
    this.#db = db;
    this.#inbound = inbound;
    this.#secrets = secrets;
    this.#log = log;
  }

  start(tickSeconds = 2): void {
    this.#timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.#log.warn({ err: error }, 'mailbox polling failed'));
    }, tickSeconds * 1000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    for (const client of this.#idle.values()) await client.logout().catch(() => {});
    this.#idle.clear();
  }

  /** Polls every active mailbox whose interval has passed and that no other node holds. */
  async tick(): Promise<void> {
    const due = await this.#db
      .selectFrom('email_mailboxes')
      .select('id')
      .where('active', '=', true)
      .where((eb) =>
        eb.or([
          eb('last_polled_at', 'is', null),
          eb('last_polled_at', '<=', sql<Date>`now() - make_interval(secs => poll_seconds)`),
        ]),
      )
      .execute();
    for (const { id } of due) await this.pollMailbox(id);
  }

  /** Takes (or, holding an IDLE connection to it, renews) the lease on a mailbox. */
  async #claim(id: number): Promise<EmailMailboxRow | undefined> {
    const held = this.#idle.has(id);
    return this.#db
      .updateTable('email_mailboxes')
      .set({ lease_until: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` })
      .where('id', '=', id)
      .where('active', '=', true)
      .where((eb) =>
        held
          ? eb.lit(true)
          : eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]),
      )
      .returningAll()
      .executeTakeFirst();
  }

  /** One poll of one mailbox, if this node can claim it; null when another node holds it. */
  async pollMailbox(id: number): Promise<PollResult | null> {
    if (this.#busy.has(id)) return null;
    this.#busy.add(id);
    try {
      const mailbox = await this.#claim(id);
      if (!mailbox) return null;
      let result: PollResult | null = null;
      let error: string | null = null;
      try {
        result = await this.#fetchNew(mailbox);
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
        this.#dropIdle(id);
      }
      await this.#db
        .updateTable('email_mailboxes')
        .set({
          last_polled_at: sql<Date>`now()`,
          last_error: error,
          lease_until: mailbox.mode === 'idle' && !error ? sql<Date>`lease_until` : null,
        })
        .where('id', '=', id)
        .execute();
      if (error) throw new Error(`Mailbox ${mailbox.name}: ${error}`);
      return result;
    } finally {
      this.#busy.delete(id);
    }
  }

  #dropIdle(id: number): void {
    const client = this.#idle.get(id);
    this.#idle.delete(id);
    client?.close();
  }

  async #connect(mailbox: EmailMailboxRow): Promise<ImapFlow> {
    const kept = this.#idle.get(mailbox.id);
    if (kept?.usable) return kept;
    const client = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.tls,
      auth: {
        user: mailbox.username,
        // A row written before passwords were sealed is still plain until the next start seals it.
        pass: mailbox.password_sealed ? this.#secrets.open(mailbox.password) : mailbox.password,
      },
      logger: false,
      disableAutoIdle: mailbox.mode !== 'idle',
      // Go into IDLE a second after the last command rather than the default 15.
      autoIdleDelay: 1000,
    });
    client.on('error', (error: Error) =>
      this.#log.warn({ err: error }, `mailbox ${mailbox.name} connection error`),
    );
    await client.connect();
    if (mailbox.mode === 'idle') {
      this.#idle.set(mailbox.id, client);
      client.on('exists', () => {
        this.pollMailbox(mailbox.id).catch((error: unknown) =>
          this.#log.warn({ err: error }, 'mailbox fetch failed'),
        );
      });
      client.on('close', () => {
        if (this.#idle.get(mailbox.id) === client) this.#idle.delete(mailbox.id);
      });
    }
    return client;
  }

  async #fetchNew(mailbox: EmailMailboxRow): Promise<PollResult> {
    const client = await this.#connect(mailbox);
    const result: PollResult = { imported: 0, duplicates: 0 };
    try {
      if (mailbox.processed_folder) {
        await client.mailboxCreate(mailbox.processed_folder).catch(() => {});
      }
      const lock = await client.getMailboxLock(mailbox.folder);
      try {
        const found = await client.search(
          mailbox.processed_folder ? { deleted: false } : { seen: false, deleted: false },
          { uid: true },
        );
        for (const uid of found || []) {
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (message === false || !message.source) continue;
          const accepted = await this.#inbound.accept({
            raw: message.source,
            source: `mailbox:${mailbox.id}`,
            envelopeFrom: null,
            envelopeTo: [],
            addressId: mailbox.address_id,
          });
          if (accepted.duplicate) result.duplicates++;
          else result.imported++;
          // Only now, with the import committed, may the server forget about it.
          if (mailbox.processed_folder)
            await client.messageMove(String(uid), mailbox.processed_folder, { uid: true });
          else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
    } finally {
      if (mailbox.mode !== 'idle') await client.logout().catch(() => {});
    }
    return result;
  }
}
