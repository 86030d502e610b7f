import { z } from 'zod';
import { ROLES } from '../../db/schema.ts';
import type { UserProfile } from './people.service.ts';

export const userSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  organisationId: z.number().nullable(),
});

export const meSchema = userSummarySchema.extend({
  timeZone: z.string(),
  languages: z.array(z.string()),
  position: z.string(),
  organisationName: z.string().nullable(),
  teams: z.array(z.object({ id: z.number(), name: z.string(), tier: z.number() })),
});

export function presentMe(profile: UserProfile): z.output<typeof meSchema> {
  const { user } = profile;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: user.organisation_id,
    timeZone: user.time_zone,
    languages: user.languages,
    position: user.position,
    organisationName: profile.organisationName,
    teams: profile.teams,
  };
}
