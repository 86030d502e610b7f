import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * Every setting Tierline reads from the environment, validated once at boot.
 * The README's configuration table mirrors this schema.
 */
const configSchema = z.object({
  /** HTTP port of the app. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface to listen on; 127.0.0.1 keeps a fresh install private, 0.0.0.0 serves the network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public base URL, used in links sent to people (emails, webhooks). */
  TIERLINE_PUBLIC_URL: z.url().optional(),
  /** Where the embedded database, attachments and the instance lock live. */
  TIERLINE_DATA_DIR: z.string().min(1).default('./data'),
  /** When set, this PostgreSQL (>= 15) is used and no embedded server is started. */
  DATABASE_URL: z.string().startsWith('postgres').optional(),
  /** Connections per app node. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(20),
  /** Prepare each statement once per connection; off behind a pooler that cannot keep them. */
  DATABASE_PREPARED_STATEMENTS: booleanFlag.default(true),
  /** First admin, created on a database that has no admin yet. */
  TIERLINE_ADMIN_EMAIL: z.email().optional(),
  TIERLINE_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  /**
   * Key (32 bytes, base64 or hex) sealing stored credentials such as IMAP passwords; unset: one is
   * generated into <data dir>/secret.key on first use. Nodes sharing a database need the same key.
   */
  TIERLINE_SECRET_KEY: z.string().min(1).optional(),
  /** Seed a demo workspace (organisations, people in every role, tickets in every state) on an empty database. */
  TIERLINE_DEMO: booleanFlag.default(false),
  /** Largest attachment accepted, in megabytes. */
  TIERLINE_MAX_ATTACHMENT_MB: z.coerce.number().positive().max(1024).default(25),
  /** Run background jobs (auto-close, sweeps) on this node. */
  TIERLINE_JOBS: booleanFlag.default(true),
  /** How often periodic sweeps (auto-close, SLA) are offered to the job queue, in seconds. */
  TIERLINE_SWEEP_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /** Session lifetime in hours of inactivity. */
  TIERLINE_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** Failed logins allowed per address and account within 15 minutes. */
  TIERLINE_LOGIN_ATTEMPTS: z.coerce.number().int().positive().default(10),
  /** Help-centre votes, deflection events and counted views one person or address may make per minute and route (suggestions: 4×); 0: no limit. */
  TIERLINE_KB_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(30),
  /** Port of the built-in SMTP listener for inbound mail; unset: no listener (2525 is usual behind an MTA). */
  TIERLINE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Interface the SMTP listener binds to. */
  TIERLINE_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Largest inbound message accepted over SMTP, in megabytes (announced with SIZE). */
  TIERLINE_SMTP_MAX_MB: z.coerce.number().positive().max(200).default(25),
  /** PEM key and certificate files: when both are set the listener offers STARTTLS. */
  TIERLINE_SMTP_TLS_KEY: z.string().min(1).optional(),
  TIERLINE_SMTP_TLS_CERT: z.string().min(1).optional(),
  /** When set, senders must authenticate (AUTH PLAIN/LOGIN) with this user and password. */
  TIERLINE_SMTP_AUTH_USER: z.string().min(1).optional(),
  TIERLINE_SMTP_AUTH_PASSWORD: z.string().min(1).optional(),
  /** Outgoing mail relay; unset: replies and notifications are recorded as not sent. */
  TIERLINE_SMTP_RELAY_HOST: z.string().min(1).optional(),
  TIERLINE_SMTP_RELAY_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the relay offers it. */
  TIERLINE_SMTP_RELAY_SECURE: booleanFlag.default(false),
  TIERLINE_SMTP_RELAY_USER: z.string().min(1).optional(),
  TIERLINE_SMTP_RELAY_PASSWORD: z.string().min(1).optional(),
  /** Sender of outgoing mail when the ticket's queue has no support address of its own. */
  TIERLINE_MAIL_FROM: z.string().min(3).default('Tierline <support@tierline.local>'),
  /** Attempts to send one mail before it is marked failed (with exponential backoff between). */
  TIERLINE_MAIL_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** First retry delay of a failed send, in seconds; it doubles on every attempt. */
  TIERLINE_MAIL_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** A message from a requester threads onto their ticket with the same subject changed within this many days; 0: off. */
  TIERLINE_EMAIL_SUBJECT_MATCH_DAYS: z.coerce.number().int().min(0).max(365).default(0),
  /** Messages one sender may send within an hour before more are dropped as a probable mail loop. */
  TIERLINE_EMAIL_SENDER_LIMIT: z.coerce.number().int().min(1).max(100000).default(40),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.output<typeof configSchema> & { dataDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.TIERLINE_DATA_DIR) };
}
