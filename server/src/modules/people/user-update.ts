import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Tx } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { UpdateUserInput } from './people.schema.ts';
import { visiblePeopleFilter } from './people-visibility.ts';
import { checkOrganisation, ensureAnotherActiveAdmin, isStaffRole, lockAdminSet } from './user-rules.ts';

/** Profile columns and the API names the audit log reports their changes under. */
const PROFILE_FIELDS = {
  name: 'name',
  email: 'email',
  organisation_id: 'organisationId',
  time_zone: 'timeZone',
  languages: 'languages',
  position: 'position',
  phone: 'phone',
} as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Changes a person as an administrator, in the caller's transaction. Role changes,
 * deactivation and new passwords are security events: each is audited on its own, and a
 * deactivated person loses their sessions and API tokens at once.
 */
export async function updateUser(
  tx: Tx,
  actor: Actor,
  id: number,
  input: UpdateUserInput,
  ip: string | null,
  now: Date,
): Promise<void> {
  const visible = visiblePeopleFilter(actor);
  if (input.role !== undefined || input.active !== undefined) await lockAdminSet(tx);
  const target = await tx
    .selectFrom('users')
    .selectAll()
    .where(visible)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!target) throw notFound('user');

  const role = input.role ?? target.role;
  authorize(actor, isStaffRole(target.role) || isStaffRole(role) ? 'staff.manage' : 'customers.manage');
  const active = input.active ?? target.active;
  const next = {
    name: input.name ?? target.name,
    email: input.email ?? target.email,
    organisation_id: input.organisationId === undefined ? target.organisation_id : input.organisationId,
    time_zone: input.timeZone ?? target.time_zone,
    languages: input.languages ?? target.languages,
    position: input.position ?? target.position,
    phone: input.phone ?? target.phone,
  };
  if (role !== target.role || next.organisation_id !== target.organisation_id) {
    await checkOrganisation(tx, role, next.organisation_id);
  }
  if (target.role === 'admin' && target.active && (role !== 'admin' || !active)) {
    await ensureAnotherActiveAdmin(tx, target.id);
  }

  const changes = Object.fromEntries(
    (Object.keys(PROFILE_FIELDS) as (keyof typeof PROFILE_FIELDS)[])
      .filter((column) => !same(next[column], target[column]))
      .map((column) => [PROFILE_FIELDS[column], { from: target[column], to: next[column] }]),
  );
  const roleChanged = role !== target.role;
  const activeChanged = active !== target.active;
  const passwordSet = input.password !== undefined;
  if (Object.keys(changes).length === 0 && !roleChanged && !activeChanged && !passwordSet) return;

  await tx
    .updateTable('users')
    .set({
      ...next,
      role,
      active,
      ...(input.password === undefined ? {} : { password_hash: await hashPassword(input.password) }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();

  const audit = (action: string, data: Record<string, unknown> = {}) =>
    recordAudit(tx, { actorId: actor.userId, action, targetType: 'user', targetId: id, data, ip }, now);

  if (Object.keys(changes).length > 0) await audit('user.updated', { changes });
  if (roleChanged) {
    // Teams route work to staff; someone who stops being staff leaves them.
    const leftTeams =
      isStaffRole(target.role) && !isStaffRole(role)
        ? await tx.deleteFrom('team_members').where('user_id', '=', id).returning('team_id').execute()
        : [];
    await audit('user.role_changed', {
      from: target.role,
      to: role,
      ...(leftTeams.length > 0 ? { leftTeamIds: leftTeams.map((row) => row.team_id) } : {}),
    });
  }
  if (activeChanged && !active) {
    const sessions = await tx.deleteFrom('sessions').where('user_id', '=', id).executeTakeFirst();
    const tokens = await tx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    await audit('user.deactivated', {
      sessionsEnded: Number(sessions.numDeletedRows),
      tokensRevoked: Number(tokens.numUpdatedRows),
    });
  } else if (activeChanged) {
    await audit('user.reactivated');
  }
  if (passwordSet) {
    // Whoever held the old password is signed out; the admin's own session stays.
    let query = tx.deleteFrom('sessions').where('user_id', '=', id);
    if (actor.sessionId) query = query.where('id', '!=', actor.sessionId);
    const sessions = await query.executeTakeFirst();
    await audit('user.password_set', { sessionsEnded: Number(sessions.numDeletedRows) });
  }
}
