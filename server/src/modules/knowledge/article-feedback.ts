import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { canReadArticle, type Reader } from './article-access.ts';
import type { VoteInput } from './knowledge.schema.ts';

export interface VoteTally {
  helpfulCount: number;
  notHelpfulCount: number;
}

export interface VoteRow {
  id: number;
  helpful: boolean;
  comment: string;
  language: string;
  user_id: number | null;
  user_name: string | null;
  updated_at: Date;
}

/**
 * "Was this helpful?": one vote per person (or per anonymous browser) and article; voting again
 * replaces the vote. The tallies on the article feed the search ranking.
 */
export class ArticleFeedback {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async vote(reader: Reader, id: number, input: VoteInput): Promise<VoteTally> {
    const voter = reader ? `user:${reader.userId}` : input.voterId ? `anon:${input.voterId}` : null;
    if (voter === null) throw invalid('voter_missing', 'Anonymous votes need a voterId');
    return this.#db.transaction().execute(async (tx) => {
      const article = await tx
        .selectFrom('kb_articles')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (article?.status !== 'published' || !canReadArticle(reader, article)) throw notFound('article');
      const now = this.#clock();
      const previous = await tx
        .selectFrom('kb_article_votes')
        .select('helpful')
        .where('article_id', '=', id)
        .where('voter', '=', voter)
        .executeTakeFirst();
      await tx
        .insertInto('kb_article_votes')
        .values({
          article_id: id,
          voter,
          user_id: reader?.userId ?? null,
          language: input.language ?? article.source_language,
          helpful: input.helpful,
          comment: input.comment,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['article_id', 'voter'])
            .doUpdateSet({ helpful: input.helpful, comment: input.comment, updated_at: now }),
        )
        .execute();
      let helpful = article.helpful_count;
      let notHelpful = article.not_helpful_count;
      if (previous?.helpful !== input.helpful) {
        if (previous) {
          if (previous.helpful) helpful -= 1;
          else notHelpful -= 1;
        }
        if (input.helpful) helpful += 1;
        else notHelpful += 1;
        await tx
          .updateTable('kb_articles')
          .set({ helpful_count: helpful, not_helpful_count: notHelpful })
          .where('id', '=', id)
          .execute();
      }
      return { helpfulCount: helpful, notHelpfulCount: notHelpful };
    });
  }

  /** Votes with their comments, newest first: what readers say about an article. */
  async list(actor: Actor, id: number, options: { helpful?: boolean; limit: number }): Promise<VoteRow[]> {
    authorize(actor, 'kb.read_internal');
    const exists = await this.#db
      .selectFrom('kb_articles')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!exists) throw notFound('article');
    let query = this.#db
      .selectFrom('kb_article_votes as v')
      .leftJoin('users', 'users.id', 'v.user_id')
      .select([
        'v.id',
        'v.helpful',
        'v.comment',
        'v.language',
        'v.user_id',
        'users.name as user_name',
        'v.updated_at',
      ])
      .where('v.article_id', '=', id);
    if (options.helpful !== undefined) query = query.where('v.helpful', '=', options.helpful);
    return query.orderBy('v.updated_at', 'desc').orderBy('v.id', 'desc').limit(options.limit).execute();
  }
}
