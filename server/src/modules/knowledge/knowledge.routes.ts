import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { ArticleService } from './article.service.ts';
import { ArticleFeedback } from './article-feedback.ts';
import { ArticleVersions } from './article-versions.ts';
import { DeflectionService } from './deflection.service.ts';
import { KbCategoryService } from './kb-categories.service.ts';
import { registerKbPublicLimits } from './kb-rate-limits.ts';
import { kbReadRoutes } from './kb-read.routes.ts';
import { kbSuggestRoutes } from './kb-suggest.routes.ts';
import { kbTicketRoutes } from './kb-ticket.routes.ts';
import { kbVersionRoutes } from './kb-versions.routes.ts';
import { kbWriteRoutes } from './kb-write.routes.ts';
import { TermStatsCache } from './search-terms.ts';
import { TicketKnowledgeService } from './ticket-knowledge.service.ts';

/** The knowledge services of one app node, shared by the knowledge routes. */
export interface KnowledgeServices {
  articles: ArticleService;
  categories: KbCategoryService;
  versions: ArticleVersions;
  feedback: ArticleFeedback;
  deflection: DeflectionService;
  tickets: TicketKnowledgeService;
  stats: TermStatsCache;
}

export function createKnowledgeServices(ctx: AppContext): KnowledgeServices {
  const articles = new ArticleService(ctx.db, ctx.clock);
  const stats = new TermStatsCache(ctx.db);
  return {
    articles,
    categories: new KbCategoryService(ctx.db, ctx.clock),
    versions: new ArticleVersions(ctx.db, ctx.clock),
    feedback: new ArticleFeedback(ctx.db, ctx.clock),
    deflection: new DeflectionService(ctx.db, ctx.clock),
    tickets: new TicketKnowledgeService(ctx.db, ctx.tickets, articles, stats, ctx.clock),
    stats,
  };
}

/** Knowledge base, help centre, Tier 0 suggestions and deflection, and the knowledge side of tickets. */
export const knowledgeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const kb = createKnowledgeServices(ctx);
    const limits = await registerKbPublicLimits(app, ctx.config.TIERLINE_KB_PUBLIC_RATE_LIMIT);
    await app.register(kbReadRoutes(ctx, kb, limits));
    await app.register(kbWriteRoutes(ctx, kb));
    await app.register(kbVersionRoutes(ctx, kb));
    await app.register(kbSuggestRoutes(ctx, kb, limits));
    await app.register(kbTicketRoutes(ctx, kb));
  };
