import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { meSchema, presentMe, presentUser, userPageSchema, userSchema } from './people.presenter.ts';
import {
  createUserSchema,
  idParams,
  listUsersQuerySchema,
  setSkillsSchema,
  updateMeSchema,
  updateUserSchema,
} from './people.schema.ts';
import { UserService } from './users.service.ts';

const tags = ['people'];

export const userRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'people:read', 'people:write');
    const users = new UserService(ctx.db, ctx.people, ctx.clock, (userId) => ctx.auth.forgetPerson(userId));

    app.get(
      '/api/users',
      {
        schema: {
          tags,
          summary:
            'Staff and customers (a client admin: the people of their own organisation), keyset-paginated',
          querystring: listUsersQuerySchema,
          response: { 200: userPageSchema },
        },
      },
      async (request) => {
        const page = await users.list(actorOf(request), request.query);
        return { users: page.users.map(presentUser), nextCursor: page.nextCursor };
      },
    );

    app.post(
      '/api/users',
      {
        schema: {
          tags,
          summary: 'Add a person (staff need an admin; customers and client admins a supervisor or above)',
          body: createUserSchema,
          response: { 201: userSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(presentUser(await users.create(actorOf(request), request.body, request.ip))),
    );

    app.get(
      '/api/users/:id',
      { schema: { tags, summary: 'One person', params: idParams, response: { 200: userSchema } } },
      async (request) => presentUser(await users.get(actorOf(request), request.params.id)),
    );

    app.patch(
      '/api/users/:id',
      {
        schema: {
          tags,
          summary:
            'Change a person: profile, role, organisation, password; deactivating signs them out everywhere',
          params: idParams,
          body: updateUserSchema,
          response: { 200: userSchema },
        },
      },
      async (request) =>
        presentUser(await users.update(actorOf(request), request.params.id, request.body, request.ip)),
    );

    app.put(
      '/api/users/:id/skills',
      {
        schema: {
          tags,
          summary: "Replace a staff member's skills and their levels (1–5)",
          params: idParams,
          body: setSkillsSchema,
          response: { 200: userSchema },
        },
      },
      async (request) =>
        presentUser(
          await users.setSkills(actorOf(request), request.params.id, request.body.skills, request.ip),
        ),
    );

    app.patch(
      '/api/me',
      {
        schema: {
          tags,
          summary: 'Change your own name, time zone, languages or password (with the current one)',
          body: updateMeSchema,
          response: { 200: meSchema },
        },
      },
      async (request) => presentMe(await users.updateSelf(actorOf(request), request.body, request.ip)),
    );
  };
