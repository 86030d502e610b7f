import nodemailer from 'nodemailer';
import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import type { AttachmentStore } from '../../attachments/attachment-store.ts';
import type { JobRunner } from '../../jobs/job-runner.ts';
import type { LiveHub } from '../../live/live-hub.ts';
import type { SettingsService } from '../../settings/settings.service.ts';
import type { TicketService } from '../../tickets/ticket.service.ts';
import { ImapPoller } from './imap-poller.ts';
import { InboundMailService } from './inbound-service.ts';
import { pruneSenderCounters } from './loop-protection.ts';
import { sealPlainMailboxPasswords } from './mailbox-passwords.ts';
import { OutboundMail, SEND_QUEUE } from './outbound.ts';
import { keyFromDataDir, parseSecretKey, SecretBox } from './secret-box.ts';
import { SmtpListener } from './smtp-listener.ts';
import { SupportAddresses } from './support-addresses.ts';
import { TemplateStore } from './templates.ts';

export interface EmailChannelDeps {
  config: Config;
  db: Db;
  tickets: TicketService;
  settings: SettingsService;
  attachments: AttachmentStore;
  clock: () => Date;
}

interface Logger {
  info(message: string): void;
  warn(obj: unknown, message?: string): void;
  error(obj: unknown, message?: string): void;
}

// Ticket changes that may leave mail in the outbox; hearing of one wakes the outbox worker.
const OUTBOX_WAKERS = new Set(['ticket.created', 'message.added', 'ticket.updated', 'notification']);

/** The email channel of one node: inbound (SMTP listener, IMAP poller), outbound mail, templates. */
export class EmailChannel {
  readonly addresses: SupportAddresses;
  readonly inbound: InboundMailService;
  readonly templates: TemplateStore;
  readonly outbound: OutboundMail;
  readonly poller: ImapPoller;
  /** Seals IMAP passwords at rest. */
  readonly secrets: SecretBox;
  /** Port the SMTP listener took (0 while it is off). */
  smtpPort = 0;
  readonly #config: Config;
  readonly #db: Db;
  readonly #clock: () => Date;
  #jobs: JobRunner | null = null;
  #stops: (() => Promise<void> | void)[] = [];
  #smtp: SmtpListener | null = null;

