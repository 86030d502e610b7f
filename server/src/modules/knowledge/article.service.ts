import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { AttachmentRow } from '../../db/schema.ts';
import type { ArticleStatus, KbArticleRow } from '../../db/schema-knowledge.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type ArticleDetail, findArticle, listArticles, lockArticle } from './article.repository.ts';
import { canReadArticle, type Reader } from './article-access.ts';
import { sanitizeArticleHtml } from './article-content.ts';
import type {
  CreateArticleInput,
  ListArticlesQuery,
  SaveTranslationInput,
  UpdateArticleInput,
} from './knowledge.schema.ts';

/** Which status an article may move to from each status. */
const TRANSITIONS: Record<ArticleStatus, readonly ArticleStatus[]> = {
  draft: ['in_review', 'published'],
  in_review: ['draft', 'published'],
  published: ['archived', 'draft'],
  archived: ['published', 'draft'],
};

/** What readers see is published: changing it, or what is archived, takes a reviewer. */
const touchesPublished = (from: ArticleStatus, to: ArticleStatus = from) =>
  from === 'published' || from === 'archived' || to === 'published' || to === 'archived';

export function assertCanEdit(actor: Actor, article: KbArticleRow): void {
  authorize(actor, touchesPublished(article.status) ? 'kb.publish' : 'kb.write');
}

export interface TranslationContent {
  title: string;
  summary: string;
  keywords: string[];
  bodyHtml: string;
  note: string;
  restoredFrom?: number;
}

/**
 * Writes a translation as its next version (or its first), keeping every version for diff and
 * restore. Content equal to the current version writes nothing.
 */
export async function writeTranslation(
  tx: Queryable,
  actor: Actor,
  article: KbArticleRow,
  language: string,
  content: TranslationContent,
  now: Date,
  baseVersion?: number,
): Promise<void> {
  const current = await tx
    .selectFrom('kb_translations')
    .selectAll()
    .where('article_id', '=', article.id)
    .where('language', '=', language)
    .forUpdate()
    .executeTakeFirst();
  if (current && baseVersion !== undefined && baseVersion !== current.version) {
    throw conflict('article_changed', 'This translation was changed by someone else meanwhile', {
      currentVersion: current.version,
    });
  }
  const bodyHtml = sanitizeArticleHtml(content.bodyHtml);
  const keywords = [...new Set(content.keywords)];
  if (
    current &&
    current.title === content.title &&
    current.summary === content.summary &&
    current.body_html === bodyHtml &&
    JSON.stringify(current.keywords) === JSON.stringify(keywords)
  ) {
    return;
  }
  const version = (current?.version ?? 0) + 1;
  const values = { title: content.title, summary: content.summary, keywords, body_html: bodyHtml };
  await tx
    .insertInto('kb_translations')
    .values({
      article_id: article.id,
      language,
      ...values,
      version,
      updated_by: actor.userId,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['article_id', 'language'])
        .doUpdateSet({ ...values, version, updated_by: actor.userId, updated_at: now }),
    )
    .execute();
  await tx
    .insertInto('kb_article_versions')
    .values({
      article_id: article.id,
      language,
      version,
      ...values,
      note: content.note,
      restored_from: content.restoredFrom ?? null,
      created_by: actor.userId,
      created_at: now,
    })
    .execute();
  // New content answers a "this is out of date" flag; the review date stays the reviewer's call.
  await tx
    .updateTable('kb_articles')
    .set({ updated_at: now, stale_flagged_at: null, stale_flagged_by: null, stale_reason: null })
    .where('id', '=', article.id)
    .execute();
}

async function assertOwner(tx: Queryable, ownerId: number | null | undefined): Promise<void> {
  if (!ownerId) return;
  const owner = await tx
    .selectFrom('users')
    .select(['role', 'active'])
    .where('id', '=', ownerId)
    .executeTakeFirst();
  if (!owner?.active || owner.role === 'customer' || owner.role === 'client_admin') {
    throw invalid('invalid_owner', 'An article is owned by an active staff member');
  }
}

