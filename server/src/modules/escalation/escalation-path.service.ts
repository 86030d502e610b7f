import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { configuredPaths, findTeam, type TeamRef } from './escalation-paths.ts';

export interface TeamPaths {
  team: TeamRef;
  /** Empty: the team may escalate to any team of a higher tier. */
  toTeams: TeamRef[];
}

/** Which teams each team may escalate to. */
export class EscalationPathService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async list(actor: Actor): Promise<TeamPaths[]> {
    authorize(actor, 'sla.read');
    const [teams, paths] = await Promise.all([
      this.#db.selectFrom('teams').select(['id', 'name', 'tier']).orderBy('tier').orderBy('name').execute(),
      this.#db
        .selectFrom('team_escalation_paths')
        .innerJoin('teams', 'teams.id', 'team_escalation_paths.to_team_id')
        .select(['team_escalation_paths.team_id', 'teams.id', 'teams.name', 'teams.tier'])
        .orderBy('team_escalation_paths.position')
        .execute(),
    ]);
    const byTeam = Map.groupBy(paths, (path) => path.team_id);
    return teams.map((team) => ({
      team,
      toTeams: (byTeam.get(team.id) ?? []).map(({ id, name, tier }) => ({ id, name, tier })),
    }));
  }

  /** Replaces a team's paths; every target must be on a higher tier. */
  async set(actor: Actor, teamId: number, toTeamIds: number[], ip: string | null): Promise<TeamPaths> {
    authorize(actor, 'sla.manage');
    return this.#db.transaction().execute(async (tx) => {
      const team = await findTeam(tx, teamId);
      if (!team) throw notFound('team');
      const unique = [...new Set(toTeamIds)];
      const targets =
        unique.length === 0
          ? []
          : await tx.selectFrom('teams').select(['id', 'name', 'tier']).where('id', 'in', unique).execute();
      if (targets.length !== unique.length) throw invalid('invalid_team', 'Some teams do not exist');
      const notHigher = targets.filter((target) => target.tier <= team.tier);
      if (notHigher.length > 0) {
        throw invalid('not_a_higher_tier', `Escalation paths lead to a higher tier than ${team.tier}`, {
          teamIds: notHigher.map((target) => target.id),
        });
      }
      await tx.deleteFrom('team_escalation_paths').where('team_id', '=', teamId).execute();
      if (unique.length > 0) {
        await tx
          .insertInto('team_escalation_paths')
          .values(unique.map((toTeamId, position) => ({ team_id: teamId, to_team_id: toTeamId, position })))
          .execute();
      }
      await recordAudit(
        tx,
        {
          actorId: actor.userId,
          action: 'escalation.paths_set',
          targetType: 'team',
          targetId: teamId,
          data: { toTeamIds: unique },
          ip,
        },
        this.#clock(),
      );
      return { team, toTeams: await configuredPaths(tx, teamId) };
    });
  }
}
