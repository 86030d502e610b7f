import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import type { ArticleTicketSource } from '../../db/schema-knowledge.ts';
import { notFound } from '../../errors.ts';
import type { TicketService } from '../tickets/ticket.service.ts';
import { loadVisibleTicket } from '../tickets/ticket-changes.ts';
import { recordTicketEvent } from '../tickets/ticket-history.ts';
import type { ArticleService } from './article.service.ts';
import { canReadArticle } from './article-access.ts';
import { textToHtml } from './article-content.ts';
import { suggestArticles } from './article-suggestions.ts';
import type { SearchHit } from './kb-search.ts';
import type { ArticleDraftInput } from './knowledge.schema.ts';
import type { TermStatsCache } from './search-terms.ts';
import { type SimilarTicket, similarSolvedTickets, ticketTerms } from './similar-tickets.ts';

export interface SuggestedArticle extends SearchHit {
  /** The requester may read it, so a link to it can go into a public reply. */
  visibleToRequester: boolean;
  /** Already linked to this ticket. */
  linked: boolean;
}

/**
 * Links an article to a ticket (idempotent) and notes it in the ticket's history. Used when an
 * agent uses a suggestion, by playbook outcomes and by "create article from ticket".
 */
export async function linkArticleToTicket(
  tx: Queryable,
  actor: Actor,
  ticket: TicketRow,
  articleId: number,
  source: ArticleTicketSource,
  now: Date,
): Promise<boolean> {
  const inserted = await tx
    .insertInto('kb_article_tickets')
    .values({ article_id: articleId, ticket_id: ticket.id, source, linked_by: actor.userId, linked_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('article_id')
    .executeTakeFirst();
  if (!inserted) return false;
  await recordTicketEvent(tx, {
    ticket,
    actorId: actor.userId,
    type: 'article.linked',
    data: { articleId, source },
    internal: true,
    at: now,
  });
  return true;
}

/** The knowledge side of a ticket: suggestions, articles used on it, and articles written from it. */
export class TicketKnowledgeService {
  readonly #db: Db;
  readonly #tickets: TicketService;
  readonly #articles: ArticleService;
  readonly #stats: TermStatsCache;
  readonly #clock: () => Date;

  constructor(
    db: Db,
    tickets: TicketService,
    articles: ArticleService,
    stats: TermStatsCache,
    clock: () => Date,
  ) {
    this.#db = db;
    this.#tickets = tickets;
    this.#articles = articles;
    this.#stats = stats;
    this.#clock = clock;
  }

  /** Articles and similar solved tickets for an agent reading a ticket. */
  async suggestions(
    actor: Actor,
    ticketId: number,
    limit: number,
  ): Promise<{ articles: SuggestedArticle[]; similarTickets: SimilarTicket[] }> {
    authorize(actor, 'kb.read_internal');
    const ticket = await this.#tickets.get(actor, ticketId);
    const { language, terms } = await ticketTerms(this.#db, ticketId);
    const now = this.#clock();
    const [hits, similarTickets, linked, requester] = await Promise.all([
      suggestArticles(this.#db, this.#stats, { reader: actor, language, limit, now }, terms),
      similarSolvedTickets(this.#db, this.#stats, ticketId, terms, limit, now),
      this.#db
        .selectFrom('kb_article_tickets')
        .select('article_id')
        .where('ticket_id', '=', ticketId)
        .execute(),
      this.#db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', ticket.requester_id)
        .executeTakeFirstOrThrow(),
    ]);
    const linkedIds = new Set(linked.map((row) => row.article_id));
    const requesterReader: Actor = {
      userId: requester.id,
      role: requester.role,
      organisationId: requester.organisation_id,
      name: requester.name,
      email: requester.email,
      timeZone: requester.time_zone,
      scopes: null,
      sessionId: null,
    };
    const articles = hits.map((hit) => ({
      ...hit,
      visibleToRequester: canReadArticle(requesterReader, {
        status: hit.status,
        visibility: hit.visibility,
        organisation_ids: hit.organisationIds,
      }),
      linked: linkedIds.has(hit.articleId),
    }));
    return { articles, similarTickets };
  }

  async link(actor: Actor, ticketId: number, articleId: number): Promise<void> {
    authorize(actor, 'kb.write');
    await this.#db.transaction().execute(async (tx) => {
      const ticket = await loadVisibleTicket(tx, actor, ticketId);
      const article = await tx
        .selectFrom('kb_articles')
        .selectAll()
        .where('id', '=', articleId)
        .executeTakeFirst();
      if (article?.status !== 'published' || !canReadArticle(actor, article)) throw notFound('article');
      await linkArticleToTicket(tx, actor, ticket, articleId, 'agent', this.#clock());
    });
  }

  async unlink(actor: Actor, ticketId: number, articleId: number): Promise<void> {
    authorize(actor, 'kb.write');
    await this.#db.transaction().execute(async (tx) => {
      const ticket = await loadVisibleTicket(tx, actor, ticketId);
      const removed = await tx
        .deleteFrom('kb_article_tickets')
        .where('ticket_id', '=', ticketId)
        .where('article_id', '=', articleId)
        .executeTakeFirst();
      if (removed.numDeletedRows === 0n) throw notFound('link');
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: 'article.unlinked',
        data: { articleId },
        internal: true,
        at: this.#clock(),
      });
    });
  }

  /** Articles used on a ticket. */
  async articlesOfTicket(actor: Actor, ticketId: number) {
    authorize(actor, 'kb.read_internal');
    await this.#tickets.get(actor, ticketId);
    return this.#db
      .selectFrom('kb_article_tickets as k')
      .innerJoin('kb_articles as a', 'a.id', 'k.article_id')
      .innerJoin('kb_translations as t', (join) =>
        join.onRef('t.article_id', '=', 'a.id').onRef('t.language', '=', 'a.source_language'),
      )
      .leftJoin('users', 'users.id', 'k.linked_by')
      .select([
        'a.id',
        't.title',
        'a.status',
        'a.visibility',
        'k.source',
        'k.linked_at',
        'users.name as linked_by_name',
      ])
      .where('k.ticket_id', '=', ticketId)
      .orderBy('k.linked_at')
      .execute();
  }

  /** The tickets an article solved (was used on), newest first. */
  async ticketsOfArticle(actor: Actor, articleId: number) {
    authorize(actor, 'kb.read_internal');
    const article = await this.#db
      .selectFrom('kb_articles')
      .select('id')
      .where('id', '=', articleId)
      .executeTakeFirst();
    if (!article) throw notFound('article');
    return this.#db
      .selectFrom('kb_article_tickets as k')
      .innerJoin('tickets as t', 't.id', 'k.ticket_id')
      .select(['t.id', 't.subject', 't.status', 't.solved_at', 'k.source', 'k.linked_at'])
      .where('k.article_id', '=', articleId)
      .orderBy('k.linked_at', 'desc')
      .limit(200)
      .execute();
  }

  /**
   * Knowledge-centred loop: a draft article from a ticket, its problem (subject and first message)
   * and its solution (the last public reply by staff), linked to the ticket. Drafts start internal:
   * a ticket may hold personal details, and the reviewer decides what becomes public.
   */
  async draftFromTicket(actor: Actor, ticketId: number, input: ArticleDraftInput): Promise<number> {
    authorize(actor, 'kb.write');
    return this.#db.transaction().execute(async (tx) => {
      const ticket = await loadVisibleTicket(tx, actor, ticketId);
      const messages = await tx
        .selectFrom('ticket_messages as m')
        .leftJoin('users', 'users.id', 'm.author_id')
        .select(['m.id', 'm.body', 'm.visibility', 'users.role'])
        .where('m.ticket_id', '=', ticketId)
        .orderBy('m.id')
        .execute();
      const problem = messages.find((message) => message.visibility === 'public');
      const solution = messages.findLast(
        (message) =>
          message.visibility === 'public' &&
          message.id !== problem?.id &&
          message.role !== null &&
          message.role !== 'customer' &&
          message.role !== 'client_admin',
      );
      const bodyHtml = [
        '<h2>Problem</h2>',
        textToHtml(problem?.body ?? ticket.subject),
        '<h2>Solution</h2>',
        solution ? textToHtml(solution.body) : '<p></p>',
      ].join('\n');
      const article = await this.#articles.create(
        actor,
        {
          language: input.language,
          title: ticket.subject,
          summary: (problem?.body ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
          keywords: ticket.tags,
          bodyHtml,
          categoryId: input.categoryId,
          visibility: 'internal',
          organisationIds: [],
          reviewBy: null,
        },
        { sourceTicketId: ticket.id },
        tx,
      );
      const now = this.#clock();
      if (input.submitForReview) {
        await tx
          .updateTable('kb_articles')
          .set({ status: 'in_review', updated_at: now })
          .where('id', '=', article.id)
          .execute();
      }
      await linkArticleToTicket(tx, actor, ticket, article.id, 'created_from', now);
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: 'article.draft_created',
        data: { articleId: article.id },
        internal: true,
        at: now,
      });
      return article.id;
    });
  }
}
