import type { Actor } from '../../../access/actor.ts';
import type { UserRow } from '../../../db/schema.ts';

/** The sender acting on their ticket, as if they had written in the portal. */
export function actorFor(user: UserRow): Actor {
  return {
    userId: user.id,
    role: user.role,
    organisationId: user.organisation_id,
    name: user.name,
    email: user.email,
    timeZone: user.time_zone,
    scopes: null,
    sessionId: null,
  };
}
