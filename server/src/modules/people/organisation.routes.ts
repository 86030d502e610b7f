import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { OrganisationService } from './organisations.service.ts';
import { organisationPageSchema, organisationSchema, presentOrganisation } from './people.presenter.ts';
import {
  createOrganisationSchema,
  idParams,
  listOrganisationsQuerySchema,
  updateOrganisationSchema,
} from './people.schema.ts';

const tags = ['organisations'];

export const organisationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'people:read', 'people:write');
    const organisations = new OrganisationService(ctx.db, ctx.clock);

    app.get(
      '/api/organisations',
      {
        schema: {
          tags,
          summary: 'Client organisations with head count and open tickets (customers: only their own)',
          querystring: listOrganisationsQuerySchema,
          response: { 200: organisationPageSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const page = await organisations.list(actor, request.query);
        return {
          organisations: page.organisations.map((row) => presentOrganisation(actor, row)),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.post(
      '/api/organisations',
      {
        schema: {
          tags,
          summary: 'Add a client organisation',
          body: createOrganisationSchema,
          response: { 201: organisationSchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const created = await organisations.create(actor, request.body, request.ip);
        return reply.code(201).send(presentOrganisation(actor, created));
      },
    );

    app.get(
      '/api/organisations/:id',
      {
        schema: {
          tags,
          summary: 'One organisation',
          params: idParams,
          response: { 200: organisationSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        return presentOrganisation(actor, await organisations.get(actor, request.params.id));
      },
    );

    app.patch(
      '/api/organisations/:id',
      {
        schema: {
          tags,
          summary: 'Change an organisation: name, email domains, notes, time zone',
          params: idParams,
          body: updateOrganisationSchema,
          response: { 200: organisationSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        return presentOrganisation(
          actor,
          await organisations.update(actor, request.params.id, request.body, request.ip),
        );
      },
    );
  };
