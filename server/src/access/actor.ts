import type { Role } from '../db/schema.ts';

/** Who is making a request: resolved once per request from a session cookie or an API token. */
export interface Actor {
  userId: number;
  role: Role;
  organisationId: number | null;
  name: string;
  email: string;
  timeZone: string;
  /** null for browser sessions (everything the role allows); the token's scopes otherwise. */
  scopes: readonly Scope[] | null;
  sessionId: string | null;
}

export const SCOPES = ['tickets:read', 'tickets:write', 'people:read', 'people:write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const STAFF_ROLES: readonly Role[] = ['operator', 'engineer', 'supervisor', 'manager', 'admin'];
export const CUSTOMER_ROLES: readonly Role[] = ['customer', 'client_admin'];

export const isStaff = (actor: Pick<Actor, 'role'>): boolean => STAFF_ROLES.includes(actor.role);

/** A system actor for jobs (auto-close, sweeps): acts with no user behind it. */
export const SYSTEM_ACTOR_ID = null;
