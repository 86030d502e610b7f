import { z } from 'zod';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const teamParams = z.object({ teamId: idParams.shape.id });
const text = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is required` })
    .max(20_000);

export const escalateSchema = z.strictObject({
  /** A team of a higher tier (and on the current team's escalation paths, if it has any). */
  teamId: id,
  /** The hand-over: what was tried, what the customer said. */
  summary: text('A hand-over summary'),
  /** An active member of the receiving team; left out, the whole team is told. */
  assigneeId: id.optional(),
});
export type EscalateInput = z.output<typeof escalateSchema>;

export const deEscalateSchema = z.strictObject({
  /** A team of a lower tier. */
  teamId: id,
  note: text('A note for the receiving team'),
  assigneeId: id.optional(),
});
export type DeEscalateInput = z.output<typeof deEscalateSchema>;

export const setPathsSchema = z.strictObject({
  /** Teams of a higher tier, in order of preference; empty: any team of a higher tier. */
  toTeamIds: z.array(id).max(50),
});

export const startVendorEscalationSchema = z.strictObject({
  vendorName: z.string().trim().min(1).max(200),
  /** The vendor's case or ticket number. */
  vendorReference: z.string().trim().min(1).max(200),
});
export type StartVendorEscalationInput = z.output<typeof startVendorEscalationSchema>;

export const closeVendorEscalationSchema = z.strictObject({
  /** What the vendor answered or did. */
  outcome: z.string().trim().max(20_000).default(''),
});