async function assertOrganisations(tx: Queryable, ids: number[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await tx.selectFrom('organisations').select('id').where('id', 'in', ids).execute();
  if (found.length !== new Set(ids).size)
    throw invalid('invalid_organisation', 'An organisation does not exist');
}

/** Articles: metadata, translations with versions, the review workflow, stale flags, attachments. */
export class ArticleService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  today(): string {
    return this.#clock().toISOString().slice(0, 10);
  }

  list(reader: Reader, query: ListArticlesQuery) {
    return listArticles(this.#db, reader, query, this.today());
  }

  /** The article in the reader's language; a reader who may not see it gets "not found". */
  async get(reader: Reader, id: number, language?: string, countView = false): Promise<ArticleDetail> {
    const article = await findArticle(this.#db, reader, id, language);
    if (!article) throw notFound('article');
    if (countView && article.status === 'published') {
      await this.#db
        .updateTable('kb_articles')
        .set((eb) => ({ view_count: eb('view_count', '+', 1) }))
        .where('id', '=', id)
        .execute();
      article.view_count += 1;
    }
    return article;
  }

  async create(
    actor: Actor,
    input: CreateArticleInput,
    extra: { sourceTicketId?: number } = {},
    db?: Queryable,
  ) {
    authorize(actor, 'kb.write');
    const run = async (tx: Queryable) => {
      await assertOwner(tx, input.ownerId);
      await assertOrganisations(tx, input.organisationIds);
      const now = this.#clock();
      const article = await tx
        .insertInto('kb_articles')
        .values({
          category_id: input.categoryId,
          visibility: input.visibility,
          organisation_ids: [...new Set(input.organisationIds)],
          source_language: input.language,
          owner_id: input.ownerId === undefined ? actor.userId : input.ownerId,
          created_by: actor.userId,
          source_ticket_id: extra.sourceTicketId ?? null,
          review_by: input.reviewBy,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeTranslation(tx, actor, article, input.language, { ...input, note: 'Created' }, now);
      return article;
    };
    const article = db ? await run(db) : await this.#db.transaction().execute(run);
    return article;
  }

  async update(actor: Actor, id: number, input: UpdateArticleInput): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const article = await this.#lockReadable(tx, actor, id);
      assertCanEdit(actor, article);
      await assertOwner(tx, input.ownerId);
      await assertOrganisations(tx, input.organisationIds);
      if (input.sourceLanguage !== undefined) {
        const exists = await tx
          .selectFrom('kb_translations')
          .select('language')
          .where('article_id', '=', id)
          .where('language', '=', input.sourceLanguage)
          .executeTakeFirst();
        if (!exists)
          throw invalid('translation_missing', `The article has no ${input.sourceLanguage} translation`);
      }
      await tx
        .updateTable('kb_articles')
        .set({
          ...(input.categoryId === undefined ? {} : { category_id: input.categoryId }),
          ...(input.visibility === undefined ? {} : { visibility: input.visibility }),
          ...(input.organisationIds === undefined
            ? {}
            : { organisation_ids: [...new Set(input.organisationIds)] }),
          ...(input.ownerId === undefined ? {} : { owner_id: input.ownerId }),
          ...(input.reviewBy === undefined ? {} : { review_by: input.reviewBy }),
          ...(input.sourceLanguage === undefined ? {} : { source_language: input.sourceLanguage }),
          updated_at: this.#clock(),
        })
        .where('id', '=', id)
        .execute();
    });
  }

  async saveTranslation(
    actor: Actor,
    id: number,
    language: string,
    input: SaveTranslationInput,
  ): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const article = await this.#lockReadable(tx, actor, id);
      assertCanEdit(actor, article);
      await writeTranslation(tx, actor, article, language, input, this.#clock(), input.baseVersion);
    });
  }

  async deleteTranslation(actor: Actor, id: number, language: string): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const article = await this.#lockReadable(tx, actor, id);
      assertCanEdit(actor, article);
      if (language === article.source_language) {
        throw conflict('source_translation', 'The article’s own language cannot be removed; change it first');
      }
      const removed = await tx
        .deleteFrom('kb_translations')
        .where('article_id', '=', id)
        .where('language', '=', language)
        .executeTakeFirst();
      if (removed.numDeletedRows === 0n) throw notFound('translation');
    });
  }

  async changeStatus(actor: Actor, id: number, status: ArticleStatus): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const article = await this.#lockReadable(tx, actor, id);
      if (article.status === status) return;
      if (!TRANSITIONS[article.status].includes(status)) {
        throw invalid('invalid_status_transition', `A ${article.status} article cannot become ${status}`);
      }
      authorize(actor, touchesPublished(article.status, status) ? 'kb.publish' : 'kb.write');
      const now = this.#clock();
      await tx
        .updateTable('kb_articles')
        .set({
          status,
          updated_at: now,
          ...(status === 'published' ? { published_at: now, archived_at: null } : {}),
          ...(status === 'archived' ? { archived_at: now } : {}),
        })
        .where('id', '=', id)
        .execute();
    });
  }

  /** Only articles that were never published can go; published knowledge is archived instead. */
  async remove(actor: Actor, id: number, ip: string | null): Promise<void> {
    authorize(actor, 'kb.manage');
    await this.#db.transaction().execute(async (tx) => {
      const article = await this.#lockReadable(tx, actor, id);
      if (article.published_at !== null) {
        throw conflict('article_was_published', 'A published article is archived, not deleted');
      }
      await tx.deleteFrom('kb_articles').where('id', '=', id).execute();
      await recordAudit(
        tx,
        { actorId: actor.userId, action: 'article.deleted', targetType: 'article', targetId: id, ip },
        this.#clock(),
      );
    });
  }

  async flagStale(actor: Actor, id: number, reason: string | null): Promise<void> {
    authorize(actor, 'kb.write');
    await this.#db.transaction().execute(async (tx) => {
      await this.#lockReadable(tx, actor, id);
      const now = this.#clock();
      await tx
        .updateTable('kb_articles')
        .set(
          reason === null
            ? { stale_flagged_at: null, stale_flagged_by: null, stale_reason: null }
            : { stale_flagged_at: now, stale_flagged_by: actor.userId, stale_reason: reason },
        )
        .where('id', '=', id)
        .execute();
    });
  }

  async addAttachment(actor: Actor, id: number, attachmentId: number): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const article = await this.#lockReadable(tx, actor, id);
      assertCanEdit(actor, article);
      // Files uploaded for an article belong to no ticket; someone else's upload is not theirs to publish.
      const attachment = await tx
        .selectFrom('attachments')
        .select(['id', 'uploaded_by', 'ticket_id'])
        .where('id', '=', attachmentId)
        .executeTakeFirst();
      if (!attachment || attachment.ticket_id !== null || attachment.uploaded_by !== actor.userId) {
        throw invalid('invalid_attachment', 'Attach files you uploaded for this article');
      }
      await tx
        .insertInto('kb_article_attachments')
        .values({ article_id: id, attachment_id: attachmentId, created_at: this.#clock() })
        .onConflict((oc) => oc.doNothing())
        .execute();
    });
  }

  async removeAttachment(actor: Actor, id: number, attachmentId: number): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const article = await this.#lockReadable(tx, actor, id);
      assertCanEdit(actor, article);
      const removed = await tx
        .deleteFrom('kb_article_attachments')
        .where('article_id', '=', id)
        .where('attachment_id', '=', attachmentId)
        .executeTakeFirst();
      if (removed.numDeletedRows === 0n) throw notFound('attachment');
    });
  }

  /** A file of an article the reader may read (images in the body, downloads). */
  async attachment(reader: Reader, id: number, attachmentId: number): Promise<AttachmentRow> {
    const row = await this.#db
      .selectFrom('kb_article_attachments as aa')
      .innerJoin('kb_articles', 'kb_articles.id', 'aa.article_id')
      .innerJoin('attachments', 'attachments.id', 'aa.attachment_id')
      .selectAll('attachments')
      .select(['kb_articles.status', 'kb_articles.visibility', 'kb_articles.organisation_ids'])
      .where('aa.article_id', '=', id)
      .where('aa.attachment_id', '=', attachmentId)
      .executeTakeFirst();
    if (!row || !canReadArticle(reader, row)) throw notFound('attachment');
    return row;
  }

  async #lockReadable(tx: Queryable, actor: Actor, id: number): Promise<KbArticleRow> {
    const article = await lockArticle(tx, id);
    if (!article || !canReadArticle(actor, article)) throw notFound('article');
    return article;
  }
}
