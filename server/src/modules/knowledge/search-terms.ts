import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';

/**
 * How many documents contain each common lexeme, from the statistics PostgreSQL's ANALYZE keeps
 * for a tsvector column (pg_stats.most_common_elems). Lexemes not listed are rarer than `floor`.
 */
export interface TermStats {
  documents: number;
  frequencies: Map<string, number>;
  floor: number;
}

export const NO_STATS: TermStats = { documents: 0, frequencies: new Map(), floor: 0 };

/** The columns suggestions draw terms against; names are ours, never a caller's. */
export type StatsColumn = 'kb_search_documents.head_vector' | 'ticket_search_documents.search_vector';

export async function loadTermStats(db: Queryable, column: StatsColumn): Promise<TermStats> {
  const [table, attribute] = column.split('.') as [string, string];
  const { rows } = await sql<{ elems: string[] | null; freqs: number[] | null; reltuples: number }>`
    SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs, c.reltuples
    FROM pg_class c
    LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = c.relname AND s.attname = ${attribute}
    WHERE c.oid = to_regclass(${table})`.execute(db);
  const row = rows[0];
  if (!row?.elems || !row.freqs) return { ...NO_STATS, documents: Math.max(0, row?.reltuples ?? 0) };
  const freqs = row.freqs;
  const frequencies = new Map(row.elems.map((lexeme, index) => [lexeme, freqs[index] ?? 0]));
  // For tsvector columns the element frequencies are followed by their minimum and maximum.
  return { documents: Math.max(0, row.reltuples), frequencies, floor: row.freqs[row.elems.length] ?? 0 };
}

/** Statistics change slowly (autovacuum refreshes them), so each node reads them now and then. */
export class TermStatsCache {
  readonly #db: Queryable;
  readonly #ttlMs: number;
  readonly #entries = new Map<StatsColumn, { stats: Promise<TermStats>; loadedAt: number }>();

  constructor(db: Queryable, ttlMs = 10 * 60_000) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  get(column: StatsColumn): Promise<TermStats> {
    const entry = this.#entries.get(column);
    if (entry && performance.now() - entry.loadedAt < this.#ttlMs) return entry.stats;
    const stats = loadTermStats(this.#db, column).catch(() => NO_STATS);
    this.#entries.set(column, { stats, loadedAt: performance.now() });
    return stats;
  }
}

export interface CandidateTerm {
  lexeme: string;
  /** Lower is more important (the subject before the body of a request). */
  priority: number;
  /** Match words starting with the lexeme (the word still being typed). */
  prefix?: boolean;
}

export interface TermChoice {
  /** How many of the most telling terms take part at most. */
  maxTerms: number;
  /** The index entries the chosen terms may have together: what bounds the work of a query. */
  postings: number;
  /** A term expected in at most this many documents finds candidates on its own. */
  aloneBelow: number;
}

/** Lexemes in more than this share of documents say nothing about a request ("problem", "help"). */
const TOO_COMMON = 0.2;

/** The share of documents with the term; a prefix counts every common lexeme it starts. */
function frequencyOf(term: CandidateTerm, stats: TermStats): number {
  if (!term.prefix) return stats.frequencies.get(term.lexeme) ?? stats.floor / 2;
  let sum = stats.floor;
  for (const [lexeme, frequency] of stats.frequencies) if (lexeme.startsWith(term.lexeme)) sum += frequency;
  return sum;
}

const quote = (term: CandidateTerm) =>
  `'${term.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${term.prefix ? ':*' : ''}`;

/**
 * Picks the terms of a long text (a request being written, a ticket) to search with: the subject's
 * before the body's, the rarest first within each (inverse document frequency from the column
 * statistics), while their index entries together stay within the budget. Terms in a fifth of all
 * documents or more are left out. A single common term gets the rarest other term as a partner.
 */
export function chooseTerms(
  candidates: CandidateTerm[],
  stats: TermStats,
  choice: TermChoice,
): CandidateTerm[] {
  const unique = new Map<string, CandidateTerm>();
  for (const term of candidates) {
    const key = quote(term);
    const seen = unique.get(key);
    if (!seen || term.priority < seen.priority) unique.set(key, term);
  }
  const postings = (term: CandidateTerm) => frequencyOf(term, stats) * stats.documents;
  const ordered = [...unique.values()]
    .filter((term) => frequencyOf(term, stats) < TOO_COMMON)
    .sort((a, b) => a.priority - b.priority || postings(a) - postings(b) || a.lexeme.localeCompare(b.lexeme));
  const picked: CandidateTerm[] = [];
  let total = 0;
  for (const term of ordered) {
    if (total + postings(term) > choice.postings) continue;
    picked.push(term);
    total += postings(term);
    if (picked.length >= choice.maxTerms) break;
  }
  const byRarity = [...ordered].sort((a, b) => postings(a) - postings(b));
  const first = picked[0] ?? byRarity[0];
  if (!first) return [];
  // One common term alone would read all its documents; a second one makes a pair that reads few.
  if (picked.length <= 1 && postings(first) > choice.aloneBelow) {
    const second = byRarity.find((term) => term !== first);
    return second ? [first, second] : [first];
  }
  return picked.length > 0 ? picked : [first];
}

/**
 * The tsquery for chosen terms: documents sharing at least two of them, or one of the rare ones.
 * Pairs keep the candidates few when each word is common on its own.
 */
export function suggestionTsquery(candidates: CandidateTerm[], stats: TermStats, choice: TermChoice): string {
  const terms = chooseTerms(candidates, stats, choice);
  if (terms.length <= 1) return terms.map(quote).join('');
  const alone = terms.filter((term) => frequencyOf(term, stats) * stats.documents <= choice.aloneBelow);
  const paired = terms.filter((term) => !alone.includes(term));
  const pairs = paired.flatMap((first, index) =>
    paired.slice(index + 1).map((second) => `(${quote(first)} & ${quote(second)})`),
  );
  // A lone common term finds nothing new beside the rare ones, but still counts in the ranking.
  const lone =
    paired.length === 1 ? alone.map((term) => `(${quote(term)} & ${quote(paired[0] ?? term)})`) : [];
  return [...alone.map(quote), ...pairs, ...lone].join(' | ');
}
