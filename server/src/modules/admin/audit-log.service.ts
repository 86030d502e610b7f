import type { Selectable } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db } from '../../db/database.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import { type ChainVerification, verifyAuditChain } from '../audit/audit.service.ts';
import { decodeCursor, encodeCursor } from '../people/keyset-cursor.ts';
import type { AuditQuery } from './admin.schema.ts';

export type AuditLogEntry = Selectable<AuditLogTable> & { actor_name: string | null };

/** Reading the audit log: newest first, filtered, and the proof that nobody rewrote it. */
export class AuditLogService {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async list(
    actor: Actor,
    query: AuditQuery,
  ): Promise<{ entries: AuditLogEntry[]; nextCursor: string | null }> {
    authorize(actor, 'audit.read');
    let q = this.#db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_id')
      .selectAll('audit_log')
      .select('users.name as actor_name');
    if (query.action) q = q.where('audit_log.action', '=', query.action);
    if (query.actorId !== undefined) q = q.where('audit_log.actor_id', '=', query.actorId);
    if (query.targetType) q = q.where('audit_log.target_type', '=', query.targetType);
    if (query.targetId) q = q.where('audit_log.target_id', '=', query.targetId);
    if (query.from) q = q.where('audit_log.created_at', '>=', query.from);
    if (query.to) q = q.where('audit_log.created_at', '<', query.to);
    if (query.cursor) q = q.where('audit_log.id', '<', decodeCursor(query.cursor).id);
    const rows = await q
      .orderBy('audit_log.id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      entries: page,
      nextCursor: rows.length > query.limit && last ? encodeCursor({ key: last.id, id: last.id }) : null,
    };
  }

  async verify(actor: Actor): Promise<ChainVerification> {
    authorize(actor, 'audit.read');
    return verifyAuditChain(this.#db);
  }
}
