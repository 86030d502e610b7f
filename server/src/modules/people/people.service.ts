import { sql } from 'kysely';
import type { Db, Queryable } from '../../db/database.ts';
import type { NewUser, UserRow } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { hashPassword } from '../auth/passwords.ts';

export interface UserProfile {
  user: UserRow;
  organisationName: string | null;
  teams: { id: number; name: string; tier: number }[];
}

export class PeopleService {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async profile(userId: number): Promise<UserProfile> {
    const user = await this.#db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('user');
    const [organisation, teams] = await Promise.all([
      user.organisation_id === null
        ? undefined
        : this.#db
            .selectFrom('organisations')
            .select('name')
            .where('id', '=', user.organisation_id)
            .executeTakeFirst(),
      this.#db
        .selectFrom('team_members')
        .innerJoin('teams', 'teams.id', 'team_members.team_id')
        .select(['teams.id', 'teams.name', 'teams.tier'])
        .where('team_members.user_id', '=', userId)
        .orderBy('teams.tier')
        .execute(),
    ]);
    return { user, organisationName: organisation?.name ?? null, teams };
  }

  findByEmail(email: string, db: Queryable = this.#db): Promise<UserRow | undefined> {
    return db
      .selectFrom('users')
      .selectAll()
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  }

  /** Inserts a person; the password, when given, is stored only as an argon2id hash. */
  async insertUser(
    db: Queryable,
    input: Omit<NewUser, 'password_hash'> & { password?: string | null },
  ): Promise<UserRow> {
    const { password, ...fields } = input;
    return db
      .insertInto('users')
      .values({ ...fields, password_hash: password ? await hashPassword(password) : null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
