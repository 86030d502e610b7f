import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { BusinessCalendarRow } from '../../db/schema-sla.ts';
import { conflict, notFound } from '../../errors.ts';
import type { BusinessCalendarDefinition, HolidayDefinition } from '../../sla/business-calendar.schema.ts';
import { parseCalendar } from '../../sla/business-calendar.ts';
import { importHolidaysFromIcs, type SkippedIcsEntry } from '../../sla/ics-holidays.ts';
import { CalendarHasNoBusinessHoursError } from '../../sla/sla.errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { CreateCalendarInput, UpdateCalendarInput } from './sla.schema.ts';
import { bumpSlaConfigVersion } from './sla-config.ts';
import { rethrowDuplicate } from './sla-errors.ts';

export interface CalendarAssignments {
  organisations: { organisationId: number; calendarId: number }[];
  teams: { teamId: number; calendarId: number }[];
}

const nameTaken = () => conflict('calendar_name_taken', 'A business calendar with this name exists');

/** Validates a calendar definition the way the engine will read it, and refuses one that never opens. */
function validDefinition(definition: unknown): BusinessCalendarDefinition {
  const calendar = parseCalendar(definition);
  if (calendar.neverOpen) throw new CalendarHasNoBusinessHoursError(calendar.timeZone);
  return calendar.definition;
}

/**
 * Business calendars (time zone, weekly hours, holidays) and which organisation or team uses
 * which. Every change bumps the SLA configuration version, so open tickets are recomputed.
 */
