import type { Queryable } from '../../db/database.ts';
import type { TeamRow } from '../../db/schema.ts';

export type TeamRef = Pick<TeamRow, 'id' | 'name' | 'tier'>;

/** The teams a team has paths to, in the order configured. */
export async function configuredPaths(db: Queryable, teamId: number): Promise<TeamRef[]> {
  return db
    .selectFrom('team_escalation_paths')
    .innerJoin('teams', 'teams.id', 'team_escalation_paths.to_team_id')
    .select(['teams.id', 'teams.name', 'teams.tier'])
    .where('team_escalation_paths.team_id', '=', teamId)
    .orderBy('team_escalation_paths.position')
    .orderBy('teams.tier')
    .orderBy('teams.name')
    .execute();
}

/**
 * Where a ticket of this team may be escalated: its configured paths (to higher tiers) when it
 * has any, otherwise every team of a higher tier. A ticket without a team may go to any team.
 * Lowest tier first: the first entry is "the next tier".
 */
export async function escalationTargets(db: Queryable, fromTeam: TeamRef | null): Promise<TeamRef[]> {
  if (fromTeam) {
    const paths = (await configuredPaths(db, fromTeam.id)).filter((team) => team.tier > fromTeam.tier);
    if (paths.length > 0) return paths;
  }
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'tier'])
    .where('tier', '>', fromTeam?.tier ?? -1)
    .$if(fromTeam !== null, (q) => q.where('id', '!=', fromTeam?.id ?? 0))
    .orderBy('tier')
    .orderBy('name')
    .execute();
}

export async function findTeam(db: Queryable, id: number | null): Promise<TeamRef | null> {
  if (id === null) return null;
  const team = await db
    .selectFrom('teams')
    .select(['id', 'name', 'tier'])
    .where('id', '=', id)
    .executeTakeFirst();
  return team ?? null;
}

/** Active staff of a team, optionally only those with one role. */
export async function teamStaff(db: Queryable, teamId: number, role?: 'supervisor'): Promise<number[]> {
  const rows = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select('users.id')
    .where('team_members.team_id', '=', teamId)
    .where('users.active', '=', true)
    .where('users.role', 'not in', ['customer', 'client_admin'])
    .$if(role !== undefined, (q) => q.where('users.role', '=', role ?? 'supervisor'))
    .orderBy('users.id')
    .execute();
  return rows.map((row) => row.id);
}
