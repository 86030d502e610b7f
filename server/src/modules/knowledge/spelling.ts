import { type RawBuilder, sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { type Reader, readsInternal } from './article-access.ts';

const WORD = /[\p{L}][\p{L}\p{M}'’-]*/gu;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A long request is not spell-checked word by word; its first words carry it. */
const MAX_WORDS = 40;

/** The words of a text worth checking: three letters or more, not websearch's OR. */
export function spellableWords(text: string): string[] {
  const words = (text.toLowerCase().match(WORD) ?? []).filter(
    (word) => word.length >= 3 && word.length <= 30 && word !== 'or',
  );
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/**
 * Rows (word, suggestion): for each word the knowledge base does not know, its most similar known
 * word (pg_trgm similarity over kb_words, ties to the more frequent word). Readers other than staff
 * are offered only words of articles anyone may read, so a correction never reveals an internal
 * article.
 */
export function correctionsSql(
  reader: Reader,
  words: string[],
): RawBuilder<{ word: string; suggestion: string }> {
  const staff = readsInternal(reader);
  return sql`SELECT token AS word, s.suggestion
    FROM unnest(${words}::text[]) AS token
    CROSS JOIN LATERAL (SELECT EXISTS (
      SELECT 1 FROM kb_words w WHERE w.word = token AND (w.public OR ${staff})) AS known) k
    CROSS JOIN LATERAL (
      SELECT w.word AS suggestion FROM kb_words w
      WHERE NOT k.known AND w.word % token AND (w.public OR ${staff})
      ORDER BY similarity(w.word, token) DESC, w.frequency DESC, w.word
      LIMIT 1) s`;
}

/** The text with each unknown word replaced by its correction ("did you mean"). */
export async function correctSpelling(db: Queryable, reader: Reader, text: string): Promise<string> {
  const words = spellableWords(text);
  if (words.length === 0) return text;
  const { rows } = await correctionsSql(reader, words).execute(db);
  let corrected = text;
  for (const { word, suggestion } of rows) {
    corrected = corrected.replace(
      new RegExp(`(?<![\\p{L}\\p{M}])${escapeRegExp(word)}(?![\\p{L}\\p{M}])`, 'giu'),
      suggestion,
    );
  }
  return corrected;
}
