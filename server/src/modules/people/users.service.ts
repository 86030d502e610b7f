import { type Actor, CUSTOMER_ROLES, STAFF_ROLES } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { decodeCursor, encodeCursor } from './keyset-cursor.ts';
import type { CreateUserInput, ListUsersQuery, UpdateMeInput, UpdateUserInput } from './people.schema.ts';
import type { PeopleService, UserProfile } from './people.service.ts';
import { visiblePeopleFilter } from './people-visibility.ts';
import { uniqueConflicts } from './unique-violation.ts';
import { checkOrganisation, emailTaken, isStaffRole } from './user-rules.ts';
import { updateUser } from './user-update.ts';
import { loadUserDetails, selectUsers, type UserDetail } from './users.repository.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The people directory: staff and customers, who may see whom, and who may change what. */
export class UserService {
  readonly #db: Db;
  readonly #people: PeopleService;
  readonly #clock: () => Date;

  readonly #changed: (userId: number) => void;

  /** `changed` hears of each person changed here, once the change committed (the auth cache). */
  constructor(
    db: Db,
    people: PeopleService,
    clock: () => Date,
    changed: (userId: number) => void = () => {},
  ) {
    this.#db = db;
    this.#people = people;
    this.#clock = clock;
    this.#changed = changed;
  }

