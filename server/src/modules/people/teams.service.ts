import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { Role, TeamRow } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { CreateTeamInput, UpdateTeamInput } from './people.schema.ts';
import { uniqueConflicts } from './unique-violation.ts';
import { isStaffRole } from './user-rules.ts';

export interface TeamWithMembers {
  team: TeamRow;
  /** Active members only: deactivated staff keep their place for a comeback but take no work. */
  members: { id: number; name: string; role: Role }[];
}

const nameTaken = uniqueConflicts({
  teams_name_key: conflict('team_name_taken', 'A team with this name exists'),
});

async function withMembers(db: Queryable, teams: TeamRow[]): Promise<TeamWithMembers[]> {
  if (teams.length === 0) return [];
  const members = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['team_members.team_id', 'users.id', 'users.name', 'users.role'])
    .where(
      'team_members.team_id',
      'in',
      teams.map((team) => team.id),
    )
    .where('users.active', '=', true)
    .orderBy('users.name')
    .execute();
  const byTeam = Map.groupBy(members, (member) => member.team_id);
  return teams.map((team) => ({
    team,
    members: (byTeam.get(team.id) ?? []).map(({ id, name, role }) => ({ id, name, role })),
  }));
}

/** Support teams, each on a tier (0–4), and who is in them. */
export class TeamService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async list(actor: Actor): Promise<TeamWithMembers[]> {
    authorize(actor, 'people.read');
    const teams = await this.#db.selectFrom('teams').selectAll().orderBy('tier').orderBy('name').execute();
    return withMembers(this.#db, teams);
  }

  async get(actor: Actor, id: number, db: Queryable = this.#db): Promise<TeamWithMembers> {
    authorize(actor, 'people.read');
    const team = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    if (!team) throw notFound('team');
    const [detail] = await withMembers(db, [team]);
    if (!detail) throw notFound('team');
    return detail;
  }

  async create(actor: Actor, input: CreateTeamInput, ip: string | null): Promise<TeamWithMembers> {
    authorize(actor, 'teams.manage');
    const team = await this.#db
      .transaction()
      .execute(async (tx) => {
        const now = this.#clock();
        const row = await tx
          .insertInto('teams')
          .values({ name: input.name, tier: input.tier, description: input.description, created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          tx,
          {
            actorId: actor.userId,
            action: 'team.created',
            targetType: 'team',
            targetId: row.id,
            data: { name: row.name, tier: row.tier },
            ip,
          },
          now,
        );
        return row;
      })
      .catch(nameTaken);
    return { team, members: [] };
  }

  async update(
    actor: Actor,
    id: number,
    input: UpdateTeamInput,
    ip: string | null,
  ): Promise<TeamWithMembers> {
    authorize(actor, 'teams.manage');
    await this.#db
      .transaction()
      .execute(async (tx) => {
        const current = await tx
          .selectFrom('teams')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw notFound('team');
        const changes = Object.fromEntries(
          (['name', 'tier', 'description'] as const)
            .filter((field) => input[field] !== undefined && input[field] !== current[field])
            .map((field) => [field, { from: current[field], to: input[field] }]),
        );
        if (Object.keys(changes).length === 0) return;
        await tx
          .updateTable('teams')
          .set({ name: input.name, tier: input.tier, description: input.description })
          .where('id', '=', id)
          .execute();
        await recordAudit(
          tx,
          {
            actorId: actor.userId,
            action: 'team.updated',
            targetType: 'team',
            targetId: id,
            data: { changes },
            ip,
          },
          this.#clock(),
        );
      })
      .catch(nameTaken);
    return this.get(actor, id);
  }

  /** Replaces the members. Teams take work, so only active staff can be in one. */
  async setMembers(actor: Actor, id: number, userIds: number[], ip: string | null): Promise<TeamWithMembers> {
    authorize(actor, 'teams.manage');
    await this.#db.transaction().execute(async (tx) => {
      const team = await tx
        .selectFrom('teams')
        .select('id')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!team) throw notFound('team');
      const people = userIds.length
        ? await tx.selectFrom('users').select(['id', 'role', 'active']).where('id', 'in', userIds).execute()
        : [];
      const unknown = userIds.filter((userId) => !people.some((person) => person.id === userId));
      if (unknown.length > 0) {
        throw invalid('invalid_user', `There is no person ${unknown.join(', ')}`, { userIds: unknown });
      }
      const notStaff = people.filter((person) => !isStaffRole(person.role)).map((person) => person.id);
      if (notStaff.length > 0) {
        throw invalid('member_not_staff', 'Only staff can be members of a team', { userIds: notStaff });
      }
      const inactive = people.filter((person) => !person.active).map((person) => person.id);
      if (inactive.length > 0) {
        throw invalid('member_inactive', 'Deactivated people cannot join a team', { userIds: inactive });
      }
      const current = await tx
        .selectFrom('team_members')
        .select('user_id')
        .where('team_id', '=', id)
        .execute();
      const currentIds = current.map((row) => row.user_id);
      const added = userIds.filter((userId) => !currentIds.includes(userId));
      const removed = currentIds.filter((userId) => !userIds.includes(userId));
      if (added.length === 0 && removed.length === 0) return;
      if (removed.length > 0) {
        await tx
          .deleteFrom('team_members')
          .where('team_id', '=', id)
          .where('user_id', 'in', removed)
          .execute();
      }
      if (added.length > 0) {
        await tx
          .insertInto('team_members')
          .values(added.map((userId) => ({ team_id: id, user_id: userId })))
          .execute();
      }
      await recordAudit(
        tx,
        {
          actorId: actor.userId,
          action: 'team.members_set',
          targetType: 'team',
          targetId: id,
          data: { added, removed },
          ip,
        },
        this.#clock(),
      );
    });
    return this.get(actor, id);
  }
}
