import type { Channel, Priority, TicketType } from '../../db/schema.ts';

/** Conditions of a policy; an empty list matches anything, a filled one needs the ticket's value in it. */
export interface PolicyConditions {
  readonly organisationIds: readonly number[];
  readonly priorities: readonly Priority[];
  readonly types: readonly TicketType[];
  readonly channels: readonly Channel[];
  /** The ticket needs at least one of these tags. */
  readonly tags: readonly string[];
  /** Reserved for contracts: until they exist, a policy bound to one matches no ticket. */
  readonly contractId: number | null;
}

export interface PolicyTicketFacts {
  readonly organisationId: number | null;
  readonly priority: Priority;
  readonly type: TicketType;
  readonly channel: Channel;
  readonly tags: readonly string[];
}

export function policyMatches(conditions: PolicyConditions, ticket: PolicyTicketFacts): boolean {
  if (conditions.contractId !== null) return false;
  const organisations = conditions.organisationIds;
  if (
    organisations.length > 0 &&
    (ticket.organisationId === null || !organisations.includes(ticket.organisationId))
  )
    return false;
  if (conditions.priorities.length > 0 && !conditions.priorities.includes(ticket.priority)) return false;
  if (conditions.types.length > 0 && !conditions.types.includes(ticket.type)) return false;
  if (conditions.channels.length > 0 && !conditions.channels.includes(ticket.channel)) return false;
  if (conditions.tags.length > 0 && !conditions.tags.some((tag) => ticket.tags.includes(tag))) return false;
  return true;
}

/** The first active policy, in the order given, whose conditions the ticket meets. */
export function selectPolicy<P extends { readonly active: boolean; readonly conditions: PolicyConditions }>(
  policies: readonly P[],
  ticket: PolicyTicketFacts,
): P | null {
  return policies.find((policy) => policy.active && policyMatches(policy.conditions, ticket)) ?? null;
}
