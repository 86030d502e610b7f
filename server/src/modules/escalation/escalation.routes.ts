import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { TicketRow } from '../../db/schema.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { presentBugLink } from '../integrations/integration.presenter.ts';
import { presentTicketSla } from '../sla/sla.presenter.ts';
import { presentTicket, ticketSchema } from '../tickets/ticket.presenter.ts';
import { loadTicketDetail } from '../tickets/ticket-detail.ts';
import {
  escalationOverviewSchema,
  escalationRuleSchema,
  presentRule,
  presentTeamPaths,
  presentVendorEscalation,
  teamPathsSchema,
  vendorEscalationSchema,
} from './escalation.presenter.ts';
import {
  closeVendorEscalationSchema,
  deEscalateSchema,
  escalateSchema,
  idParams,
  setPathsSchema,
  startVendorEscalationSchema,
  teamParams,
} from './escalation.schema.ts';
import { EscalationPathService } from './escalation-path.service.ts';
import { escalationRuleInputSchema, escalationRulePatchSchema } from './escalation-rule.schema.ts';
import { EscalationRuleService } from './escalation-rule.service.ts';

const tags = ['escalation'];
const noContent = { 204: z.null() };

/** Tiers and escalation: manual hand-overs, automatic rules, paths, vendors (Tier 4). */
export const escalationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');
    const rules = new EscalationRuleService(ctx.db, ctx.clock);
    const paths = new EscalationPathService(ctx.db, ctx.clock);
    const presentFull = async (request: FastifyRequest, ticket: TicketRow) => {
      const actor = actorOf(request);
      const sla = presentTicketSla(await ctx.sla.compute(ctx.db, ticket.id));
      return presentTicket(ticket, await loadTicketDetail(ctx.db, actor, ticket), sla);
    };

    app.post(
      '/api/tickets/:id/escalate',
      {
        schema: {
          tags,
          summary: 'Escalate to a team of a higher tier with a hand-over summary (kept as an internal note)',
          params: idParams,
          body: escalateSchema,
          response: { 200: ticketSchema },
        },
      },
      async (request) =>
        presentFull(
          request,
          await ctx.escalation.escalate(actorOf(request), request.params.id, request.body),
        ),
    );

    app.post(
      '/api/tickets/:id/de-escalate',
      {
        schema: {
          tags,
          summary: 'Hand a ticket back to a team of a lower tier, with a note',
          params: idParams,
          body: deEscalateSchema,
          response: { 200: ticketSchema },
        },
      },
      async (request) =>
        presentFull(
          request,
          await ctx.escalation.deEscalate(actorOf(request), request.params.id, request.body),
        ),
    );

    app.get(
      '/api/tickets/:id/escalation',
      {
        schema: {
          tags,
          summary:
            "A ticket's tier, where it may go next, its escalation history, bugs and vendor escalations",
          params: idParams,
          response: { 200: escalationOverviewSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const ticket = await ctx.tickets.get(actor, request.params.id);
        const [vendors, bugs, history] = await Promise.all([
          ctx.vendors.forTicket(actor, ticket.id),
          ctx.bugs.listForTicket(actor, ticket.id),
          ctx.escalation.history(actor, ticket.id),
        ]);
        const { team, targets } = await ctx.escalation.whereNext(actor, ticket);
        const now = ctx.clock();
        return {
          team,
          escalationTargets: targets,
          history: history.map((row) => ({
            id: row.id,
            type: row.type,
            actorId: row.actor_id,
            data: row.data,
            createdAt: row.created_at,
          })),
          bugs: bugs.map(presentBugLink),
          vendorEscalations: vendors.escalations.map((row) => presentVendorEscalation(row, now)),
          totalVendorWaitingMinutes: vendors.totalWaitingMinutes,
        };
      },
    );

    app.post(
      '/api/tickets/:id/vendor-escalations',
      {
        schema: {
          tags,
          summary:
            'Escalate to a vendor (Tier 4) with their reference; the waiting time runs until it is closed',
          params: idParams,
          body: startVendorEscalationSchema,
          response: { 201: vendorEscalationSchema },
        },
      },
      async (request, reply) => {
        const row = await ctx.vendors.start(actorOf(request), request.params.id, request.body);
        return reply.code(201).send(presentVendorEscalation(row, ctx.clock()));
      },
    );

    app.post(
      '/api/vendor-escalations/:id/close',
      {
        schema: {
          tags,
          summary: 'The vendor has answered: stop the waiting time',
          params: idParams,
          body: closeVendorEscalationSchema,
          response: { 200: vendorEscalationSchema },
        },
      },
      async (request) => {
        const row = await ctx.vendors.close(actorOf(request), request.params.id, request.body.outcome);
        return presentVendorEscalation(row, ctx.clock());
      },
    );

    app.get(
      '/api/escalation-paths',
      {
        schema: {
          tags,
          summary: 'Which teams each team may escalate to (none: any team of a higher tier)',
          response: { 200: z.object({ teams: z.array(teamPathsSchema) }) },
        },
      },
      async (request) => ({ teams: (await paths.list(actorOf(request))).map(presentTeamPaths) }),
    );

    app.put(
      '/api/escalation-paths/:teamId',
      {
        config: { scope: 'admin' },
        schema: {
          tags,
          summary: "Set a team's escalation paths (teams of a higher tier, in order of preference)",
          params: teamParams,
          body: setPathsSchema,
          response: { 200: teamPathsSchema },
        },
      },
      async (request) =>
        presentTeamPaths(
          await paths.set(actorOf(request), request.params.teamId, request.body.toTeamIds, request.ip),
        ),
    );

    app.get(
      '/api/escalation-rules',
      {
        schema: {
          tags,
          summary: 'Automatic escalation rules and their levels',
          response: { 200: z.object({ rules: z.array(escalationRuleSchema) }) },
        },
      },
      async (request) => ({ rules: (await rules.list(actorOf(request))).map(presentRule) }),
    );

    app.post(
      '/api/escalation-rules',
      {
        config: { scope: 'admin' },
        schema: {
          tags,
          summary:
            'Add a multi-level escalation rule (at-risk fraction or breach + delay; notify, raise, reassign, page)',
          body: escalationRuleInputSchema,
          response: { 201: escalationRuleSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(presentRule(await rules.create(actorOf(request), request.body, request.ip))),
    );

    app.get(
      '/api/escalation-rules/:id',
      {
        schema: {
          tags,
          summary: 'One escalation rule',
          params: idParams,
          response: { 200: escalationRuleSchema },
        },
      },
      async (request) => presentRule(await rules.get(actorOf(request), request.params.id)),
    );

    app.patch(
      '/api/escalation-rules/:id',
      {
        config: { scope: 'admin' },
        schema: {
          tags,
          summary: 'Change an escalation rule (levels are replaced when given)',
          params: idParams,
          body: escalationRulePatchSchema,
          response: { 200: escalationRuleSchema },
        },
      },
      async (request) =>
        presentRule(await rules.update(actorOf(request), request.params.id, request.body, request.ip)),
    );

    app.delete(
      '/api/escalation-rules/:id',
      {
        config: { scope: 'admin' },
        schema: { tags, summary: 'Delete an escalation rule', params: idParams, response: noContent },
      },
      async (request, reply) => {
        await rules.remove(actorOf(request), request.params.id, request.ip);
        return reply.code(204).send(null);
      },
    );
  };
