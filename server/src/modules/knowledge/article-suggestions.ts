import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { Reader } from './article-access.ts';
import { rankArticles, type SearchHit } from './kb-search.ts';
import { type CandidateTerm, suggestionTsquery, type TermStatsCache } from './search-terms.ts';
import { correctionsSql, spellableWords } from './spelling.ts';

/**
 * At most five terms (ten pairs) with 20,000 index entries together; a term in at most 300
 * articles finds candidates alone.
 */
const SUGGEST_TERMS = { maxTerms: 5, postings: 20_000, aloneBelow: 300 };
const TYPING_PREFIX_MIN = 4;

export interface SuggestionText {
  language: string;
  subject: string;
  body: string;
}

/** The word still being typed at the end of the text, matched as a prefix ("passw" → password). */
function wordBeingTyped(text: string): string {
  const match = /([\p{L}][\p{L}\p{M}]*)$/u.exec(text);
  return match?.[1] && match[1].length >= TYPING_PREFIX_MIN ? match[1] : '';
}

/**
 * The lexemes of a request in the article language, subject first, in one round trip: the words
 * as written, the corrections of misspelt ones, and the word being typed as a prefix.
 */
export async function requestTerms(
  db: Queryable,
  reader: Reader,
  text: SuggestionText,
): Promise<CandidateTerm[]> {
  const typing = wordBeingTyped(text.body || text.subject);
  const subjectWords = new Set(spellableWords(text.subject));
  const words = spellableWords(`${text.subject} ${text.body}`);
  const config = sql`kb_search_config(${text.language})`;
  const { rows } = await sql<{ subject: string[]; body: string[]; typing: string[]; fixes: Fix[] }>`
    WITH corrections AS (${correctionsSql(reader, words)})
    SELECT tsvector_to_array(to_tsvector(${config}, ${text.subject})) AS subject,
      tsvector_to_array(to_tsvector(${config}, ${text.body})) AS body,
      tsvector_to_array(to_tsvector(${config}, ${typing})) AS typing,
      coalesce((SELECT json_agg(json_build_object('word', word,
        'lexemes', tsvector_to_array(to_tsvector(${config}, suggestion)))) FROM corrections), '[]') AS fixes`.execute(
    db,
  );
  const row = rows[0];
  if (!row) return [];
  return [
    ...row.subject.map((lexeme) => ({ lexeme, priority: 0 })),
    ...row.body.map((lexeme) => ({ lexeme, priority: 1 })),
    ...row.typing.map((lexeme) => ({ lexeme, priority: 1, prefix: true })),
    ...row.fixes.flatMap((fix) =>
      fix.lexemes.map((lexeme) => ({ lexeme, priority: subjectWords.has(fix.word) ? 0 : 1 })),
    ),
  ];
}

interface Fix {
  word: string;
  lexemes: string[];
}

/**
 * Articles for a piece of writing (a request being typed, a ticket): those sharing two of its most
 * telling terms or one rare term (suggestionTsquery), ranked like search, within what the reader may see.
 */
export async function suggestArticles(
  db: Queryable,
  stats: TermStatsCache,
  scope: { reader: Reader; language: string; limit: number; now: Date },
  terms: CandidateTerm[],
): Promise<SearchHit[]> {
  if (terms.length === 0) return [];
  const tsquery = suggestionTsquery(terms, await stats.get('kb_search_documents.head_vector'), SUGGEST_TERMS);
  const { hits } = await rankArticles(db, { ...scope, offset: 0 }, { tsquery });
  return hits;
}
