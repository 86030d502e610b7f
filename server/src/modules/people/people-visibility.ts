import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/policies.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Whom an actor may list and open, as a SQL condition on users: staff everyone, a client admin
 * the people of their own organisation. Anyone else may not read people at all (403).
 */
export function visiblePeopleFilter(actor: Actor) {
  if (can(actor, 'people.read')) return (eb: ExpressionBuilder<Database, 'users'>) => eb.lit(true);
  authorize(actor, 'people.read_organisation');
  const { organisationId } = actor;
  return (eb: ExpressionBuilder<Database, 'users'>) =>
    organisationId === null ? eb.lit(false) : eb('users.organisation_id', '=', organisationId);
}

/** Staff see every organisation; customers and client admins only their own. Others answer 404. */
export function visibleOrganisationsFilter(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'organisations'>) => {
    if (can(actor, 'people.read')) return eb.lit(true);
    return actor.organisationId === null ? eb.lit(false) : eb('organisations.id', '=', actor.organisationId);
  };
}

/** Head counts and open tickets of an organisation are for staff and its client admin. */
export const seesOrganisationFigures = (actor: Actor): boolean =>
  can(actor, 'people.read') || can(actor, 'people.read_organisation');
