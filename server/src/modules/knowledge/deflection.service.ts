import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { authorize, canSeeTicket } from '../../access/policies.ts';
import type { Db } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import type { Reader } from './article-access.ts';
import type { DeflectionQuery } from './knowledge.schema.ts';

/**
 * A session ends 30 minutes after its last activity. A customer who opened a suggested article
 * and opened no ticket by then was helped by Tier 0: that session is a deflection.
 */
export const SESSION_EXPIRY_MINUTES = 30;
const MAX_SUGGESTED_PER_SESSION = 100;

export interface DeflectionPeriod {
  periodStart: string;
  sessions: number;
  decided: number;
  opened: number;
  deflected: number;
  ticketed: number;
  rate: number | null;
}

export interface DeflectionByArticle {
  articleId: number;
  title: string;
  suggested: number;
  opened: number;
  deflected: number;
  rate: number | null;
}

const rate = (deflected: number, total: number) =>
  total === 0 ? null : Math.round((deflected / total) * 1000) / 1000;

/**
 * Tier 0 measurement. The portal names each request being written with a session id; the server
 * records which articles it suggested, which the customer opened, and whether a ticket followed.
 *
 * A session counts once it is decided: the customer said "that solved it", submitted a ticket, or
 * went quiet for SESSION_EXPIRY_MINUTES. It is a deflection when an article was opened (or marked
 * as the solution) and no ticket followed: none reported for the session, and, for signed-in
 * customers, none opened by them between the session's start and its expiry. The report is
 * computed when read, so a ticket arriving after a "that solved it" turns it back into no deflection.
 */