export class BusinessCalendarService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async list(actor: Actor): Promise<BusinessCalendarRow[]> {
    authorize(actor, 'sla.read');
    return this.#db.selectFrom('business_calendars').selectAll().orderBy('name').execute();
  }

  async get(actor: Actor, id: number, db: Queryable = this.#db): Promise<BusinessCalendarRow> {
    authorize(actor, 'sla.read');
    const row = await db.selectFrom('business_calendars').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('business_calendar');
    return row;
  }

  async create(actor: Actor, input: CreateCalendarInput, ip: string | null): Promise<BusinessCalendarRow> {
    authorize(actor, 'sla.manage');
    const { name, description, isDefault, ...definition } = input;
    const valid = validDefinition(definition);
    return this.#change(actor, ip, 'sla.calendar_created', async (tx, now) => {
      if (isDefault) await clearDefault(tx);
      return tx
        .insertInto('business_calendars')
        .values({
          name,
          description,
          is_default: isDefault,
          definition: JSON.stringify(valid),
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch(rethrowDuplicate('business_calendars_name_key', nameTaken));
    });
  }

  async update(actor: Actor, id: number, input: UpdateCalendarInput, ip: string | null) {
    authorize(actor, 'sla.manage');
    return this.#change(actor, ip, 'sla.calendar_updated', async (tx, now) => {
      const current = await this.get(actor, id, tx);
      const { name, description, isDefault, ...parts } = input;
      const definition = validDefinition({ ...current.definition, ...parts });
      if (isDefault) await clearDefault(tx);
      return tx
        .updateTable('business_calendars')
        .set({
          ...(name === undefined ? {} : { name }),
          ...(description === undefined ? {} : { description }),
          ...(isDefault === undefined ? {} : { is_default: isDefault }),
          definition: JSON.stringify(definition),
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
        .catch(rethrowDuplicate('business_calendars_name_key', nameTaken));
    });
  }

  async remove(actor: Actor, id: number, ip: string | null): Promise<void> {
    authorize(actor, 'sla.manage');
    await this.#change(actor, ip, 'sla.calendar_deleted', async (tx) => {
      const calendar = await this.get(actor, id, tx);
      const [policies, organisations, teams] = await Promise.all([
        tx.selectFrom('sla_policies').select('id').where('calendar_id', '=', id).execute(),
        tx
          .selectFrom('organisation_calendars')
          .select('organisation_id')
          .where('calendar_id', '=', id)
          .execute(),
        tx.selectFrom('team_calendars').select('team_id').where('calendar_id', '=', id).execute(),
      ]);
      if (policies.length + organisations.length + teams.length > 0) {
        throw conflict('calendar_in_use', `The calendar "${calendar.name}" is still in use`, {
          policyIds: policies.map((row) => row.id),
          organisationIds: organisations.map((row) => row.organisation_id),
          teamIds: teams.map((row) => row.team_id),
        });
      }
      await tx.deleteFrom('business_calendars').where('id', '=', id).execute();
      return calendar;
    });
  }

  /** Adds the holidays of an .ics file (or replaces them), and says which entries it skipped and why. */
  async importHolidays(
    actor: Actor,
    id: number,
    input: { ics: string; replace: boolean },
    ip: string | null,
  ): Promise<{ calendar: BusinessCalendarRow; imported: number; skipped: SkippedIcsEntry[] }> {
    authorize(actor, 'sla.manage');
    const { holidays, skipped } = importHolidaysFromIcs(input.ics);
    let imported = 0;
    const calendar = await this.#change(actor, ip, 'sla.calendar_holidays_imported', async (tx, now) => {
      const current = await this.get(actor, id, tx);
      const kept: HolidayDefinition[] = input.replace ? [] : [...current.definition.holidays];
      const known = new Set(kept.map(holidayKey));
      for (const holiday of holidays) {
        const key = holidayKey(holiday);
        if (known.has(key)) continue;
        known.add(key);
        kept.push(holiday);
        imported++;
      }
      const definition = validDefinition({ ...current.definition, holidays: kept });
      return tx
        .updateTable('business_calendars')
        .set({ definition: JSON.stringify(definition), updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return { calendar, imported, skipped };
  }

  async assignments(actor: Actor): Promise<CalendarAssignments> {
    authorize(actor, 'sla.read');
    const [organisations, teams] = await Promise.all([
      this.#db.selectFrom('organisation_calendars').selectAll().orderBy('organisation_id').execute(),
      this.#db.selectFrom('team_calendars').selectAll().orderBy('team_id').execute(),
    ]);
    return {
      organisations: organisations.map((row) => ({
        organisationId: row.organisation_id,
        calendarId: row.calendar_id,
      })),
      teams: teams.map((row) => ({ teamId: row.team_id, calendarId: row.calendar_id })),
    };
  }

  /** The organisation's own calendar (null removes it); it wins over the policy's. */
  async assignToOrganisation(
    actor: Actor,
    organisationId: number,
    calendarId: number | null,
    ip: string | null,
  ) {
    authorize(actor, 'sla.manage');
    await this.#change(
      actor,
      ip,
      'sla.calendar_assigned',
      async (tx) => {
        const organisation = await tx
          .selectFrom('organisations')
          .select('id')
          .where('id', '=', organisationId)
          .executeTakeFirst();
        if (!organisation) throw notFound('organisation');
        await tx.deleteFrom('organisation_calendars').where('organisation_id', '=', organisationId).execute();
        if (calendarId !== null) {
          await this.get(actor, calendarId, tx);
          await tx
            .insertInto('organisation_calendars')
            .values({ organisation_id: organisationId, calendar_id: calendarId })
            .execute();
        }
        return { id: organisationId, organisationId, calendarId };
      },
      'organisation',
    );
  }

  /** The team's calendar (null removes it); used when the policy names none. */
  async assignToTeam(actor: Actor, teamId: number, calendarId: number | null, ip: string | null) {
    authorize(actor, 'sla.manage');
    await this.#change(
      actor,
      ip,
      'sla.calendar_assigned',
      async (tx) => {
        const team = await tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
        if (!team) throw notFound('team');
        await tx.deleteFrom('team_calendars').where('team_id', '=', teamId).execute();
        if (calendarId !== null) {
          await this.get(actor, calendarId, tx);
          await tx
            .insertInto('team_calendars')
            .values({ team_id: teamId, calendar_id: calendarId })
            .execute();
        }
        return { id: teamId, teamId, calendarId };
      },
      'team',
    );
  }

  /** One audited change that makes open tickets recompute. */
  #change<T extends { id: number }>(
    actor: Actor,
    ip: string | null,
    action: string,
    apply: (tx: Queryable, now: Date) => Promise<T>,
    targetType = 'business_calendar',
  ): Promise<T> {
    return this.#db.transaction().execute(async (tx) => {
      const now = this.#clock();
      const result = await apply(tx, now);
      await bumpSlaConfigVersion(tx);
      const data = 'name' in result ? { name: result.name } : { ...result };
      await recordAudit(
        tx,
        { actorId: actor.userId, action, targetType, targetId: result.id, data, ip },
        now,
      );
      return result;
    });
  }
}

/** Stored definitions come back from jsonb with their keys reordered, so compare by content. */
function holidayKey(holiday: HolidayDefinition): string {
  return holiday.kind === 'range'
    ? `range|${holiday.name}|${holiday.from}|${holiday.to}`
    : `${holiday.kind}|${holiday.name}|${holiday.date}`;
}

async function clearDefault(tx: Queryable): Promise<void> {
  await tx
    .updateTable('business_calendars')
    .set({ is_default: false })
    .where('is_default', '=', true)
    .execute();
}
