import type { ExpressionBuilder } from 'kysely';
import type { Database, Role } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { type Actor, isStaff, type Scope, STAFF_ROLES } from './actor.ts';

/**
 * Every permission in one table: which roles hold it. Endpoints name a permission; nothing else
 * decides who may do what.
 */
const PERMISSIONS = {
  'tickets.create': ['customer', 'client_admin', ...STAFF_ROLES],
  'tickets.work': STAFF_ROLES, // reply, note, update fields, assign, link, watch
  'tickets.merge': STAFF_ROLES,
  'tickets.bulk_update': STAFF_ROLES,
  'views.manage_shared': ['supervisor', 'manager', 'admin'],
  'people.read': STAFF_ROLES,
  'people.read_organisation': ['client_admin'], // the people of their own organisation only
  'customers.manage': ['supervisor', 'manager', 'admin'],
  'staff.manage': ['admin'],
  'organisations.manage': ['manager', 'admin'],
  'teams.manage': ['manager', 'admin'],
  'settings.read': STAFF_ROLES,
  'settings.manage': ['manager', 'admin'],
  'custom_fields.manage': ['admin'],
  'categories.manage': ['manager', 'admin'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** The token scope an action needs when the caller authenticates with an API token. */
const PERMISSION_SCOPE: Record<Permission, Scope> = {
  'tickets.create': 'tickets:write',
  'tickets.work': 'tickets:write',
  'tickets.merge': 'tickets:write',
  'tickets.bulk_update': 'tickets:write',
  'views.manage_shared': 'tickets:write',
  'people.read': 'people:read',
  'people.read_organisation': 'people:read',
  'customers.manage': 'people:write',
  'staff.manage': 'admin',
  'organisations.manage': 'people:write',
  'teams.manage': 'admin',
  'settings.read': 'tickets:read',
  'settings.manage': 'admin',
  'custom_fields.manage': 'admin',
  'categories.manage': 'admin',
  'audit.read': 'admin',
};

export function can(actor: Actor, permission: Permission): boolean {
  const roles: readonly Role[] = PERMISSIONS[permission];
  if (!roles.includes(actor.role)) return false;
  return actor.scopes === null || actor.scopes.includes(PERMISSION_SCOPE[permission]);
}

export function hasScope(actor: Actor, scope: Scope): boolean {
  return actor.scopes === null || actor.scopes.includes(scope);
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new DomainError('forbidden', 'permission_denied', `Your account may not do this (${permission})`);
  }
}

export function requireScope(actor: Actor, scope: Scope): void {
  if (!hasScope(actor, scope)) {
    throw new DomainError('forbidden', 'token_scope_missing', `This API token lacks the ${scope} scope`);
  }
}

/** Which tickets an actor may see at all. Anything outside answers 404, never 403. */
export function canSeeTicket(
  actor: Actor,
  ticket: { requester_id: number; organisation_id: number | null },
): boolean {
  if (isStaff(actor)) return true;
  if (actor.role === 'client_admin') {
    return ticket.organisation_id !== null && ticket.organisation_id === actor.organisationId;
  }
  return ticket.requester_id === actor.userId;
}

/** The same rule as canSeeTicket, as a SQL condition on the tickets table. */
export function visibleTicketsFilter(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    if (isStaff(actor)) return eb.lit(true);
    if (actor.role === 'client_admin' && actor.organisationId !== null) {
      return eb('tickets.organisation_id', '=', actor.organisationId);
    }
    return eb('tickets.requester_id', '=', actor.userId);
  };
}

/** Customers never see internal notes or internal events. */
export const seesInternal = (actor: Actor): boolean => isStaff(actor);