export class DeflectionService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Sessions belong to whoever started them (or to nobody, signed out); anyone else gets "not found". */
  async recordSuggestions(
    reader: Reader,
    sessionId: string,
    subject: string,
    articleIds: number[],
  ): Promise<void> {
    const now = this.#clock();
    await sql`
      INSERT INTO kb_suggestion_sessions AS s
        (id, user_id, organisation_id, subject, suggested_article_ids, started_at, last_activity_at)
      VALUES (${sessionId}, ${reader?.userId ?? null}, ${reader?.organisationId ?? null}, ${subject.slice(0, 500)},
        ${articleIds}::bigint[], ${now}, ${now})
      ON CONFLICT (id) DO UPDATE SET
        subject = EXCLUDED.subject,
        last_activity_at = EXCLUDED.last_activity_at,
        suggested_article_ids = (SELECT coalesce(array_agg(DISTINCT x), '{}') FROM (
          SELECT unnest(s.suggested_article_ids || EXCLUDED.suggested_article_ids) AS x LIMIT ${MAX_SUGGESTED_PER_SESSION}) ids)
      WHERE s.user_id IS NOT DISTINCT FROM EXCLUDED.user_id`.execute(this.#db);
  }

  async #ownSession(reader: Reader, sessionId: string) {
    const session = await this.#db
      .selectFrom('kb_suggestion_sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirst();
    if (!session || session.user_id !== (reader?.userId ?? null)) throw notFound('session');
    return session;
  }

  /** The customer opened an article the session suggested. */
  async opened(reader: Reader, sessionId: string, articleId: number): Promise<void> {
    const session = await this.#ownSession(reader, sessionId);
    if (!session.suggested_article_ids.includes(articleId)) {
      throw invalid('article_not_suggested', 'This article was not suggested in this session');
    }
    const now = this.#clock();
    await this.#db.transaction().execute(async (tx) => {
      await tx
        .insertInto('kb_suggestion_opens')
        .values({ session_id: sessionId, article_id: articleId, opened_at: now })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await tx
        .updateTable('kb_suggestion_sessions')
        .set({ last_activity_at: now })
        .where('id', '=', sessionId)
        .execute();
    });
  }

  /** "That solved my problem" — a deflection without waiting for the session to expire. */
  async resolved(reader: Reader, sessionId: string, articleId: number | undefined): Promise<void> {
    const session = await this.#ownSession(reader, sessionId);
    if (articleId !== undefined && !session.suggested_article_ids.includes(articleId)) {
      throw invalid('article_not_suggested', 'This article was not suggested in this session');
    }
    const now = this.#clock();
    await this.#db.transaction().execute(async (tx) => {
      if (articleId !== undefined) {
        await tx
          .insertInto('kb_suggestion_opens')
          .values({ session_id: sessionId, article_id: articleId, opened_at: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      await tx
        .updateTable('kb_suggestion_sessions')
        .set({ resolved_at: now, resolved_article_id: articleId ?? null, last_activity_at: now })
        .where('id', '=', sessionId)
        .execute();
    });
  }

  /** The customer went on to open a ticket (web forms and signed-out flows report it here). */
  async submitted(reader: Reader, sessionId: string, ticketId: number | undefined): Promise<void> {
    await this.#ownSession(reader, sessionId);
    if (ticketId !== undefined) {
      const ticket = await this.#db
        .selectFrom('tickets')
        .select(['requester_id', 'organisation_id'])
        .where('id', '=', ticketId)
        .executeTakeFirst();
      if (!ticket || !reader || !canSeeTicket(reader, ticket))
        throw invalid('invalid_ticket', 'No such ticket of yours');
    }
    const now = this.#clock();
    await this.#db
      .updateTable('kb_suggestion_sessions')
      .set({ submitted_at: now, ticket_id: ticketId ?? null, last_activity_at: now })
      .where('id', '=', sessionId)
      .execute();
  }

  /** Deflection by period (in the reader's time zone) and by article, over sessions started in [from, to). */
  async report(actor: Actor, query: DeflectionQuery) {
    authorize(actor, 'kb.reports');
    if (query.to <= query.from) throw invalid('invalid_period', '"to" must be after "from"');
    const now = this.#clock();
    const expiry = sql.raw(`interval '${SESSION_EXPIRY_MINUTES} minutes'`);
    const classified = sql`
      WITH base AS (
        SELECT s.id, s.suggested_article_ids,
          to_char(date_trunc(${query.interval}, s.started_at AT TIME ZONE ${actor.timeZone}), 'YYYY-MM-DD') AS period,
          (s.submitted_at IS NOT NULL OR (s.user_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM tickets t WHERE t.requester_id = s.user_id
              AND t.created_at >= s.started_at AND t.created_at <= s.last_activity_at + ${expiry}))) AS ticketed,
          (s.resolved_at IS NOT NULL OR EXISTS (SELECT 1 FROM kb_suggestion_opens o WHERE o.session_id = s.id)) AS opened,
          (s.resolved_at IS NOT NULL OR s.last_activity_at <= ${now}::timestamptz - ${expiry}) AS closed
        FROM kb_suggestion_sessions s
        WHERE s.started_at >= ${query.from} AND s.started_at < ${query.to} AND cardinality(s.suggested_article_ids) > 0
      ), sessions AS (
        SELECT *, (closed OR ticketed) AS decided, (closed AND opened AND NOT ticketed) AS deflected FROM base
      )`;
    const periods = await sql<Omit<DeflectionPeriod, 'rate'>>`${classified}
      SELECT period AS "periodStart", count(*)::int AS sessions, count(*) FILTER (WHERE decided)::int AS decided,
        count(*) FILTER (WHERE opened)::int AS opened, count(*) FILTER (WHERE deflected)::int AS deflected,
        count(*) FILTER (WHERE ticketed)::int AS ticketed
      FROM sessions GROUP BY period ORDER BY period`.execute(this.#db);
    const articles = await sql<Omit<DeflectionByArticle, 'rate'>>`${classified},
      suggested AS (
        SELECT x AS article_id, count(*)::int AS suggested FROM sessions, unnest(suggested_article_ids) AS x GROUP BY x),
      opened AS (
        SELECT o.article_id, count(*) FILTER (WHERE s.decided)::int AS opened,
          count(*) FILTER (WHERE s.deflected)::int AS deflected
        FROM sessions s JOIN kb_suggestion_opens o ON o.session_id = s.id GROUP BY o.article_id)
      SELECT g.article_id AS "articleId", coalesce(t.title, '') AS title, g.suggested,
        coalesce(o.opened, 0) AS opened, coalesce(o.deflected, 0) AS deflected
      FROM suggested g
      LEFT JOIN opened o ON o.article_id = g.article_id
      JOIN kb_articles a ON a.id = g.article_id
      LEFT JOIN kb_translations t ON t.article_id = a.id AND t.language = a.source_language
      ORDER BY deflected DESC, opened DESC, g.suggested DESC, g.article_id
      LIMIT 200`.execute(this.#db);
    const byPeriod = periods.rows.map((row) => ({ ...row, rate: rate(row.deflected, row.decided) }));
    const total = byPeriod.reduce(
      (sum, row) => ({
        sessions: sum.sessions + row.sessions,
        decided: sum.decided + row.decided,
        opened: sum.opened + row.opened,
        deflected: sum.deflected + row.deflected,
        ticketed: sum.ticketed + row.ticketed,
      }),
      { sessions: 0, decided: 0, opened: 0, deflected: 0, ticketed: 0 },
    );
    return {
      from: query.from,
      to: query.to,
      interval: query.interval,
      expiryMinutes: SESSION_EXPIRY_MINUTES,
      total: { ...total, rate: rate(total.deflected, total.decided) },
      byPeriod,
      byArticle: articles.rows.map((row) => ({ ...row, rate: rate(row.deflected, row.opened) })),
    };
  }
}
