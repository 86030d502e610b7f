import { z } from 'zod';
import {
  BUG_STATES,
  type TicketBugLinkRow,
  TRACKER_KINDS,
  type TrackerIntegrationRow,
  type TrackerKind,
} from '../../db/schema-sla.ts';

export const integrationSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(TRACKER_KINDS),
  outboundUrl: z.string(),
  active: z.boolean(),
  /** Where the tracker sends status updates. */
  inboundPath: z.string(),
  /** Shown only when the secrets were just set; otherwise their first characters. */
  signingSecret: z.string().optional(),
  inboundSecret: z.string().optional(),
  secretHints: z.object({ signing: z.string(), inbound: z.string() }),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const hint = (secret: string) => `${secret.slice(0, 4)}…`;

export function presentIntegration(
  row: TrackerIntegrationRow,
  revealSecrets = false,
): z.output<typeof integrationSchema> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    outboundUrl: row.outbound_url,
    active: row.active,
    inboundPath: `/api/integrations/${row.id}/inbound`,
    ...(revealSecrets ? { signingSecret: row.signing_secret, inboundSecret: row.inbound_secret } : {}),
    secretHints: { signing: hint(row.signing_secret), inbound: hint(row.inbound_secret) },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What staff may see of an integration when picking one: no secrets, no URL. */
export const integrationChoiceSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(TRACKER_KINDS),
  active: z.boolean(),
});

export const bugLinkSchema = z.object({
  id: z.number(),
  ticketId: z.number(),
  integration: z.object({ id: z.number(), name: z.string(), kind: z.enum(TRACKER_KINDS) }),
  state: z.enum(BUG_STATES),
  externalId: z.string().nullable(),
  url: z.string().nullable(),
  title: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  fixedAt: z.date().nullable(),
});

export function presentBugLink(
  row: TicketBugLinkRow & { integration_name: string; integration_kind: TrackerKind },
): z.output<typeof bugLinkSchema> {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    integration: { id: row.integration_id, name: row.integration_name, kind: row.integration_kind },
    state: row.state,
    externalId: row.external_id,
    url: row.url,
    title: row.title,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    fixedAt: row.fixed_at,
  };
}
