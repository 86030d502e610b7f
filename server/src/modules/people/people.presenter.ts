import { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { seesInternal } from '../../access/policies.ts';
import { ROLES } from '../../db/schema.ts';
import type { OrganisationWithFigures } from './organisations.service.ts';
import type { UserProfile } from './people.service.ts';
import type { SkillRow } from './skills.service.ts';
import type { TeamWithMembers } from './teams.service.ts';
import type { UserDetail } from './users.repository.ts';

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

const teamRefSchema = z.object({ id: z.number(), name: z.string(), tier: z.number() });

export const userSchema = userSummarySchema.extend({
  organisationName: z.string().nullable(),
  active: z.boolean(),
  position: z.string(),
  phone: z.string(),
  timeZone: z.string(),
  languages: z.array(z.string()),
  teams: z.array(teamRefSchema),
  skills: z.array(z.object({ id: z.number(), name: z.string(), level: z.number() })),
  createdAt: z.date(),
});

export const userPageSchema = z.object({ users: z.array(userSchema), nextCursor: z.string().nullable() });

export function presentUser(detail: UserDetail): z.output<typeof userSchema> {
  const { user } = detail;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: user.organisation_id,
    organisationName: detail.organisationName,
    active: user.active,
    position: user.position,
    phone: user.phone,
    timeZone: user.time_zone,
    languages: user.languages,
    teams: detail.teams,
    skills: detail.skills,
    createdAt: user.created_at,
  };
}

export const organisationSchema = z.object({
  id: z.number(),
  name: z.string(),
  domains: z.array(z.string()),
  /** Internal notes: null for the organisation's own people. */
  notes: z.string().nullable(),
  timeZone: z.string().nullable(),
  /** Active people; null for customers. */
  peopleCount: z.number().nullable(),
  openTicketCount: z.number().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const organisationPageSchema = z.object({
  organisations: z.array(organisationSchema),
  nextCursor: z.string().nullable(),
});

export function presentOrganisation(
  actor: Actor,
  row: OrganisationWithFigures,
): z.output<typeof organisationSchema> {
  return {
    id: row.id,
    name: row.name,
    domains: row.domains,
    notes: seesInternal(actor) ? row.notes : null,
    timeZone: row.time_zone,
    peopleCount: row.people_count,
    openTicketCount: row.open_ticket_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const teamSchema = z.object({
  id: z.number(),
  name: z.string(),
  tier: z.number(),
  description: z.string(),
  members: z.array(z.object({ id: z.number(), name: z.string(), role: z.enum(ROLES) })),
  createdAt: z.date(),
});

export function presentTeam({ team, members }: TeamWithMembers): z.output<typeof teamSchema> {
  return {
    id: team.id,
    name: team.name,
    tier: team.tier,
    description: team.description,
    members,
    createdAt: team.created_at,
  };
}

export const skillSchema = z.object({ id: z.number(), name: z.string(), category: z.string() });

export const presentSkill = (skill: SkillRow): z.output<typeof skillSchema> => ({
  id: skill.id,
  name: skill.name,
  category: skill.category,
});
