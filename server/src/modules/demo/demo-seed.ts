import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import type { Level, Role, TicketStatus, TicketType } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { seedDemoGuidance } from './demo-guidance.ts';
import { seedDemoKnowledge } from './demo-knowledge.ts';
import { demoTicketAge, seedDemoSla, ticketsInThePast } from './demo-sla.ts';

export const DEMO_PASSWORD = 'demo-password';

const ORGANISATIONS = [
  { name: 'Northwind Logistics', domains: ['northwind.example'], time_zone: 'Europe/Berlin' },
  { name: 'Contoso Health', domains: ['contoso.example'], time_zone: 'America/New_York' },
  { name: 'Globex Manufacturing', domains: ['globex.example'], time_zone: 'Asia/Kolkata' },
];

const TEAMS = [
  { name: 'Self-service', tier: 0, description: 'Knowledge base and automation' },
  { name: 'Service Desk', tier: 1, description: 'First line: calls, chats and mail' },
  { name: 'Technical Support', tier: 2, description: 'In-depth diagnosis' },
  { name: 'Platform Engineering', tier: 3, description: 'Experts for infrastructure and applications' },
  { name: 'Development', tier: 3, description: 'Product bugs and fixes' },
  { name: 'Vendors', tier: 4, description: 'Hardware and software suppliers' },
];

const STAFF: { name: string; email: string; role: Role; team: string; timeZone: string; position: string }[] =
  [
    {
      name: 'Olivia Operator',
      email: 'operator@demo.tierline.local',
      role: 'operator',
      team: 'Service Desk',
      timeZone: 'Europe/London',
      position: 'Service desk agent',
    },
    {
      name: 'Omar Operator',
      email: 'operator2@demo.tierline.local',
      role: 'operator',
      team: 'Service Desk',
      timeZone: 'Asia/Kolkata',
      position: 'Service desk agent',
    },
    {
      name: 'Erin Engineer',
      email: 'engineer@demo.tierline.local',
      role: 'engineer',
      team: 'Technical Support',
      timeZone: 'Europe/Berlin',
      position: 'Support engineer',
    },
    {
      name: 'Ezra Expert',
      email: 'engineer3@demo.tierline.local',
      role: 'engineer',
      team: 'Platform Engineering',
      timeZone: 'America/New_York',
      position: 'Senior engineer',
    },
    {
      name: 'Sam Supervisor',
      email: 'supervisor@demo.tierline.local',
      role: 'supervisor',
      team: 'Service Desk',
      timeZone: 'Europe/London',
      position: 'Team lead',
    },
    {
      name: 'Maya Manager',
      email: 'manager@demo.tierline.local',
      role: 'manager',
      team: 'Technical Support',
      timeZone: 'Europe/London',
      position: 'Head of support',
    },
  ];

const CUSTOMERS: { name: string; email: string; org: number; role: Role }[] = [
  { name: 'Nina Northwind', email: 'nina@northwind.example', org: 0, role: 'client_admin' },
  { name: 'Noah Northwind', email: 'noah@northwind.example', org: 0, role: 'customer' },
  { name: 'Carla Contoso', email: 'carla@contoso.example', org: 1, role: 'client_admin' },
  { name: 'Chris Contoso', email: 'chris@contoso.example', org: 1, role: 'customer' },
  { name: 'Gita Globex', email: 'gita@globex.example', org: 2, role: 'customer' },
];

