import type { ExpressionBuilder } from 'kysely';
import type { Queryable } from '../db/database.ts';
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
  'sla.read': STAFF_ROLES, // SLA state and its "why" on tickets; calendars, policies and rules
  'sla.supervise': ['supervisor', 'manager', 'admin'], // tickets at risk across teams
  'sla.manage': ['manager', 'admin'], // calendars, SLA policies, escalation rules and paths
  'tickets.escalate': STAFF_ROLES, // escalate/de-escalate, bugs to development, vendor escalations
  'integrations.manage': ['admin'], // dev-tracker integrations and their secrets
  'email.manage': ['admin'], // support addresses, mailboxes, templates, the inbound log
  // Knowledge base, macros and playbooks (modules knowledge, macros, playbooks).
  'kb.read_internal': STAFF_ROLES, // drafts, internal articles, every organisation's articles
  'kb.write': STAFF_ROLES, // drafts and translations, submit for review, link articles to tickets
  'kb.publish': ['engineer', 'supervisor', 'manager', 'admin'], // review, publish, archive, edit published
  'kb.manage': ['supervisor', 'manager', 'admin'], // categories and sections, delete articles
  'kb.reports': ['supervisor', 'manager', 'admin'], // deflection report
  'macros.use': STAFF_ROLES, // personal macros, applying any macro
  'macros.manage_shared': ['supervisor', 'manager', 'admin'],
  'playbooks.run': STAFF_ROLES,
  'playbooks.manage': ['supervisor', 'manager', 'admin'], // the playbook editor
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
  'sla.read': 'tickets:read',
  'sla.supervise': 'tickets:read',
  'sla.manage': 'admin',
  'tickets.escalate': 'tickets:write',
  'integrations.manage': 'admin',
  'email.manage': 'admin',
  'kb.read_internal': 'tickets:read',
  'kb.write': 'tickets:write',
  'kb.publish': 'tickets:write',
  'kb.manage': 'tickets:write',
  'kb.reports': 'tickets:read',
  'macros.use': 'tickets:write',
  'macros.manage_shared': 'tickets:write',
  'playbooks.run': 'tickets:write',
  'playbooks.manage': 'tickets:write',
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

/**
 * canSeeTicket, and also the people Cc'd on the ticket's mail (ticket_participants), who may be
 * of another organisation: they see that ticket and nothing more of it.
 */
export async function canSeeTicketIn(
  db: Queryable,
  actor: Actor,
  ticket: { id: number; requester_id: number; organisation_id: number | null },
): Promise<boolean> {
  if (canSeeTicket(actor, ticket)) return true;
  const participant = await db
    .selectFrom('ticket_participants')
    .select('user_id')
    .where('ticket_id', '=', ticket.id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  return participant !== undefined;
}

/** The same rule as canSeeTicketIn, as a SQL condition on the tickets table. */
export function visibleTicketsFilter(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    if (isStaff(actor)) return eb.lit(true);
    const participant = eb.exists(
      eb
        .selectFrom('ticket_participants')
        .select('ticket_participants.user_id')
        .whereRef('ticket_participants.ticket_id', '=', 'tickets.id')
        .where('ticket_participants.user_id', '=', actor.userId),
    );
    if (actor.role === 'client_admin' && actor.organisationId !== null) {
      return eb.or([eb('tickets.organisation_id', '=', actor.organisationId), participant]);
    }
    return eb.or([eb('tickets.requester_id', '=', actor.userId), participant]);
  };
}

/** Customers never see internal notes or internal events. */
export const seesInternal = (actor: Actor): boolean => isStaff(actor);
