import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { BusinessCalendarService } from './calendar.service.ts';
import { calendarSchema, policySchema, presentCalendar, presentPolicy } from './sla.presenter.ts';
import {
  calendarAssignmentSchema,
  createCalendarSchema,
  createPolicySchema,
  idParams,
  importIcsSchema,
  organisationParams,
  policyOrderSchema,
  teamParams,
  updateCalendarSchema,
  updatePolicySchema,
} from './sla.schema.ts';
import { SlaPolicyService } from './sla-policy.service.ts';

const calendarTags = ['business calendars'];
const policyTags = ['sla'];
const noContent = { 204: z.null() };
const assignmentsSchema = z.object({
  organisations: z.array(z.object({ organisationId: z.number(), calendarId: z.number() })),
  teams: z.array(z.object({ teamId: z.number(), calendarId: z.number() })),
});

/** Managers' configuration of business calendars and SLA policies. */
export const slaAdminRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'admin');
    const calendars = new BusinessCalendarService(ctx.db, ctx.clock);
    const policies = new SlaPolicyService(ctx.db, ctx.clock);

    app.get(
      '/api/business-calendars',
      {
        schema: {
          tags: calendarTags,
          summary: 'Business calendars: time zone, weekly hours, holidays',
          response: { 200: z.object({ calendars: z.array(calendarSchema) }) },
        },
      },
      async (request) => ({ calendars: (await calendars.list(actorOf(request))).map(presentCalendar) }),
    );

    app.post(
      '/api/business-calendars',
      {
        schema: {
          tags: calendarTags,
          summary: 'Add a business calendar (validated: IANA zone, non-overlapping hours, real dates)',
          body: createCalendarSchema,
          response: { 201: calendarSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(presentCalendar(await calendars.create(actorOf(request), request.body, request.ip))),
    );

    app.get(
      '/api/business-calendars/assignments',
      {
        schema: {
          tags: calendarTags,
          summary: 'Which organisations and teams have their own calendar',
          response: { 200: assignmentsSchema },
        },
      },
      async (request) => calendars.assignments(actorOf(request)),
    );

    app.put(
      '/api/business-calendars/assignments/organisations/:organisationId',
      {
        schema: {
          tags: calendarTags,
          summary: "Give an organisation its own calendar (it wins over the policy's); null removes it",
          params: organisationParams,
          body: calendarAssignmentSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        const { organisationId } = request.params;
        await calendars.assignToOrganisation(
          actorOf(request),
          organisationId,
          request.body.calendarId,
          request.ip,
        );
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/api/business-calendars/assignments/teams/:teamId',
      {
        schema: {
          tags: calendarTags,
          summary: 'Give a team a calendar (used when the policy names none); null removes it',
          params: teamParams,
          body: calendarAssignmentSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await calendars.assignToTeam(
          actorOf(request),
          request.params.teamId,
          request.body.calendarId,
          request.ip,
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/business-calendars/:id',
      {
        schema: {
          tags: calendarTags,
          summary: 'One business calendar',
          params: idParams,
          response: { 200: calendarSchema },
        },
      },
      async (request) => presentCalendar(await calendars.get(actorOf(request), request.params.id)),
    );

    app.patch(
      '/api/business-calendars/:id',
      {
        schema: {
          tags: calendarTags,
          summary: 'Change a calendar; open tickets are recomputed',
          params: idParams,
          body: updateCalendarSchema,
          response: { 200: calendarSchema },
        },
      },
      async (request) =>
        presentCalendar(
          await calendars.update(actorOf(request), request.params.id, request.body, request.ip),
        ),
    );

    app.delete(
      '/api/business-calendars/:id',
      {
        schema: {
          tags: calendarTags,
          summary: 'Delete a calendar no policy, organisation or team uses',
          params: idParams,
          response: noContent,
        },
      },
      async (request, reply) => {
        await calendars.remove(actorOf(request), request.params.id, request.ip);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/business-calendars/:id/holidays/import',
      {
        schema: {
          tags: calendarTags,
          summary:
            'Import holidays from an iCalendar (.ics) file; entries that cannot be holidays are listed',
          params: idParams,
          body: importIcsSchema,
          response: {
            200: z.object({
              calendar: calendarSchema,
              imported: z.number(),
              skipped: z.array(
                z.object({ uid: z.string().nullable(), summary: z.string().nullable(), reason: z.string() }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const result = await calendars.importHolidays(
          actorOf(request),
          request.params.id,
          request.body,
          request.ip,
        );
        return { ...result, calendar: presentCalendar(result.calendar) };
      },
    );

    app.get(
      '/api/sla/policies',
      {
        schema: {
          tags: policyTags,
          summary: 'SLA policies in the order they are tried',
          response: { 200: z.object({ policies: z.array(policySchema) }) },
        },
      },
      async (request) => ({ policies: (await policies.list(actorOf(request))).map(presentPolicy) }),
    );

    app.post(
      '/api/sla/policies',
      {
        schema: {
          tags: policyTags,
          summary: 'Add an SLA policy: conditions, targets per priority, pause rules, risk threshold',
          body: createPolicySchema,
          response: { 201: policySchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(presentPolicy(await policies.create(actorOf(request), request.body, request.ip))),
    );

    app.put(
      '/api/sla/policies/order',
      {
        schema: {
          tags: policyTags,
          summary: 'Set the order in which policies are tried (every policy once)',
          body: policyOrderSchema,
          response: { 200: z.object({ policies: z.array(policySchema) }) },
        },
      },
      async (request) => ({
        policies: (await policies.reorder(actorOf(request), request.body.policyIds, request.ip)).map(
          presentPolicy,
        ),
      }),
    );

    app.get(
      '/api/sla/policies/:id',
      {
        schema: {
          tags: policyTags,
          summary: 'One SLA policy',
          params: idParams,
          response: { 200: policySchema },
        },
      },
      async (request) => presentPolicy(await policies.get(actorOf(request), request.params.id)),
    );

    app.patch(
      '/api/sla/policies/:id',
      {
        schema: {
          tags: policyTags,
          summary: 'Change a policy (targets are replaced when given); open tickets are recomputed',
          params: idParams,
          body: updatePolicySchema,
          response: { 200: policySchema },
        },
      },
      async (request) =>
        presentPolicy(await policies.update(actorOf(request), request.params.id, request.body, request.ip)),
    );

    app.delete(
      '/api/sla/policies/:id',
      {
        schema: { tags: policyTags, summary: 'Delete an SLA policy', params: idParams, response: noContent },
      },
      async (request, reply) => {
        await policies.remove(actorOf(request), request.params.id, request.ip);
        return reply.code(204).send(null);
      },
    );
  };
