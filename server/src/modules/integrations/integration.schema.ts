import { z } from 'zod';
import { TRACKER_KINDS } from '../../db/schema-sla.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const secret = z.string().min(16).max(500);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

const integrationFields = {
  name: z.string().trim().min(1).max(200),
  kind: z.enum(TRACKER_KINDS),
  /** Where "create bug" requests are POSTed (signed with the signing secret). */
  outboundUrl: httpUrl,
  active: z.boolean(),
};

export const createIntegrationSchema = z.strictObject({
  ...integrationFields,
  active: integrationFields.active.default(true),
  /** Generated when left out; shown once in the answer. */
  signingSecret: secret.optional(),
  inboundSecret: secret.optional(),
});
export type CreateIntegrationInput = z.output<typeof createIntegrationSchema>;

export const updateIntegrationSchema = z
  .strictObject({
    ...integrationFields,
    signingSecret: secret,
    inboundSecret: secret,
    /** Generate both secrets anew; the answer shows them once. */
    regenerateSecrets: z.literal(true),
  })
  .partial();
export type UpdateIntegrationInput = z.output<typeof updateIntegrationSchema>;

export const createBugSchema = z.strictObject({
  integrationId: id,
  /** Defaults to the ticket's subject. */
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().max(50_000).optional(),
  /** Link a bug that already exists in the tracker instead of creating one. */
  externalId: z.string().trim().min(1).max(200).optional(),
  url: httpUrl.optional(),
});
export type CreateBugInput = z.output<typeof createBugSchema>;

export const INBOUND_STATES = ['open', 'in_progress', 'fixed', 'closed', 'wont_fix'] as const;

/** A status update from the tracker, signed with the integration's inbound secret. */
export const inboundUpdateSchema = z.object({
  externalId: z.union([z.string().trim().min(1).max(200), z.number().int()]).transform(String),
  state: z.enum(INBOUND_STATES),
  url: httpUrl.optional(),
});

/** What a tracker answers to "create bug". */
export const trackerAnswerSchema = z.object({
  id: z.union([z.string().trim().min(1).max(200), z.number().int()]).transform(String),
  url: httpUrl,
});
