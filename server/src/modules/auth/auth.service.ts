import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Actor, Scope } from '../../access/actor.ts';
import type { Db } from '../../db/database.ts';
import type { UserRow } from '../../db/schema.ts';
import { DomainError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ActorCache } from './actor-cache.ts';
import { burnVerificationTime, verifyPassword } from './passwords.ts';

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const TOKEN_PREFIX = 'tl_';

export interface AuthServiceOptions {
  sessionHours: number;
  loginAttempts: number;
  clock: () => Date;
}

function toActor(user: UserRow, scopes: readonly Scope[] | null, sessionId: string | null): Actor {
  return {
    userId: user.id,
    role: user.role,
    organisationId: user.organisation_id,
    name: user.name,
    email: user.email,
    timeZone: user.time_zone,
    scopes,
    sessionId,
  };
}

export class AuthService {
  readonly #db: Db;
  readonly #options: AuthServiceOptions;
  readonly #actors = new ActorCache();

  constructor(db: Db, options: AuthServiceOptions) {
    this.#db = db;
    this.#options = options;
  }

  /**
   * Password sign-in. Failed attempts are counted per account and per address over 15 minutes;
   * past the limit the answer is 429 whatever the password.
   */
  async login(email: string, password: string, ip: string, userAgent: string | undefined) {
    const now = this.#options.clock();
    const windowStart = new Date(now.getTime() - 15 * 60_000);
    const failures = await this.#db
      .selectFrom('login_attempts')
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere(sql<boolean>`lower(email) = lower(${email})`).as('by_email'),
        eb.fn.countAll<number>().filterWhere('ip', '=', ip).as('by_ip'),
      ])
      .where('succeeded', '=', false)
      .where('created_at', '>', windowStart)
      .where((eb) => eb.or([eb(sql`lower(email)`, '=', email.toLowerCase()), eb('ip', '=', ip)]))
      .executeTakeFirstOrThrow();
    const limit = this.#options.loginAttempts;
    if (Number(failures.by_email) >= limit || Number(failures.by_ip) >= limit * 5) {
      throw new DomainError(
        'rate_limited',
        'too_many_login_attempts',
        'Too many failed sign-ins; try again in 15 minutes',
      );
    }
    const user = await this.#db
      .selectFrom('users')
      .selectAll()
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
    let valid = false;
    if (user?.active) valid = await verifyPassword(user.password_hash, password);
    else await burnVerificationTime(password);
    await this.#db.transaction().execute(async (tx) => {
      await tx.insertInto('login_attempts').values({ email, ip, succeeded: valid }).execute();
      await recordAudit(
        tx,
        {
          actorId: user?.id ?? null,
          action: valid ? 'auth.login' : 'auth.login_failed',
          data: { email },
          ip,
        },
        now,
      );
    });
    if (!valid || !user)
      throw new DomainError('unauthenticated', 'invalid_credentials', 'Wrong email or password');
    const secret = crypto.randomBytes(32).toString('base64url');
    await this.#db
      .insertInto('sessions')
      .values({
        id: sha256(secret),
        user_id: user.id,
        expires_at: new Date(now.getTime() + this.#options.sessionHours * 3_600_000),
        ip,
        user_agent: userAgent?.slice(0, 400) ?? null,
      })
      .execute();
    return { sessionSecret: secret, user };
  }

  async logout(actor: Actor, ip: string): Promise<void> {
    if (!actor.sessionId) return;
    await this.#db.transaction().execute(async (tx) => {
      await tx.deleteFrom('sessions').where('id', '=', actor.sessionId!).execute();
      await recordAudit(tx, { actorId: actor.userId, action: 'auth.logout', ip }, this.#options.clock());
    });
    this.#actors.forget(`session:${actor.sessionId}`);
  }

  /**
   * Sessions slide: each use within the second half of their life extends them. Callers are
   * remembered per node (ActorCache) until anything about them changes.
   */
  async actorFromSession(secret: string): Promise<Actor | null> {
    const id = sha256(secret);
    const key = `session:${id}`;
    const now = this.#options.clock();
    const lifetimeMs = this.#options.sessionHours * 3_600_000;
    const slides = (expiresAt: number) => expiresAt - now.getTime() < lifetimeMs / 2;
    const known = this.#actors.get(key, now.getTime());
    if (known?.expiresAt && !slides(known.expiresAt)) return known.actor;
    const generation = this.#actors.generation;
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select('sessions.expires_at')
      .where('sessions.id', '=', id)
      .where('sessions.expires_at', '>', now)
      .where('users.active', '=', true)
      .executeTakeFirst();
    if (!row) return null;
    let expiresAt = row.expires_at;
    if (slides(expiresAt.getTime())) {
      expiresAt = new Date(now.getTime() + lifetimeMs);
      await this.#db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
    }
    const actor = toActor(row, null, id);
    this.#actors.set(key, actor, expiresAt, now.getTime(), null, generation);
    return actor;
  }

  /** A token's use is recorded at most once a minute (`last_used_at`). */
  async actorFromToken(token: string): Promise<Actor | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const hash = sha256(token);
    const key = `token:${hash}`;
    const now = this.#options.clock();
    const recent = (at: number | null) => at !== null && now.getTime() - at <= 60_000;
    const known = this.#actors.get(key, now.getTime());
    if (known && recent(known.touchedAt)) return known.actor;
    const generation = this.#actors.generation;
    const row = await this.#db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('users')
      .select([
        'api_tokens.id as token_id',
        'api_tokens.scopes',
        'api_tokens.last_used_at',
        'api_tokens.expires_at as token_expires_at',
      ])
      .where('api_tokens.token_hash', '=', hash)
      .where('api_tokens.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
      .where('users.active', '=', true)
      .executeTakeFirst();
    if (!row) return null;
    let usedAt = row.last_used_at;
    if (!usedAt || !recent(usedAt.getTime())) {
      usedAt = now;
      await this.#db
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('id', '=', row.token_id)
        .execute();
    }
    const actor = toActor(row, row.scopes as Scope[], null);
    this.#actors.set(key, actor, row.token_expires_at, now.getTime(), usedAt, generation);
    return actor;
  }

  /** Forgets what this node remembers of the person's sessions and tokens (they changed). */
  forgetPerson(userId: number): void {
    this.#actors.forgetPerson(userId);
  }

  /** Forgets every remembered caller (changes may have gone unheard). */
  forgetEveryone(): void {
    this.#actors.clear();
  }

  /** The token is shown once; only its hash is kept. */
  async createToken(
    actor: Actor,
    input: { name: string; scopes: Scope[]; expiresAt?: Date | null },
    ip: string,
  ) {
    const secret = `${TOKEN_PREFIX}${crypto.randomBytes(30).toString('base64url')}`;
    // A token can never do more than the session that made it.
    const scopes =
      actor.scopes === null ? input.scopes : input.scopes.filter((scope) => actor.scopes!.includes(scope));
    const now = this.#options.clock();
    const row = await this.#db.transaction().execute(async (tx) => {
      const created = await tx
        .insertInto('api_tokens')
        .values({
          user_id: actor.userId,
          name: input.name,
          token_hash: sha256(secret),
          prefix: secret.slice(0, 10),
          scopes,
          expires_at: input.expiresAt ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(
        tx,
        {
          actorId: actor.userId,
          action: 'api_token.created',
          targetType: 'api_token',
          targetId: created.id,
          data: { name: input.name, scopes },
          ip,
        },
        now,
      );
      return created;
    });
    return { token: secret, row };
  }

  listTokens(actor: Actor) {
    return this.#db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .orderBy('id', 'desc')
      .execute();
  }

  async revokeToken(actor: Actor, tokenId: number, ip: string): Promise<void> {
    const now = this.#options.clock();
    await this.#db.transaction().execute(async (tx) => {
      const revoked = await tx
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('id', '=', tokenId)
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (revoked.numUpdatedRows === 0n) throw notFound('api_token');
      await recordAudit(
        tx,
        {
          actorId: actor.userId,
          action: 'api_token.revoked',
          targetType: 'api_token',
          targetId: tokenId,
          ip,
        },
        now,
      );
    });
    this.#actors.forgetPerson(actor.userId);
  }
}
