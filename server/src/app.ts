import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from './app-context.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerWebApp } from './http/web-app.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { attachmentRoutes } from './modules/attachments/attachment.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { emailAdminRoutes } from './modules/channels/email/email-admin.routes.ts';
import { emailTicketRoutes } from './modules/channels/email/email-ticket.routes.ts';
import { escalationRoutes } from './modules/escalation/escalation.routes.ts';
import { integrationRoutes } from './modules/integrations/integration.routes.ts';
import { knowledgeRoutes } from './modules/knowledge/knowledge.routes.ts';
import { liveRoutes } from './modules/live/live.routes.ts';
import { macroRoutes } from './modules/macros/macro.routes.ts';
import { notificationRoutes } from './modules/notifications/notification.routes.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { playbookRoutes } from './modules/playbooks/playbook.routes.ts';
import { slaRoutes } from './modules/sla/sla.routes.ts';
import { ticketRoutes } from './modules/tickets/ticket.routes.ts';
import { viewRoutes } from './modules/views/view.routes.ts';

export interface BuildAppOptions {
  logLevel?: string;
  /** Serve the built web app from web/dist. */
  serveWeb?: boolean;
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? ctx.config.LOG_LEVEL },
    bodyLimit: 4 * 1024 * 1024,
    trustProxy: true,
    // Per-request lines only when debugging: at thousands of requests a second they cost more than they tell.
    logController: new LogController({
      disableRequestLogging: (options.logLevel ?? ctx.config.LOG_LEVEL) !== 'debug',
    }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.attachments.maxBytes, files: 1, fields: 10 } });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // An answer under 8 KiB reaches the client in one round trip compressed or not (TCP's first
  // window is 10 segments, about 14 KiB); compressing it cost a twentieth of a ticket create.
  await app.register(compress, { threshold: 8 * 1024 });
  await registerOpenApi(app);
  registerAuthentication(app, ctx.auth);

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database status',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.literal('ok') }),
          503: z.object({ status: z.literal('degraded'), database: z.literal('unreachable') }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(ctx.db);
        return { status: 'ok' as const, database: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'degraded' as const, database: 'unreachable' as const });
      }
    },
  );

  await app.register(authRoutes(ctx));
  await app.register(peopleRoutes(ctx));
  await app.register(adminRoutes(ctx));
  await app.register(ticketRoutes(ctx));
  await app.register(viewRoutes(ctx));
  await app.register(attachmentRoutes(ctx));
  await app.register(notificationRoutes(ctx));
  await app.register(liveRoutes(ctx));
  await app.register(emailAdminRoutes(ctx));
  await app.register(emailTicketRoutes(ctx));
  await app.register(slaRoutes(ctx));
  await app.register(escalationRoutes(ctx));
  await app.register(integrationRoutes(ctx));
  await app.register(knowledgeRoutes(ctx));
  await app.register(macroRoutes(ctx));
  await app.register(playbookRoutes(ctx));
  if (options.serveWeb) await registerWebApp(app);
  return app;
}
