import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { TicketStatus } from '../../db/schema.ts';
import { type CandidateTerm, suggestionTsquery, type TermStatsCache } from './search-terms.ts';

/**
 * Similar solved tickets come from ticket_search_documents (subject A, first message B): tickets
 * sharing two of this ticket's most telling terms, or one rare term (suggestionTsquery). At most
 * CANDIDATES are ranked, and the tickets of the best BEST_MATCHES are read to keep the solved ones:
 * bounded work at any ticket count.
 */
const SIMILAR_TERMS = { maxTerms: 6, postings: 40_000, aloneBelow: 1000 };
const CANDIDATES = 1000;
const BEST_MATCHES = 100;

export interface SimilarTicket {
  id: number;
  subject: string;
  status: TicketStatus;
  solved_at: Date | null;
  score: number;
  /** The last public reply by staff: usually how it was solved. */
  resolution: string | null;
  article_ids: number[];
}

export interface TicketTerms {
  /** Article language the requester reads (their first language). */
  language: string;
  terms: CandidateTerm[];
}

/** The lexemes of a ticket's subject and first message, as stemmed for its requester's language. */
export async function ticketTerms(db: Queryable, ticketId: number): Promise<TicketTerms> {
  const row = await sql<{ language: string; subject: string[]; all: string[] }>`
    SELECT coalesce(u.languages[1], 'en') AS language,
      tsvector_to_array(to_tsvector(d.config, t.subject)) AS subject,
      tsvector_to_array(d.search_vector) AS all
    FROM tickets t
    JOIN ticket_search_documents d ON d.ticket_id = t.id
    JOIN users u ON u.id = t.requester_id
    WHERE t.id = ${ticketId}`
    .execute(db)
    .then((result) => result.rows[0]);
  if (!row) return { language: 'en', terms: [] };
  const subject = new Set(row.subject);
  return {
    language: row.language,
    terms: row.all.map((lexeme) => ({ lexeme, priority: subject.has(lexeme) ? 0 : 1 })),
  };
}

export async function similarSolvedTickets(
  db: Queryable,
  stats: TermStatsCache,
  ticketId: number,
  terms: CandidateTerm[],
  limit: number,
  now: Date,
): Promise<SimilarTicket[]> {
  if (terms.length === 0) return [];
  const query = suggestionTsquery(
    terms,
    await stats.get('ticket_search_documents.search_vector'),
    SIMILAR_TERMS,
  );
  // Rank on the documents alone, then look at the tickets of the best: most are solved anyway.
  const { rows } = await sql<SimilarTicket>`
    WITH candidates AS (
      SELECT d.ticket_id, ts_rank(d.search_vector, ${query}::tsquery) AS rank
      FROM ticket_search_documents d
      WHERE d.search_vector @@ ${query}::tsquery AND d.ticket_id <> ${ticketId}
      LIMIT ${CANDIDATES}),
    best AS (SELECT * FROM candidates ORDER BY rank DESC LIMIT ${BEST_MATCHES}),
    ranked AS (
      SELECT t.id, t.subject, t.status, t.solved_at,
        b.rank * (0.7::float8 + 0.3 * exp(-greatest(date_part('epoch', ${now}::timestamptz - coalesce(t.solved_at, t.updated_at)), 0) / 15552000.0::float8)) AS score
      FROM best b JOIN tickets t ON t.id = b.ticket_id
      WHERE t.status IN ('solved', 'closed') AND t.merged_into_id IS NULL
      ORDER BY score DESC, t.id DESC
      LIMIT ${limit})
    SELECT r.*, (
        SELECT left(m.body, 600) FROM ticket_messages m JOIN users a ON a.id = m.author_id
        WHERE m.ticket_id = r.id AND m.visibility = 'public' AND a.role NOT IN ('customer', 'client_admin')
        ORDER BY m.id DESC LIMIT 1) AS resolution,
      ARRAY(SELECT k.article_id FROM kb_article_tickets k WHERE k.ticket_id = r.id ORDER BY k.article_id) AS article_ids
    FROM ranked r ORDER BY r.score DESC, r.id DESC`.execute(db);
  return rows.map((row) => ({ ...row, score: Number(row.score) }));
}
