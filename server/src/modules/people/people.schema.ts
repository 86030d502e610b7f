import { z } from 'zod';
import { ROLES } from '../../db/schema.ts';

export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const queryId = z.coerce.number().pipe(id);
export const idParams = z.object({ id: queryId });

/** An IANA zone (Europe/Berlin, UTC), as the browser and the SLA calendars understand it. */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((zone) => {
    // Fixed offsets (+02:00) are valid for Intl but lose daylight saving; people live in zones.
    if (/^[+-]/.test(zone)) return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin or UTC');

/** BCP 47 language tags (en, de-CH), stored in their canonical spelling. */
const languageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i, 'must be a language tag such as en or de-CH')
  .transform((tag) => Intl.getCanonicalLocales(tag)[0] ?? tag);
export const languagesSchema = z
  .array(languageSchema)
  .min(1)
  .max(20)
  .transform((tags) => [...new Set(tags)]);

const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(1000);
const nameSchema = z.string().trim().min(1).max(200);
const emailSchema = z.email().max(320).toLowerCase();

export const createUserSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  role: z.enum(ROLES),
  /** Required for a client admin; staff belong to no client organisation. */
  organisationId: id.nullable().optional(),
  /** Optional: people without one sign in by single sign-on or are only requesters. */
  password: passwordSchema.optional(),
  position: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(50).optional(),
  timeZone: timeZoneSchema.optional(),
  languages: languagesSchema.optional(),
});
export type CreateUserInput = z.output<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    name: nameSchema,
    email: emailSchema,
    role: z.enum(ROLES),
    organisationId: id.nullable(),
    active: z.boolean(),
    password: passwordSchema,
    timeZone: timeZoneSchema,
    languages: languagesSchema,
    position: z.string().trim().max(200),
    phone: z.string().trim().max(50),
  })
  .partial()
  .strict();
export type UpdateUserInput = z.output<typeof updateUserSchema>;

export const updateMeSchema = z
  .object({
    name: nameSchema,
    timeZone: timeZoneSchema,
    languages: languagesSchema,
    password: passwordSchema,
    /** Needed to set a new password, so an open session alone cannot take the account over. */
    currentPassword: z.string().min(1).max(1000),
  })
  .partial()
  .strict();
export type UpdateMeInput = z.output<typeof updateMeSchema>;

export const USER_SORTS = ['name', 'id'] as const;

export const listUsersQuerySchema = z.object({
  kind: z.enum(['staff', 'customer']).optional(),
  role: z.enum(ROLES).optional(),
  organisationId: queryId.optional(),
  teamId: queryId.optional(),
  /** Part of a name or an email address. */
  q: z.string().trim().min(1).max(200).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  sort: z.enum(USER_SORTS).default('name'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListUsersQuery = z.output<typeof listUsersQuerySchema>;

export const setSkillsSchema = z.object({
  skills: z.array(z.object({ skillId: id, level: z.number().int().min(1).max(5) })).max(200),
});

export const createSkillSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** software, hardware, network, application, … */
  category: z.string().trim().toLowerCase().min(1).max(60).default('software'),
});

// Host names such as example.com or xn--bcher-kva.ch: letters, digits and hyphens, and a real TLD.
const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(HOST_NAME, 'must be a host name such as example.com');
const domainsSchema = z
  .array(domainSchema)
  .max(100)
  .transform((domains) => [...new Set(domains)]);

export const createOrganisationSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** Email domains whose senders join this organisation. */
  domains: domainsSchema.default([]),
  /** Internal notes; never shown to the organisation's own people. */
  notes: z.string().max(20_000).default(''),
  timeZone: timeZoneSchema.nullable().default(null),
});
export type CreateOrganisationInput = z.output<typeof createOrganisationSchema>;

export const updateOrganisationSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    domains: domainsSchema,
    notes: z.string().max(20_000),
    timeZone: timeZoneSchema.nullable(),
  })
  .partial()
  .strict();
export type UpdateOrganisationInput = z.output<typeof updateOrganisationSchema>;

export const listOrganisationsQuerySchema = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListOrganisationsQuery = z.output<typeof listOrganisationsQuerySchema>;

const tierSchema = z.number().int().min(0).max(4);

export const createTeamSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** 0 self-service, 1 first line, 2–3 engineering, 4 vendors. */
  tier: tierSchema,
  description: z.string().trim().max(2000).default(''),
});
export type CreateTeamInput = z.output<typeof createTeamSchema>;

export const updateTeamSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    tier: tierSchema,
    description: z.string().trim().max(2000),
  })
  .partial()
  .strict();
export type UpdateTeamInput = z.output<typeof updateTeamSchema>;

export const setMembersSchema = z.object({
  userIds: z
    .array(id)
    .max(1000)
    .transform((ids) => [...new Set(ids)]),
});