  /** Keyset-paginated by name (or id); a client admin's page never holds anyone outside their organisation. */
  async list(
    actor: Actor,
    query: ListUsersQuery,
  ): Promise<{ users: UserDetail[]; nextCursor: string | null }> {
    let q = selectUsers(this.#db).where(visiblePeopleFilter(actor));
    if (query.kind) q = q.where('users.role', 'in', query.kind === 'staff' ? STAFF_ROLES : CUSTOMER_ROLES);
    if (query.role) q = q.where('users.role', '=', query.role);
    if (query.organisationId !== undefined) q = q.where('users.organisation_id', '=', query.organisationId);
    if (query.teamId !== undefined) {
      const teamId = query.teamId;
      q = q.where('users.id', 'in', (eb) =>
        eb.selectFrom('team_members').select('user_id').where('team_id', '=', teamId),
      );
    }
    if (query.q) {
      const pattern = `%${escapeLike(query.q)}%`;
      q = q.where((eb) => eb.or([eb('users.name', 'ilike', pattern), eb('users.email', 'ilike', pattern)]));
    }
    if (query.active !== undefined) q = q.where('users.active', '=', query.active);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      q =
        query.sort === 'id'
          ? q.where('users.id', '>', cursor.id)
          : q.where((eb) =>
              eb(eb.refTuple('users.name', 'users.id'), '>', eb.tuple(String(cursor.key), cursor.id)),
            );
    }
    q = query.sort === 'id' ? q.orderBy('users.id') : q.orderBy('users.name').orderBy('users.id');
    const rows = await q.limit(query.limit + 1).execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor({ key: query.sort === 'id' ? last.id : last.name, id: last.id })
        : null;
    return { users: await loadUserDetails(this.#db, page), nextCursor };
  }

  async get(actor: Actor, id: number, db: Queryable = this.#db): Promise<UserDetail> {
    const row = await selectUsers(db)
      .where(visiblePeopleFilter(actor))
      .where('users.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('user');
    const [detail] = await loadUserDetails(db, [row]);
    if (!detail) throw notFound('user');
    return detail;
  }

  /** Staff accounts are for admins to make; customers and client admins for supervisors up. */
  async create(actor: Actor, input: CreateUserInput, ip: string | null): Promise<UserDetail> {
    authorize(actor, isStaffRole(input.role) ? 'staff.manage' : 'customers.manage');
    const organisationId = input.organisationId ?? null;
    const created = await this.#db
      .transaction()
      .execute(async (tx) => {
        await checkOrganisation(tx, input.role, organisationId);
        const user = await this.#people.insertUser(tx, {
          email: input.email,
          name: input.name,
          role: input.role,
          organisation_id: organisationId,
          position: input.position,
          phone: input.phone,
          time_zone: input.timeZone,
          languages: input.languages,
          password: input.password,
        });
        await recordAudit(
          tx,
          {
            actorId: actor.userId,
            action: 'user.created',
            targetType: 'user',
            targetId: user.id,
            data: {
              email: user.email,
              role: user.role,
              organisationId,
              passwordSet: input.password !== undefined,
            },
            ip,
          },
          this.#clock(),
        );
        return user;
      })
      .catch(uniqueConflicts({ users_email_key: emailTaken(input.email) }));
    return this.get(actor, created.id);
  }

  async update(actor: Actor, id: number, input: UpdateUserInput, ip: string | null): Promise<UserDetail> {
    await this.#db
      .transaction()
      .execute((tx) => updateUser(tx, actor, id, input, ip, this.#clock()))
      .catch(uniqueConflicts({ users_email_key: emailTaken(input.email) }));
    this.#changed(id);
    return this.get(actor, id);
  }

  /** Skills route work to the right engineer, so only staff have them; the list replaces the old one. */
  async setSkills(
    actor: Actor,
    id: number,
    skills: { skillId: number; level: number }[],
    ip: string | null,
  ): Promise<UserDetail> {
    authorize(actor, 'teams.manage');
    const skillIds = skills.map((skill) => skill.skillId);
    const repeated = skillIds.filter((skillId, index) => skillIds.indexOf(skillId) !== index);
    if (repeated.length > 0) {
      throw invalid('duplicate_skill', 'Give each skill once', { skillIds: [...new Set(repeated)] });
    }
    await this.#db.transaction().execute(async (tx) => {
      const { user } = await this.get(actor, id, tx);
      if (!isStaffRole(user.role)) throw invalid('not_staff', 'Only staff have skills');
      const known = skillIds.length
        ? await tx.selectFrom('skills').select('id').where('id', 'in', skillIds).execute()
        : [];
      const missing = skillIds.filter((skillId) => !known.some((row) => row.id === skillId));
      if (missing.length > 0) {
        throw invalid('invalid_skill', `There is no skill ${missing.join(', ')}`, { skillIds: missing });
      }
      await tx.deleteFrom('user_skills').where('user_id', '=', id).execute();
      if (skills.length > 0) {
        await tx
          .insertInto('user_skills')
          .values(skills.map((skill) => ({ user_id: id, skill_id: skill.skillId, level: skill.level })))
          .execute();
      }
      await recordAudit(
        tx,
        {
          actorId: actor.userId,
          action: 'user.skills_set',
          targetType: 'user',
          targetId: id,
          data: { skills },
          ip,
        },
        this.#clock(),
      );
    });
    return this.get(actor, id);
  }

  /**
   * What anyone may change about themselves. A new password needs the current one and signs
   * out the person's other sessions.
   */
  async updateSelf(actor: Actor, input: UpdateMeInput, ip: string | null): Promise<UserProfile> {
    let passwordHash: string | undefined;
    if (input.password !== undefined) {
      if (input.currentPassword === undefined) {
        throw invalid('current_password_required', 'Give your current password to set a new one');
      }
      const row = await this.#db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
        throw invalid('current_password_incorrect', 'The current password is not right');
      }
      passwordHash = await hashPassword(input.password);
    }
    const now = this.#clock();
    await this.#db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
          ...(input.languages === undefined ? {} : { languages: input.languages }),
          ...(passwordHash === undefined ? {} : { password_hash: passwordHash }),
          updated_at: now,
        })
        .where('id', '=', actor.userId)
        .execute();
      if (passwordHash === undefined) return;
      let others = tx.deleteFrom('sessions').where('user_id', '=', actor.userId);
      if (actor.sessionId) others = others.where('id', '!=', actor.sessionId);
      const ended = await others.executeTakeFirst();
      await recordAudit(
        tx,
        {
          actorId: actor.userId,
          action: 'user.password_changed',
          targetType: 'user',
          targetId: actor.userId,
          data: { sessionsEnded: Number(ended.numDeletedRows) },
          ip,
        },
        now,
      );
    });
    this.#changed(actor.userId);
    return this.#people.profile(actor.userId);
  }
}
