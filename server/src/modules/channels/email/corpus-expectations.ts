import { expect } from 'vitest';
import type { AppContext } from '../../../app-context.ts';
import type { AcceptResult } from './inbound-service.ts';

/** What each message of corpus/ must become (corpus.test.ts runs them in name order). */
export type Outcome =
  | 'new_ticket'
  | 'reply'
  | 'follow_up'
  | 'bounce_attached'
  | 'bounce_unmatched'
  | 'auto_reply'
  | 'rate_limited'
  | 'own_message';
export interface Expectation {
  outcome: Outcome;
  /** The ticket it lands on: a fixture number, or 'new' for a ticket it opened. */
  ticket?: number | 'new';
  envelopeFrom?: string | null;
  check?: (result: AcceptResult) => Promise<void>;
}

/**
 * Fixtures of the corpus desk: Acme's organisation id and the staff member who answers by mail.
 */
export interface CorpusFixtures {
  acmeId(): number;
  staffId(): number;
}

export function corpusExpectations(ctx: AppContext, fixtures: CorpusFixtures): Record<string, Expectation> {
  const lastMessage = (ticketId: number | null) =>
    ctx.db
      .selectFrom('ticket_messages')
      .selectAll()
      .where('ticket_id', '=', ticketId ?? 0)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
  const ticketRow = (ticketId: number | null) =>
    ctx.db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', ticketId ?? 0)
      .executeTakeFirstOrThrow();
  const requesterEmail = async (ticketId: number | null) =>
    (
      await ctx.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', (await ticketRow(ticketId)).requester_id)
        .executeTakeFirstOrThrow()
    ).email;
  const attachmentNames = async (ticketId: number | null) =>
    (
      await ctx.db
        .selectFrom('attachments')
        .select('filename')
        .where('message_id', '=', (await lastMessage(ticketId)).id)
        .orderBy('id')
        .execute()
    ).map((row) => row.filename);
  const inboundRow = (result: AcceptResult) =>
    ctx.db
      .selectFrom('email_inbound')
      .selectAll()
      .where('id', '=', result.inboundId)
      .executeTakeFirstOrThrow();
  const suppressed = async (result: AcceptResult) =>
    expect((await inboundRow(result)).suppress_auto_response).toBe(true);
  const bodyIs = (text: string) => async (result: AcceptResult) =>
    expect((await lastMessage(result.ticketId)).body).toBe(text);

  return {
    '01-plain-new.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (result) => {
        const ticket = await ticketRow(result.ticketId);
        expect(ticket.subject).toBe('Scanner on 2nd floor shows error E-204');
        expect(ticket.organisation_id).toBe(fixtures.acmeId());
        expect(ticket.channel).toBe('email');
      },
    },
    '02-gmail-alternative-new.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (r) =>
        expect((await lastMessage(r.ticketId)).body_html).toContain('<div>It worked last week.</div>'),
    },
    '03-gmail-reply-in-reply-to.eml': {
      outcome: 'reply',
      ticket: 1001,
      check: async (result) => {
        expect((await lastMessage(1001)).body).toBe('It is offline again since 7:45.');
        expect((await inboundRow(result)).quoted_text).toContain('> We have received your request');
        expect((await lastMessage(1001)).body_html).toContain('<details data-tierline-quoted="true">');
      },
    },
    '04-outlook-reply-tag-only.eml': {
      outcome: 'reply',
      ticket: 1001,
      check: bodyIs('Facilities says the network port was changed. Can you check the switch?\n\nAlice'),
    },
    '05-apple-mail-reply-references.eml': {
      outcome: 'reply',
      ticket: 1001,
      check: bodyIs('Sorry, one more thing: it is the HP LaserJet M507.'),
    },
    '06-reply-reopens-solved.eml': {
      outcome: 'reply',
      ticket: 1002,
      check: async () => expect((await ticketRow(1002)).status).toBe('open'),
    },
    '07-reply-to-closed-follow-up.eml': {
      outcome: 'follow_up',
      ticket: 'new',
      check: async (result) => {
        const link = await ctx.db
          .selectFrom('ticket_links')
          .selectAll()
          .where('ticket_id', '=', 1003)
          .executeTakeFirst();
        expect(link?.related_ticket_id).toBe(result.ticketId);
        expect((await ticketRow(1003)).status).toBe('closed');
      },
    },
    '08-reply-after-reopen-window.eml': {
      outcome: 'follow_up',
      ticket: 'new',
      check: async () => expect((await ticketRow(1004)).status).toBe('solved'),
    },
    '09-subject-match-same-requester.eml': { outcome: 'reply', ticket: 1006 },
    '10-subject-match-other-sender.eml': { outcome: 'new_ticket', ticket: 'new' },
    '11-stranger-guesses-ticket-number.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (r) => expect(await requesterEmail(r.ticketId)).toBe('mallory@evil.example'),
    },
    '12-iso-8859-1-quoted-printable.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (result) => {
        expect((await ticketRow(result.ticketId)).subject).toBe('Störung im Büro München');
        expect((await lastMessage(result.ticketId)).body).toContain(
          'funktioniert das WLAN im Büro nicht mehr. Grüße aus München.',
        );
        const person = await ctx.people.findByEmail('juergen@bueroland.example');
        expect(person?.name).toBe('Jürgen Müller');
      },
    },
    '13-windows-1252-base64.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (result) => {
        expect((await ticketRow(result.ticketId)).subject).toBe('Invoice tool shows “Error 17”');
        expect((await lastMessage(result.ticketId)).body).toContain(
          'the total is 1.299,00 € instead of 1.099,00 €',
        );
      },
    },
    '14-utf8-encoded-word-base64-subject.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (result) => {
        expect((await ticketRow(result.ticketId)).subject).toBe('プリンターが印刷できません 😟');
        expect((await lastMessage(result.ticketId)).body).toContain('エラーコードは 0x61011bed です。🙏');
      },
    },
    '15-iso-8859-2-polish.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (r) => {
        expect((await ticketRow(r.ticketId)).subject).toBe('Zażółć gęślą jaźń');
        expect((await lastMessage(r.ticketId)).body).toBe('Dzień dobry, drukarka w pokoju 12 nie działa.');
      },
    },
    '16-nested-multipart-inline-image.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (result) => {
        expect(await attachmentNames(result.ticketId)).toEqual(['screenshot.png', 'sap-log.pdf']);
        const message = await lastMessage(result.ticketId);
        expect(message.body).toBe('SAP shows the error below when I post an invoice. Log attached.');
        expect(message.body_html).toMatch(
          /<img alt="error dialog" width="640" src="\/api\/attachments\/\d+" data-cid="screenshot-01@acme.example" \/>/,
        );
      },
    },
    '17-html-remote-image-and-cid.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (result) => {
        const html = (await lastMessage(result.ticketId)).body_html ?? '';
        expect(html).toContain('data-remote-src="https://tracker.example/open.gif?u=lena"');
        expect(html).not.toMatch(/ src="https:\/\/tracker/);
        expect(html).toMatch(/src="\/api\/attachments\/\d+"/);
        expect(html).not.toContain('position');
        expect(html).toContain('style="color:#333"');
      },
    },
    '18-html-only-hostile.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (result) => {
        const message = await lastMessage(result.ticketId);
        expect(message.body).toContain('in a mail, was that bad?');
        for (const bad of [
          '<script',
          'onload',
          'onclick',
          'javascript:',
          '<iframe',
          '<form',
          '<input',
          'url(',
          'z-index',
          'evil.example',
        ]) {
          expect(message.body_html).not.toContain(bad);
        }
      },
    },
    '19-forwarded-inline.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (r) => expect((await lastMessage(r.ticketId)).body).toContain('Your mailbox is 98% full.'),
    },
    '20-forward-lost-headers-tag.eml': {
      outcome: 'reply',
      ticket: 1001,
      check: bodyIs("Forwarding my colleague's note: the toner light is blinking too."),
    },
    '21-forward-as-attachment.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (r) => expect(await attachmentNames(r.ticketId)).toEqual(['Strange invoice.eml']),
    },
    '22-dsn-postfix-bounce.eml': {
      outcome: 'bounce_attached',
      ticket: 1005,
      envelopeFrom: '',
      check: async () => {
        const note = await lastMessage(1005);
        expect([note.visibility, note.author_id]).toEqual(['internal', null]);
        expect(note.body).toContain('delivery to erin@umbrella.example failed: smtp; 550 5.1.1');
        expect(await attachmentNames(1005)).toEqual(['bounce.eml']);
        expect(
          await ctx.db
            .selectFrom('email_bounces')
            .select('address')
            .where('address', '=', 'erin@umbrella.example')
            .executeTakeFirst(),
        ).toBeDefined();
        const delivery = await ctx.db
          .selectFrom('email_deliveries')
          .select('state')
          .where('message_id', '=', 'tl.1005.bounce@help.example')
          .executeTakeFirstOrThrow();
        expect(delivery.state).toBe('bounced');
      },
    },
    '23-exchange-ndr-headers-only.eml': {
      outcome: 'bounce_attached',
      ticket: 1001,
      check: async () => expect((await lastMessage(1001)).body).toContain('gone@acme.example'),
    },
    '24-qmail-bounce-unmatched.eml': {
      outcome: 'bounce_unmatched',
      envelopeFrom: '',
      check: async () =>
        expect(
          await ctx.db
            .selectFrom('email_bounces')
            .select('address')
            .where('address', '=', 'nobody@oldhost.example')
            .executeTakeFirst(),
        ).toBeDefined(),
    },
    '25-dsn-delayed.eml': {
      outcome: 'bounce_attached',
      ticket: 1005,
      check: async () =>
        expect(
          await ctx.db
            .selectFrom('email_bounces')
            .select('address')
            .where('address', '=', 'frank.temp@umbrella.example')
            .executeTakeFirst(),
        ).toBeUndefined(),
    },
    '26-out-of-office-auto-submitted.eml': { outcome: 'auto_reply' },
    '27-exchange-automatic-reply.eml': { outcome: 'auto_reply' },
    '28-x-autoreply.eml': { outcome: 'auto_reply' },
    '29-x-autorespond.eml': { outcome: 'auto_reply' },
    '30-precedence-junk.eml': { outcome: 'auto_reply' },
    '31-precedence-bulk-newsletter.eml': { outcome: 'new_ticket', ticket: 'new', check: suppressed },
    '32-monitoring-auto-generated.eml': { outcome: 'new_ticket', ticket: 'new', check: suppressed },
    '33-mailing-list.eml': { outcome: 'new_ticket', ticket: 'new', check: suppressed },
    '34-own-address-loop.eml': { outcome: 'own_message' },
    '35-malformed-no-from-header.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      envelopeFrom: 'fax-gateway@legacy.example',
      check: async (r) => expect(await requesterEmail(r.ticketId)).toBe('fax-gateway@legacy.example'),
    },
    '36-malformed-broken-headers.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      envelopeFrom: 'broken@legacy.example',
      check: async (r) =>
        expect((await lastMessage(r.ticketId)).body).toContain('The body survives broken headers.'),
    },
    '37-malformed-missing-boundary.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (r) => expect((await lastMessage(r.ticketId)).body).toContain('My mail client crashed'),
    },
    '38-no-message-id.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (r) => expect((await inboundRow(r)).message_id).toMatch(/@tierline\.invalid$/),
    },
    '39-cc-participants.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: async (result) => {
        const participants = await ctx.db
          .selectFrom('ticket_participants')
          .innerJoin('users', 'users.id', 'ticket_participants.user_id')
          .select(['users.email', 'users.role'])
          .where('ticket_id', '=', result.ticketId ?? 0)
          .execute();
        expect(participants).toEqual([{ email: 'heidi@partner.example', role: 'customer' }]);
      },
    },
    '40-flood-1.eml': { outcome: 'new_ticket', ticket: 'new' },
    '41-flood-2.eml': { outcome: 'new_ticket', ticket: 'new' },
    '42-flood-3.eml': { outcome: 'new_ticket', ticket: 'new' },
    '43-flood-4.eml': { outcome: 'rate_limited' },
    '44-base64-utf8-text.eml': {
      outcome: 'new_ticket',
      ticket: 'new',
      check: bodyIs('The camera stays black in Teams calls – in the Camera app it works.'),
    },
    '45-thunderbird-reply-moz-cite.eml': {
      outcome: 'reply',
      ticket: 1001,
      check: async () => {
        const message = await lastMessage(1001);
        expect(message.body).toBe('It is printing again after the switch port was fixed.');
        expect(message.body_html).toMatch(
          /^<p>It is printing again after the switch port was fixed.<\/p><details/,
        );
      },
    },
    '46-interleaved-reply.eml': {
      outcome: 'reply',
      ticket: 1001,
      check: async () =>
        expect((await lastMessage(1001)).body).toContain('> Which floor exactly?\n3rd floor, room 301.'),
    },
    '47-staff-replies-by-email.eml': {
      outcome: 'reply',
      ticket: 1001,
      check: async () => {
        const message = await lastMessage(1001);
        expect([message.author_id, message.visibility, message.channel]).toEqual([
          fixtures.staffId(),
          'public',
          'email',
        ]);
      },
    },
  };
}
