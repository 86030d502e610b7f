import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SCOPES } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes, SESSION_COOKIE } from '../../http/authenticate.ts';
import { meSchema, presentMe } from '../people/people.presenter.ts';

const tokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'any', 'any');
    app.post(
      '/api/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets a session cookie',
          body: z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) }),
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        const { sessionSecret, user } = await ctx.auth.login(
          request.body.email,
          request.body.password,
          request.ip,
          request.headers['user-agent'],
        );
        reply.setCookie(SESSION_COOKIE, sessionSecret, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: ctx.config.TIERLINE_SESSION_HOURS * 3600,
        });
        return presentMe(await ctx.people.profile(user.id));
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } } },
      async (request, reply) => {
        await ctx.auth.logout(actorOf(request), request.ip);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/me',
      { schema: { tags: ['auth'], summary: 'The signed-in person', response: { 200: meSchema } } },
      async (request) => presentMe(await ctx.people.profile(actorOf(request).userId)),
    );

    app.get(
      '/api/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Your API tokens',
          response: { 200: z.object({ tokens: z.array(tokenSchema) }) },
        },
      },
      async (request) => {
        const rows = await ctx.auth.listTokens(actorOf(request));
        return {
          tokens: rows.map((row) => ({
            id: row.id,
            name: row.name,
            prefix: row.prefix,
            scopes: row.scopes as (typeof SCOPES)[number][],
            createdAt: row.created_at,
            expiresAt: row.expires_at,
            lastUsedAt: row.last_used_at,
          })),
        };
      },
    );

    app.post(
      '/api/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an API token for yourself; the secret is shown only in this answer',
          body: z.object({
            name: z.string().trim().min(1).max(100),
            scopes: z.array(z.enum(SCOPES)).min(1),
            expiresAt: z.coerce.date().nullable().optional(),
          }),
          response: { 201: z.object({ token: z.string(), id: z.number(), scopes: z.array(z.enum(SCOPES)) }) },
        },
      },
      async (request, reply) => {
        const { token, row } = await ctx.auth.createToken(actorOf(request), request.body, request.ip);
        return reply.code(201).send({ token, id: row.id, scopes: row.scopes as (typeof SCOPES)[number][] });
      },
    );

    app.delete(
      '/api/tokens/:id',
      {
        schema: {
          tags: ['auth'],
          summary: 'Revoke one of your API tokens',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await ctx.auth.revokeToken(actorOf(request), request.params.id, request.ip);
        return reply.code(204).send(null);
      },
    );
  };
