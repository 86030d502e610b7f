import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPerson } from '../../../../test/harness.ts';
import { createTestApp } from '../../../../test/harness.ts';
import { corpusExpectations } from './corpus-expectations.ts';
import { hourWindow } from './loop-protection.ts';

/*
 * 47 real-world-shaped messages (corpus/*.eml) run through the inbound import one after another,
 * on a desk with six known tickets (#1001–#1006). Each has the outcome a person would expect.
 */
const testApp = await createTestApp({
  TIERLINE_EMAIL_SUBJECT_MATCH_DAYS: '7',
  TIERLINE_EMAIL_SENDER_LIMIT: '10',
});
const { ctx, factory, clock } = testApp;
const corpusDir = path.join(import.meta.dirname, 'corpus');

let acmeId = 0;
let staff: TestPerson;
const EXPECTED = corpusExpectations(ctx, { acmeId: () => acmeId, staffId: () => staff.user.id });

async function customer(email: string, name: string, organisationId: number) {
  const user = await ctx.people.insertUser(ctx.db, {
    email,
    name,
    role: 'customer',
    organisation_id: organisationId,
  });
  return {
    user,
    actor: {
      userId: user.id,
      role: user.role,
      organisationId,
      name,
      email,
      timeZone: 'UTC',
      scopes: null,
      sessionId: null,
    },
  };
}

beforeAll(async () => {
  await ctx.db
    .insertInto('email_addresses')
    .values({ address: 'support@help.example', is_default: true })
    .execute();
  const org = (name: string, domain: string) =>
    ctx.db
      .insertInto('organisations')
      .values({ name, domains: [domain] })
      .returning('id')
      .executeTakeFirstOrThrow();
  acmeId = (await org('Acme', 'acme.example')).id;
  const globex = (await org('Globex', 'globex.example')).id;
  const initech = (await org('Initech', 'initech.example')).id;
  const umbrella = (await org('Umbrella', 'umbrella.example')).id;
  staff = await factory.person('operator');
  await ctx.db
    .updateTable('users')
    .set({ email: 'sam@staff.help.example' })
    .where('id', '=', staff.user.id)
    .execute();
  const people = [
    await customer('alice@acme.example', 'Alice Martin', acmeId),
    await customer('bob@globex.example', 'Bob Stone', globex),
    await customer('carol@initech.example', 'Carol White', initech),
    await customer('dave@acme.example', 'Dave Brown', acmeId),
    await customer('erin@umbrella.example', 'Erin Black', umbrella),
    await customer('frank@acme.example', 'Frank Miller', acmeId),
  ];
  const subjects = [
    'Printer on 3rd floor offline',
    'VPN certificate expired',
    'Password reset',
    'Monitor arm broken',
    'Badge reader broken',
    'Outlook keeps asking for password',
  ];
  const tickets = [];
  for (const [index, person] of people.entries()) {
    tickets.push(
      await ctx.tickets.create(person.actor, {
        subject: subjects[index] ?? '',
        body: 'First message',
        channel: 'email',
      }),
    );
  }
  expect(tickets.map((ticket) => ticket.id)).toEqual([1001, 1002, 1003, 1004, 1005, 1006]);
  const firstMessage = async (ticketId: number) =>
    (
      await ctx.db
        .selectFrom('ticket_messages')
        .select('id')
        .where('ticket_id', '=', ticketId)
        .executeTakeFirstOrThrow()
    ).id;
  await ctx.db
    .insertInto('email_message_ids')
    .values([
      {
        message_id: 'CAF-alice-1@mail.gmail.com',
        ticket_id: 1001,
        ticket_message_id: await firstMessage(1001),
        direction: 'inbound',
      },
      {
        message_id: 'tl.1001.a1@help.example',
        ticket_id: 1001,
        ticket_message_id: null,
        direction: 'outbound',
      },
      {
        message_id: 'tl.1003.c1@help.example',
        ticket_id: 1003,
        ticket_message_id: null,
        direction: 'outbound',
      },
      {
        message_id: 'tl.1005.bounce@help.example',
        ticket_id: 1005,
        ticket_message_id: null,
        direction: 'outbound',
      },
    ])
    .execute();
  await ctx.db
    .insertInto('email_deliveries')
    .values({
      ticket_id: 1005,
      kind: 'agent_reply',
      from_address: 'support@help.example',
      to_addresses: ['erin@umbrella.example'],
      subject: 'Re: [#1005] Badge reader broken',
      message_id: 'tl.1005.bounce@help.example',
      body_text: 'x',
      body_html: 'x',
      state: 'sent',
    })
    .execute();
  await ctx.tickets.update(staff.actor, 1003, { status: 'closed' });
  await ctx.tickets.update(staff.actor, 1004, { status: 'solved' });
  clock.advance(30 * 86_400_000);
  await ctx.tickets.update(staff.actor, 1002, { status: 'solved' });
  await ctx.tickets.addMessage(staff.actor, 1006, { body: 'Which Outlook version?', internal: false });
  // The looping robot of 40–43 has sent 7 messages this hour already (limit 10); both windows, should the hour turn.
  const hour = hourWindow(ctx.clock());
  for (const window_start of [hour, new Date(hour.getTime() + 3_600_000)]) {
    await ctx.db
      .insertInto('email_sender_counters')
      .values({ address: 'robot@flood.example', window_start, message_count: 7 })
      .execute();
  }
});

describe('inbound corpus', () => {
  const files = fs
    .readdirSync(corpusDir)
    .filter((file) => file.endsWith('.eml'))
    .sort();

  it('holds at least 40 messages, each with an expected outcome', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.filter((file) => !(file in EXPECTED))).toEqual([]);
  });

  for (const file of files) {
    it(`${file}: ${EXPECTED[file]?.outcome}`, async () => {
      const expected = EXPECTED[file];
      if (!expected) throw new Error(`no expectation for ${file}`);
      const result = await ctx.email.inbound.accept({
        raw: fs.readFileSync(path.join(corpusDir, file)),
        source: 'smtp',
        envelopeFrom: expected.envelopeFrom === undefined ? null : expected.envelopeFrom,
        envelopeTo: ['support@help.example'],
      });
      expect([result.outcome, result.duplicate]).toEqual([expected.outcome, false]);
      if (expected.ticket === 'new') expect(result.ticketId).toBeGreaterThan(1006);
      else expect(result.ticketId).toBe(expected.ticket ?? null);
      await expected.check?.(result);
    });
  }

  it('imports none of them twice when the whole corpus is delivered again', async () => {
    const before = await ctx.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const file of files) {
      const raw = fs.readFileSync(path.join(corpusDir, file));
      const again = await ctx.email.inbound.accept({
        raw,
        source: 'smtp',
        envelopeFrom: null,
        envelopeTo: ['support@help.example'],
      });
      expect(again.duplicate).toBe(true);
    }
    const after = await ctx.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
