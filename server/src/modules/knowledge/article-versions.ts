import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db } from '../../db/database.ts';
import type { KbArticleVersionRow } from '../../db/schema-knowledge.ts';
import { notFound } from '../../errors.ts';
import { lockArticle } from './article.repository.ts';
import { assertCanEdit, writeTranslation } from './article.service.ts';
import { canReadArticle } from './article-access.ts';

export interface VersionListItem extends Omit<KbArticleVersionRow, 'body_html'> {
  author_name: string | null;
}

export const VERSION_FIELDS = ['title', 'summary', 'keywords', 'body'] as const;
export type VersionField = (typeof VERSION_FIELDS)[number];

/** Which fields differ between two versions; the UI shows the line diff of both texts. */
export function changedFields(from: KbArticleVersionRow, to: KbArticleVersionRow): VersionField[] {
  const changed: VersionField[] = [];
  if (from.title !== to.title) changed.push('title');
  if (from.summary !== to.summary) changed.push('summary');
  if (JSON.stringify(from.keywords) !== JSON.stringify(to.keywords)) changed.push('keywords');
  if (from.body_html !== to.body_html) changed.push('body');
  return changed;
}

/** Every saved state of each translation, for staff: list, read, compare and restore. */
export class ArticleVersions {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  /** The article's language unless one is named. */
  async #language(actor: Actor, id: number, language: string | undefined): Promise<string> {
    authorize(actor, 'kb.read_internal');
    const article = await this.#db
      .selectFrom('kb_articles')
      .select(['source_language', 'status', 'visibility', 'organisation_ids'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!article || !canReadArticle(actor, article)) throw notFound('article');
    return language ?? article.source_language;
  }

  async list(
    actor: Actor,
    id: number,
    language?: string,
  ): Promise<{ language: string; versions: VersionListItem[] }> {
    const lang = await this.#language(actor, id, language);
    const versions = await this.#db
      .selectFrom('kb_article_versions as v')
      .leftJoin('users', 'users.id', 'v.created_by')
      .select([
        'v.id',
        'v.article_id',
        'v.language',
        'v.version',
        'v.title',
        'v.summary',
        'v.keywords',
        'v.note',
        'v.restored_from',
        'v.created_by',
        'v.created_at',
        'users.name as author_name',
      ])
      .where('v.article_id', '=', id)
      .where('v.language', '=', lang)
      .orderBy('v.version', 'desc')
      .execute();
    return { language: lang, versions };
  }

  async get(actor: Actor, id: number, version: number, language?: string): Promise<KbArticleVersionRow> {
    const lang = await this.#language(actor, id, language);
    const row = await this.#db
      .selectFrom('kb_article_versions')
      .selectAll()
      .where('article_id', '=', id)
      .where('language', '=', lang)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw notFound('version');
    return row;
  }

  async compare(actor: Actor, id: number, from: number, to: number, language?: string) {
    const [older, newer] = await Promise.all([
      this.get(actor, id, from, language),
      this.get(actor, id, to, language),
    ]);
    return { from: older, to: newer, changed: changedFields(older, newer) };
  }

  /** Writes an old version again as the newest one; history is never rewritten. */
  async restore(actor: Actor, id: number, version: number, language?: string): Promise<void> {
    const old = await this.get(actor, id, version, language);
    await this.#db.transaction().execute(async (tx) => {
      const article = await lockArticle(tx, id);
      if (!article) throw notFound('article');
      assertCanEdit(actor, article);
      await writeTranslation(
        tx,
        actor,
        article,
        old.language,
        {
          title: old.title,
          summary: old.summary,
          keywords: old.keywords,
          bodyHtml: old.body_html,
          note: `Restored version ${version}`,
          restoredFrom: version,
        },
        this.#clock(),
      );
    });
  }
}
