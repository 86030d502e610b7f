import type { Queryable } from '../../db/database.ts';
import type { UserRow } from '../../db/schema.ts';
import type { UserProfile } from './people.service.ts';

/** A person as the directory shows them: profile, teams and skills. */
export interface UserDetail extends UserProfile {
  skills: { id: number; name: string; level: number }[];
}

export type UserWithOrganisation = UserRow & { organisation_name: string | null };

/** People with the name of their organisation; callers add filters, order and limits. */
export const selectUsers = (db: Queryable) =>
  db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .selectAll('users')
    .select('organisations.name as organisation_name');

/** Teams and skills of a whole page of people in two queries, whatever the page size. */
export async function loadUserDetails(db: Queryable, rows: UserWithOrganisation[]): Promise<UserDetail[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [teams, skills] = await Promise.all([
    db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .select(['team_members.user_id', 'teams.id', 'teams.name', 'teams.tier'])
      .where('team_members.user_id', 'in', ids)
      .orderBy('teams.tier')
      .orderBy('teams.name')
      .execute(),
    db
      .selectFrom('user_skills')
      .innerJoin('skills', 'skills.id', 'user_skills.skill_id')
      .select(['user_skills.user_id', 'skills.id', 'skills.name', 'user_skills.level'])
      .where('user_skills.user_id', 'in', ids)
      .orderBy('skills.name')
      .execute(),
  ]);
  const teamsByUser = Map.groupBy(teams, (team) => team.user_id);
  const skillsByUser = Map.groupBy(skills, (skill) => skill.user_id);
  return rows.map(({ organisation_name, ...user }) => ({
    user,
    organisationName: organisation_name,
    teams: (teamsByUser.get(user.id) ?? []).map(({ id, name, tier }) => ({ id, name, tier })),
    skills: (skillsByUser.get(user.id) ?? []).map(({ id, name, level }) => ({ id, name, level })),
  }));
}