const TICKETS: {
  subject: string;
  body: string;
  customer: number;
  type: TicketType;
  impact: Level;
  urgency: Level;
  status: TicketStatus;
  team?: string;
  staff?: number;
  reply?: string;
  note?: string;
  tags: string[];
}[] = [
  {
    subject: 'VPN drops every 10 minutes',
    body: 'Since this morning the VPN disconnects roughly every ten minutes for the whole Hamburg office.',
    customer: 1,
    type: 'incident',
    impact: 'high',
    urgency: 'high',
    status: 'open',
    team: 'Technical Support',
    staff: 2,
    reply: 'We are looking into the VPN concentrator logs now.',
    note: 'Looks like the IKE rekey timer; checking firmware.',
    tags: ['vpn', 'network'],
  },
  {
    subject: 'New laptop for starter on Monday',
    body: 'Please prepare a laptop with the standard image for our new colleague starting Monday.',
    customer: 0,
    type: 'service_request',
    impact: 'low',
    urgency: 'medium',
    status: 'new',
    team: 'Service Desk',
    tags: ['hardware', 'onboarding'],
  },
  {
    subject: 'Invoice export fails with error 500',
    body: 'Exporting invoices as CSV fails with "Internal error" since the update.',
    customer: 3,
    type: 'bug',
    impact: 'medium',
    urgency: 'high',
    status: 'on_hold',
    team: 'Development',
    staff: 3,
    reply: 'Reproduced; our developers are on it.',
    tags: ['billing', 'export'],
  },
  {
    subject: 'How do I reset my MFA device?',
    body: 'I got a new phone and cannot sign in with my authenticator app anymore.',
    customer: 2,
    type: 'question',
    impact: 'low',
    urgency: 'high',
    status: 'pending',
    team: 'Service Desk',
    staff: 0,
    reply: 'Could you confirm the last four digits of your registered phone number?',
    tags: ['mfa', 'access'],
  },
  {
    subject: 'Printer on 3rd floor jams',
    body: 'The HP printer on the third floor jams on every second page.',
    customer: 4,
    type: 'incident',
    impact: 'low',
    urgency: 'low',
    status: 'solved',
    team: 'Service Desk',
    staff: 1,
    reply: 'The fuser was replaced; it prints fine again.',
    tags: ['printer'],
  },
  {
    subject: 'Access to shared drive "Finance"',
    body: 'Please grant me read access to the Finance share.',
    customer: 1,
    type: 'service_request',
    impact: 'low',
    urgency: 'low',
    status: 'closed',
    team: 'Service Desk',
    staff: 0,
    reply: 'Access granted.',
    tags: ['access'],
  },
  {
    subject: 'Database replication lag on reporting server',
    body: 'Reports show data that is several hours old.',
    customer: 2,
    type: 'problem',
    impact: 'critical',
    urgency: 'high',
    status: 'open',
    team: 'Platform Engineering',
    staff: 3,
    note: 'Replica is CPU bound; planning a resize tonight.',
    tags: ['database'],
  },
  {
    subject: 'Outlook keeps asking for password',
    body: 'Outlook on my desktop asks for my password every few minutes.',
    customer: 4,
    type: 'incident',
    impact: 'medium',
    urgency: 'medium',
    status: 'new',
    tags: ['email'],
  },
];

/**
 * A small but complete workspace for trying Tierline: client organisations, staff in every role
 * and tier, customers and client admins, and tickets in every state. Runs only on a database
 * with no tickets, so it never mixes demo data into real work.
 */
