import type { Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';

/** The variables a macro (or a playbook reply) may use, with what each becomes. */
export const MACRO_VARIABLES = {
  'ticket.id': 'The ticket number, e.g. 1042',
  'ticket.number': 'The ticket number as people quote it, e.g. #1042',
  'ticket.subject': 'The subject',
  'ticket.status': 'The status',
  'ticket.priority': 'The priority, P1–P4',
  'ticket.type': 'The type',
  'requester.name': 'The requester’s name',
  'requester.first_name': 'The requester’s first name',
  'requester.email': 'The requester’s email address',
  'organisation.name': 'The requester’s organisation',
  'team.name': 'The team the ticket is assigned to',
  'assignee.name': 'The agent the ticket is assigned to',
  'agent.name': 'Your name (whoever applies the macro)',
  'agent.first_name': 'Your first name',
  'agent.email': 'Your email address',
} as const;
export type MacroVariable = keyof typeof MACRO_VARIABLES;

const VARIABLE = /\{\{\s*([a-z_]+(?:\.[a-z_]+)*)\s*\}\}/g;

const isVariable = (name: string): name is MacroVariable => Object.hasOwn(MACRO_VARIABLES, name);

/** Refuses templates naming variables that do not exist, so a typo is caught when the macro is saved. */
export function assertKnownVariables(template: string): void {
  const unknown = [...template.matchAll(VARIABLE)]
    .map((match) => match[1] ?? '')
    .filter((name) => !isVariable(name));
  if (unknown.length > 0) {
    throw invalid('unknown_variable', `Unknown variables: ${[...new Set(unknown)].join(', ')}`, {
      unknown: [...new Set(unknown)],
      known: Object.keys(MACRO_VARIABLES),
    });
  }
}

export type TemplateValues = Record<MacroVariable, string>;

export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(VARIABLE, (whole, name: string) => (isVariable(name) ? values[name] : whole));
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/** The values for one ticket and the agent working it. */
export async function templateValues(
  db: Queryable,
  ticket: TicketRow,
  agent: { name: string; email: string },
): Promise<TemplateValues> {
  const row = await db
    .selectFrom('users as requester')
    .leftJoin('organisations', 'organisations.id', 'requester.organisation_id')
    .select(['requester.name', 'requester.email', 'organisations.name as organisation_name'])
    .select((eb) => [
      eb
        .selectFrom('teams')
        .select('name')
        .where('id', '=', ticket.team_id ?? 0)
        .as('team_name'),
      eb
        .selectFrom('users')
        .select('name')
        .where('id', '=', ticket.assignee_id ?? 0)
        .as('assignee_name'),
    ])
    .where('requester.id', '=', ticket.requester_id)
    .executeTakeFirstOrThrow();
  return {
    'ticket.id': String(ticket.id),
    'ticket.number': `#${ticket.id}`,
    'ticket.subject': ticket.subject,
    'ticket.status': ticket.status,
    'ticket.priority': ticket.priority,
    'ticket.type': ticket.type,
    'requester.name': row.name,
    'requester.first_name': firstName(row.name),
    'requester.email': row.email,
    'organisation.name': row.organisation_name ?? '',
    'team.name': row.team_name ?? '',
    'assignee.name': row.assignee_name ?? '',
    'agent.name': agent.name,
    'agent.first_name': firstName(agent.name),
    'agent.email': agent.email,
  };
}
