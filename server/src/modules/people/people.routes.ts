import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { organisationRoutes } from './organisation.routes.ts';
import { teamRoutes } from './team.routes.ts';
import { userRoutes } from './user.routes.ts';

/** The resource list: people, client organisations, teams and skills. */
export const peopleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(userRoutes(ctx));
    await app.register(organisationRoutes(ctx));
    await app.register(teamRoutes(ctx));
  };
