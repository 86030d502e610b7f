import { z } from 'zod';
import { PRIORITIES } from '../../db/schema.ts';
import { type EscalationRuleRow, SLA_METRICS, type VendorEscalationRow } from '../../db/schema-sla.ts';
import { bugLinkSchema } from '../integrations/integration.presenter.ts';
import type { TeamPaths } from './escalation-path.service.ts';
import type { TeamRef } from './escalation-paths.ts';
import {
  escalationActionSchema,
  escalationLevelsSchema,
  escalationTriggerSchema,
} from './escalation-rule.schema.ts';

const teamRef = z.object({ id: z.number(), name: z.string(), tier: z.number() });

export const escalationRuleSchema = z.object({
  id: z.number(),
  name: z.string(),
  active: z.boolean(),
  policyIds: z.array(z.number()),
  metrics: z.array(z.enum(SLA_METRICS)),
  priorities: z.array(z.enum(PRIORITIES)),
  levels: z.array(
    z.object({
      level: z.number(),
      trigger: escalationTriggerSchema,
      actions: z.array(escalationActionSchema),
    }),
  ),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export function presentRule(row: EscalationRuleRow): z.output<typeof escalationRuleSchema> {
  return {
    id: row.id,
    name: row.name,
    active: row.active,
    policyIds: row.policy_ids,
    metrics: row.metrics,
    priorities: row.priorities,
    levels: escalationLevelsSchema.parse(row.levels),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const teamPathsSchema = z.object({ team: teamRef, toTeams: z.array(teamRef) });
export const presentTeamPaths = (paths: TeamPaths): z.output<typeof teamPathsSchema> => paths;

export const vendorEscalationSchema = z.object({
  id: z.number(),
  ticketId: z.number(),
  vendorName: z.string(),
  vendorReference: z.string(),
  startedAt: z.date(),
  startedBy: z.number().nullable(),
  endedAt: z.date().nullable(),
  endedBy: z.number().nullable(),
  outcome: z.string(),
  waitingMinutes: z.number(),
});

export function presentVendorEscalation(
  row: VendorEscalationRow,
  now: Date,
): z.output<typeof vendorEscalationSchema> {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    vendorName: row.vendor_name,
    vendorReference: row.vendor_reference,
    startedAt: row.started_at,
    startedBy: row.started_by,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    outcome: row.outcome,
    waitingMinutes: ((row.ended_at ?? now).getTime() - row.started_at.getTime()) / 60_000,
  };
}

export const escalationEventSchema = z.object({
  id: z.number(),
  type: z.string(),
  actorId: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

/** Everything about a ticket's way through the tiers, for the escalation panel of the ticket. */
export const escalationOverviewSchema = z.object({
  team: teamRef.nullable(),
  /** Where it may be escalated to from here, next tier first. */
  escalationTargets: z.array(teamRef),
  history: z.array(escalationEventSchema),
  bugs: z.array(bugLinkSchema),
  vendorEscalations: z.array(vendorEscalationSchema),
  totalVendorWaitingMinutes: z.number(),
});

export type EscalationOverview = z.output<typeof escalationOverviewSchema>;
export type { TeamRef };
