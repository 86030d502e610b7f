import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authorize } from '../../access/policies.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { helpdeskSettingsSchema } from '../settings/settings.schema.ts';
import { auditPageSchema, chainVerificationSchema, presentAuditEntry } from './admin.presenter.ts';
import { auditQuerySchema, settingsPatchSchema } from './admin.schema.ts';
import { AuditLogService } from './audit-log.service.ts';
import { catalogueRoutes } from './catalogue.routes.ts';

/** Help-desk settings and the audit log; custom fields and categories in catalogue.routes.ts. */
export const adminRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(catalogueRoutes(ctx));
    defaultScopes(app, 'tickets:read', 'admin');
    const auditLog = new AuditLogService(ctx.db);

    app.get(
      '/api/settings',
      {
        schema: {
          tags: ['settings'],
          summary: 'Help-desk settings: priority matrix, auto-close and reopen window',
          response: { 200: helpdeskSettingsSchema },
        },
      },
      async (request) => {
        // The settings service also serves the ticket rules, which have no caller; the check is here.
        authorize(actorOf(request), 'settings.read');
        return ctx.settings.get();
      },
    );

    app.patch(
      '/api/settings',
      {
        schema: {
          tags: ['settings'],
          summary: 'Change help-desk settings (only the parts given)',
          body: settingsPatchSchema,
          response: { 200: helpdeskSettingsSchema },
        },
      },
      async (request) => ctx.settings.update(actorOf(request), request.body, request.ip),
    );

    app.get(
      '/api/audit',
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['audit'],
          summary: 'The audit log, newest first, keyset-paginated',
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema },
        },
      },
      async (request) => {
        const page = await auditLog.list(actorOf(request), request.query);
        return { entries: page.entries.map(presentAuditEntry), nextCursor: page.nextCursor };
      },
    );

    app.get(
      '/api/audit/verify',
      {
        config: { scope: 'admin' },
        schema: {
          tags: ['audit'],
          summary: 'Recompute the hash chain: is the audit log as it was written?',
          response: { 200: chainVerificationSchema },
        },
      },
      async (request) => auditLog.verify(actorOf(request)),
    );
  };