  constructor(deps: EmailChannelDeps) {
    const { config, db } = deps;
    this.#config = config;
    this.#db = db;
    this.#clock = deps.clock;
    this.addresses = new SupportAddresses(db);
    const secretKey = config.TIERLINE_SECRET_KEY;
    this.secrets = new SecretBox(() =>
      secretKey ? parseSecretKey(secretKey) : keyFromDataDir(config.dataDir),
    );
    this.inbound = new InboundMailService(
      db,
      {
        tickets: deps.tickets,
        settings: deps.settings,
        attachments: deps.attachments,
        addresses: this.addresses,
        subjectMatchDays: config.TIERLINE_EMAIL_SUBJECT_MATCH_DAYS,
        senderLimit: config.TIERLINE_EMAIL_SENDER_LIMIT,
      },
      deps.clock,
    );
    this.templates = new TemplateStore(db);
    const transport = config.TIERLINE_SMTP_RELAY_HOST
      ? nodemailer.createTransport({
          host: config.TIERLINE_SMTP_RELAY_HOST,
          port: config.TIERLINE_SMTP_RELAY_PORT,
          secure: config.TIERLINE_SMTP_RELAY_SECURE,
          pool: true,
          maxConnections: 4,
          ...(config.TIERLINE_SMTP_RELAY_USER
            ? {
                auth: {
                  user: config.TIERLINE_SMTP_RELAY_USER,
                  pass: config.TIERLINE_SMTP_RELAY_PASSWORD ?? '',
                },
              }
            : {}),
        })
      : null;
    this.outbound = new OutboundMail(
      db,
      this.templates,
      deps.attachments,
      {
        transport,
        defaultFrom: config.TIERLINE_MAIL_FROM,
        publicUrl: config.TIERLINE_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
        attempts: config.TIERLINE_MAIL_SEND_ATTEMPTS,
        queueSend: async (deliveryId, tx) => {
          if (!this.#jobs) throw new Error('Outgoing mail needs the job runner');
          await this.#jobs.send(SEND_QUEUE, { deliveryId }, { db: tx });
        },
      },
      deps.clock,
    );
    if (transport) this.#stops.push(() => transport.close());
    this.poller = new ImapPoller(db, this.inbound, this.secrets, {
      warn: (obj, message) => this.#log?.warn(obj, message),
    });
  }

  #log: Logger | null = null;

  /** Whether this node can queue outgoing mail (it runs the job queue). */
  get queuesMail(): boolean {
    return this.#jobs !== null;
  }

  /** Seals mailbox passwords stored before they were sealed (see migration 0006); returns how many. */
  async sealMailboxPasswords(): Promise<number> {
    return sealPlainMailboxPasswords(this.#db, this.secrets);
  }

  /** Starts the SMTP listener when a port is configured; returns its port (0 when off). */
  async startSmtp(config: Config, log: Logger): Promise<number> {
    if (config.TIERLINE_SMTP_PORT === undefined) return 0;
    this.#smtp = new SmtpListener(this.inbound, this.addresses, {
      host: config.TIERLINE_SMTP_HOST,
      port: config.TIERLINE_SMTP_PORT,
      maxBytes: Math.round(config.TIERLINE_SMTP_MAX_MB * 1024 * 1024),
      tlsKeyFile: config.TIERLINE_SMTP_TLS_KEY,
      tlsCertFile: config.TIERLINE_SMTP_TLS_CERT,
      authUser: config.TIERLINE_SMTP_AUTH_USER,
      authPassword: config.TIERLINE_SMTP_AUTH_PASSWORD,
      log,
    });
    const port = await this.#smtp.start();
    this.smtpPort = port;
    const smtp = this.#smtp;
    this.#stops.push(() => smtp.stop());
    log.info(`SMTP listener for inbound mail on ${config.TIERLINE_SMTP_HOST}:${port}`);
    return port;
  }

  /**
   * Background work of the channel on a node that runs jobs: the send queue, the outbox worker
   * (woken by live ticket events, swept every interval) and the IMAP poller.
   */
  async startJobs(jobs: JobRunner, live: LiveHub, log: Logger, sweepSeconds: number): Promise<void> {
    this.#jobs = jobs;
    this.#log = log;
    await jobs.addQueue<{ deliveryId: number }>({
      name: SEND_QUEUE,
      attempts: this.#config.TIERLINE_MAIL_SEND_ATTEMPTS,
      retryDelaySeconds: this.#config.TIERLINE_MAIL_RETRY_SECONDS,
      concurrency: 4,
      run: (data) => this.outbound.deliver(data.deliveryId),
    });
    let running: Promise<void> | null = null;
    let again = false;
    const drain = () => {
      if (running) {
        again = true;
        return;
      }
      running = this.outbound
        .processOutbox()
        .then(() => undefined)
        .catch((error: unknown) => log.error({ err: error }, 'email outbox failed'))
        .finally(() => {
          running = null;
          if (again) {
            again = false;
            drain();
          }
        });
    };
    const unsubscribe = live.subscribe((message) => {
      if (OUTBOX_WAKERS.has(message.type)) drain();
    });
    const sweep = setInterval(() => {
      drain();
      pruneSenderCounters(this.#db, this.#clock()).catch((error: unknown) =>
        log.warn({ err: error }, 'could not prune sender counters'),
      );
    }, sweepSeconds * 1000);
    sweep.unref();
    drain();
    this.poller.start();
    this.#stops.push(async () => {
      unsubscribe();
      clearInterval(sweep);
      await this.poller.stop();
      await running;
    });
  }

  async stop(): Promise<void> {
    for (const step of this.#stops.reverse()) await step();
    this.#stops = [];
  }
}