export async function seedDemoWorkspace(ctx: AppContext): Promise<boolean> {
  const anyTicket = await ctx.db.selectFrom('tickets').select('id').limit(1).executeTakeFirst();
  if (anyTicket) return false;
  const ids = await ctx.db.transaction().execute(async (tx) => {
    const organisations = [];
    for (const org of ORGANISATIONS) {
      organisations.push(
        await tx.insertInto('organisations').values(org).returning('id').executeTakeFirstOrThrow(),
      );
    }
    const teams = new Map<string, number>();
    for (const team of TEAMS) {
      const row = await tx.insertInto('teams').values(team).returning('id').executeTakeFirstOrThrow();
      teams.set(team.name, row.id);
    }
    const staff = [];
    for (const person of STAFF) {
      const user = await ctx.people.insertUser(tx, {
        email: person.email,
        name: person.name,
        role: person.role,
        time_zone: person.timeZone,
        position: person.position,
        password: DEMO_PASSWORD,
      });
      await tx
        .insertInto('team_members')
        .values({ team_id: teams.get(person.team)!, user_id: user.id })
        .execute();
      staff.push(user);
    }
    const customers = [];
    for (const person of CUSTOMERS) {
      customers.push(
        await ctx.people.insertUser(tx, {
          email: person.email,
          name: person.name,
          role: person.role,
          organisation_id: organisations[person.org]!.id,
          password: DEMO_PASSWORD,
        }),
      );
    }
    for (const name of ['Windows', 'macOS', 'Networking', 'Microsoft 365', 'Databases', 'Printers']) {
      await tx
        .insertInto('skills')
        .values({ name, category: name === 'Networking' ? 'network' : 'software' })
        .execute();
    }
    await tx
      .insertInto('views')
      .values([
        {
          name: 'Unassigned',
          filters: JSON.stringify({ status: ['new', 'open'], assignee: 'none' }),
          position: 1,
        },
        {
          name: 'My open tickets',
          filters: JSON.stringify({ status: ['new', 'open', 'pending', 'on_hold'], assignee: 'me' }),
          position: 0,
        },
        {
          name: 'All open',
          filters: JSON.stringify({ status: ['new', 'open', 'pending', 'on_hold'] }),
          position: 2,
        },
        {
          name: 'Urgent (P1/P2)',
          filters: JSON.stringify({ status: ['new', 'open'], priority: ['P1', 'P2'] }),
          sort: 'priority',
          position: 3,
        },
        { name: 'Recently solved', filters: JSON.stringify({ status: ['solved'] }), position: 4 },
      ])
      .execute();
    await seedDemoGuidance(tx, {
      supervisorId: staff.find((user) => user.role === 'supervisor')!.id,
      escalationTeamId: teams.get('Technical Support')!,
    });
    await recordAudit(tx, {
      actorId: null,
      action: 'demo.seeded',
      data: { organisations: organisations.length, staff: staff.length },
    });
    return { teams, staff, customers };
  });

  const asActor = (user: {
    id: number;
    role: Role;
    organisation_id: number | null;
    name: string;
    email: string;
  }): Actor => ({
    userId: user.id,
    role: user.role,
    organisationId: user.organisation_id,
    name: user.name,
    email: user.email,
    timeZone: 'UTC',
    scopes: null,
    sessionId: null,
  });
  await seedDemoSla(ctx, asActor(ids.staff.find((user) => user.role === 'manager')!));
  const past = ticketsInThePast(ctx);
  for (const ticket of TICKETS) {
    const customer = ids.customers[ticket.customer]!;
    past.at(demoTicketAge(ticket.subject).arrived);
    const created = await past.tickets.create(asActor(customer), {
      subject: ticket.subject,
      body: ticket.body,
      type: ticket.type,
      impact: ticket.impact,
      urgency: ticket.urgency,
      channel: 'portal',
    });
    const agent = ids.staff[ticket.staff ?? 4]!;
    past.at(demoTicketAge(ticket.subject).handled);
    const routing = {
      teamId: ticket.team ? ids.teams.get(ticket.team) : undefined,
      assigneeId: ticket.staff === undefined ? undefined : agent.id,
      tags: ticket.tags,
    };
    await past.tickets.update(asActor(agent), created.id, routing);
    if (ticket.note)
      await past.tickets.addMessage(asActor(agent), created.id, { body: ticket.note, internal: true });
    if (ticket.reply)
      await past.tickets.addMessage(asActor(agent), created.id, { body: ticket.reply, internal: false });
    if (ticket.status !== 'new' && ticket.status !== 'open') {
      await past.tickets.update(asActor(agent), created.id, { status: ticket.status });
    } else if (ticket.status === 'open' && !ticket.reply) {
      await past.tickets.update(asActor(agent), created.id, { status: 'open' });
    }
  }
  await past.settle();
  await seedDemoKnowledge(ctx, asActor(ids.staff.find((user) => user.role === 'supervisor')!));
  return true;
}
