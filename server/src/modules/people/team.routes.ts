import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { presentSkill, presentTeam, skillSchema, teamSchema } from './people.presenter.ts';
import {
  createSkillSchema,
  createTeamSchema,
  idParams,
  setMembersSchema,
  updateTeamSchema,
} from './people.schema.ts';
import { SkillService } from './skills.service.ts';
import { TeamService } from './teams.service.ts';

export const teamRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Reading the resource list is people:read; shaping teams and skills is administration.
    defaultScopes(app, 'people:read', 'admin');
    const teams = new TeamService(ctx.db, ctx.clock);
    const skills = new SkillService(ctx.db, ctx.clock);

    app.get(
      '/api/teams',
      {
        schema: {
          tags: ['teams'],
          summary: 'Teams by tier, each with its active members',
          response: { 200: z.object({ teams: z.array(teamSchema) }) },
        },
      },
      async (request) => ({ teams: (await teams.list(actorOf(request))).map(presentTeam) }),
    );

    app.post(
      '/api/teams',
      {
        schema: {
          tags: ['teams'],
          summary: 'Add a team on a tier (0–4)',
          body: createTeamSchema,
          response: { 201: teamSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(presentTeam(await teams.create(actorOf(request), request.body, request.ip))),
    );

    app.get(
      '/api/teams/:id',
      { schema: { tags: ['teams'], summary: 'One team', params: idParams, response: { 200: teamSchema } } },
      async (request) => presentTeam(await teams.get(actorOf(request), request.params.id)),
    );

    app.patch(
      '/api/teams/:id',
      {
        schema: {
          tags: ['teams'],
          summary: 'Rename a team, move it to another tier or describe it',
          params: idParams,
          body: updateTeamSchema,
          response: { 200: teamSchema },
        },
      },
      async (request) =>
        presentTeam(await teams.update(actorOf(request), request.params.id, request.body, request.ip)),
    );

    app.put(
      '/api/teams/:id/members',
      {
        schema: {
          tags: ['teams'],
          summary: 'Replace the members of a team (active staff only)',
          params: idParams,
          body: setMembersSchema,
          response: { 200: teamSchema },
        },
      },
      async (request) =>
        presentTeam(
          await teams.setMembers(actorOf(request), request.params.id, request.body.userIds, request.ip),
        ),
    );

    app.get(
      '/api/skills',
      {
        schema: {
          tags: ['skills'],
          summary: 'The skills people can be rated in',
          response: { 200: z.object({ skills: z.array(skillSchema) }) },
        },
      },
      async (request) => ({ skills: (await skills.list(actorOf(request))).map(presentSkill) }),
    );

    app.post(
      '/api/skills',
      {
        schema: {
          tags: ['skills'],
          summary: 'Add a skill',
          body: createSkillSchema,
          response: { 201: skillSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(presentSkill(await skills.create(actorOf(request), request.body, request.ip))),
    );
  };
