import { sql } from 'kysely';
import { STAFF_ROLES } from '../../access/actor.ts';
import type { Queryable } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { conflict, invalid } from '../../errors.ts';

// Changes to roles and active flags queue behind this lock, so two admins cannot demote each
// other at the same moment and leave nobody in charge.
const ADMIN_SET_LOCK = 7_361_122_301;

export const isStaffRole = (role: Role): boolean => STAFF_ROLES.includes(role);

export const emailTaken = (email?: string) =>
  conflict('email_taken', 'Someone already uses this email address', email ? { email } : undefined);

export async function lockAdminSet(db: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${ADMIN_SET_LOCK})`.execute(db);
}

/** Somebody must always be able to administer Tierline. Call with the admin set locked. */
export async function ensureAnotherActiveAdmin(db: Queryable, userId: number): Promise<void> {
  const other = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .where('id', '!=', userId)
    .limit(1)
    .executeTakeFirst();
  if (!other) {
    throw conflict('last_admin', 'This is the last active admin: make someone else an admin first');
  }
}

/** A client admin speaks for an organisation, so needs one; any organisation named must exist. */
export async function checkOrganisation(db: Queryable, role: Role, organisationId: number | null) {
  if (role === 'client_admin' && organisationId === null) {
    throw invalid('organisation_required', 'A client admin belongs to an organisation: give organisationId');
  }
  if (organisationId === null) return;
  const found = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!found) throw invalid('invalid_organisation', `Organisation ${organisationId} does not exist`);
}
