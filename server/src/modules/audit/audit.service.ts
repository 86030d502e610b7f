import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  data?: Record<string, unknown>;
  ip?: string | null;
}

// Serialises writers so the chain stays a single line even with several app nodes.
const AUDIT_CHAIN_LOCK = 7_361_122_202;
const GENESIS = '0'.repeat(64);

/** jsonb reorders keys, so the hash covers a key-sorted rendering of the data. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function entryHash(
  prevHash: string,
  row: {
    actorId: number | null;
    action: string;
    targetType: string | null;
    targetId: string | null;
    data: Record<string, unknown>;
    ip: string | null;
    createdAt: string;
  },
): string {
  const canonical = canonicalJson([
    row.actorId,
    row.action,
    row.targetType,
    row.targetId,
    row.data,
    row.ip,
    row.createdAt,
  ]);
  return crypto.createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/**
 * Appends to the audit log inside the caller's transaction, so an action and its audit entry
 * commit together or not at all.
 */
export async function recordAudit(tx: Queryable, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(tx);
  const last = await tx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS;
  const row = {
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    data: entry.data ?? {},
    ip: entry.ip ?? null,
    createdAt: now.toISOString(),
  };
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: row.actorId,
      action: row.action,
      target_type: row.targetType,
      target_id: row.targetId,
      data: JSON.stringify(row.data),
      ip: row.ip,
      created_at: row.createdAt,
      prev_hash: prevHash,
      hash: entryHash(prevHash, row),
    })
    .execute();
}

export interface ChainVerification {
  valid: boolean;
  entries: number;
  /** The first entry whose hash does not match its content or its predecessor. */
  brokenAtId: number | null;
}

/** Recomputes the whole chain; any edited, inserted or deleted row breaks it. */
export async function verifyAuditChain(db: Queryable): Promise<ChainVerification> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  let prevHash = GENESIS;
  for (const row of rows) {
    const expected = entryHash(prevHash, {
      actorId: row.actor_id,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      data: row.data,
      ip: row.ip,
      createdAt: row.created_at.toISOString(),
    });
    if (row.prev_hash !== prevHash || row.hash !== expected) {
      return { valid: false, entries: rows.length, brokenAtId: row.id };
    }
    prevHash = row.hash;
  }
  return { valid: true, entries: rows.length, brokenAtId: null };
}
