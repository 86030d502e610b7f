import { sql } from 'kysely';
import { canSeeTicketIn } from '../../../access/policies.ts';
import type { Queryable } from '../../../db/database.ts';
import type { TicketRow } from '../../../db/schema.ts';
import type { AttachmentStore } from '../../attachments/attachment-store.ts';
import { personForAddress } from '../../people/person-for-address.ts';
import type { SettingsService } from '../../settings/settings.service.ts';
import type { TicketService } from '../../tickets/ticket.service.ts';
import { linkFollowUp } from '../../tickets/ticket-intake.ts';
import { recordBounce } from './bounces.ts';
import { recordFiles, type StoredFile } from './email-files.ts';
import { classifyAutomation, countSenderMessage } from './loop-protection.ts';
import type { ParsedEmail } from './parse.ts';
import { splitQuotedText } from './quotes.ts';
import { sanitizeEmailHtml } from './sanitize.ts';
import { actorFor } from './sender-people.ts';
import type { SupportAddresses } from './support-addresses.ts';
import { findThread, ticketSubjectOf } from './threading.ts';

export interface InboundDeps {
  tickets: TicketService;
  settings: SettingsService;
  attachments: AttachmentStore;
  addresses: SupportAddresses;
  subjectMatchDays: number;
  senderLimit: number;
}

export interface ImportInput {
  email: ParsedEmail;
  files: StoredFile[];
  envelopeFrom: string | null;
  envelopeTo: string[];
  addressId: number | null;
  raw: Buffer;
}

/** What became of a message; written on its email_inbound row. */
export interface ImportOutcome {
  state: 'processed' | 'dropped';
  outcome:
    | 'new_ticket'
    | 'reply'
    | 'follow_up'
    | 'bounce_attached'
    | 'bounce_unmatched'
    | 'auto_reply'
    | 'rate_limited'
    | 'own_message'
    | 'no_sender';
  reason: string | null;
  ticketId: number | null;
  ticketMessageId: number | null;
  suppressAutoResponse: boolean;
  html: string | null;
  inline: Record<string, number>;
  quoted: string | null;
}

const dropped = (outcome: ImportOutcome['outcome'], reason: string | null): ImportOutcome => ({
  state: 'dropped',
  outcome,
  reason,
  ticketId: null,
  ticketMessageId: null,
  suppressAutoResponse: true,
  html: null,
  inline: {},
  quoted: null,
});

function envelopeAddress(value: string | null): string | null {
  const address = value?.replace(/^<|>$/g, '').trim().toLowerCase();
  return address && /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}

async function isOurOwnMail(tx: Queryable, deps: InboundDeps, email: ParsedEmail, from: string | null) {
  if (from && (await deps.addresses.isOwn(from))) return true;
  // Our Message-IDs all start so (outbound.ts); others need no look-up.
  if (!email.messageId.startsWith('tl.')) return false;
  const sent = await tx
    .selectFrom('email_message_ids')
    .select('message_id')
    .where('message_id', '=', email.messageId)
    .where('direction', '=', 'outbound')
    .executeTakeFirst();
  return sent !== undefined;
}

/**
 * Decides what an inbound message is and writes it: a new ticket, a reply on the ticket it
 * threads to (reopening a solved one within the window), a follow-up to a closed one, a bounce
 * note, or nothing (loops, floods, our own mail). Runs inside the importing transaction.
 */
export async function importMessage(
  tx: Queryable,
  deps: InboundDeps,
  input: ImportInput,
  now: Date,
): Promise<ImportOutcome> {
  const { email } = input;
  const from = email.from?.address ?? envelopeAddress(input.envelopeFrom);
  if (await isOurOwnMail(tx, deps, email, from)) return dropped('own_message', 'sent by Tierline itself');

  const automation = classifyAutomation(email, input.envelopeFrom);
  if (automation.kind === 'bounce') {
    const bounce = await recordBounce(tx, deps, input, now);
    return {
      ...dropped(bounce.ticketId ? 'bounce_attached' : 'bounce_unmatched', bounce.reason),
      ...bounce.result,
    };
  }
  if (!from) return dropped('no_sender', 'no sender address in From or the envelope');
  if (!(await countSenderMessage(tx, from, now, deps.senderLimit))) {
    return dropped('rate_limited', `more than ${deps.senderLimit} messages from ${from} this hour`);
  }
  if (automation.kind === 'auto_reply') return dropped('auto_reply', automation.reason);

  // A person who writes to us has a working mailbox again.
  await tx.deleteFrom('email_bounces').where('address', '=', from).execute();
  const sender = await personForAddress(tx, from, email.from?.name ?? '');
  const actor = actorFor(sender);
  const attachmentIds = await recordFiles(tx, input.files, sender.id);
  const inline: Record<string, number> = {};
  input.files.forEach((file, index) => {
    const id = attachmentIds[index];
    if (file.cid && id !== undefined) inline[file.cid] = id;
  });
  const inlineUrls = Object.fromEntries(
    Object.entries(inline).map(([cid, id]) => [cid, `/api/attachments/${id}`]),
  );
  const split = splitQuotedText(email.text);
  const body = (split.fresh || (email.html ? '(HTML message)' : '(empty message)')).slice(0, 200_000);
  const bodyHtml = email.html
    ? sanitizeEmailHtml(email.html, { remote: false, inline: inlineUrls }).html.slice(0, 1_000_000)
    : undefined;
  const message = { body, bodyHtml, attachmentIds };

  const thread = await findThread(tx, {
    email,
    senderId: sender.id,
    mayReply: async (ticket) => canSeeTicketIn(tx, actor, ticket),
    subjectMatchDays: deps.subjectMatchDays,
    now,
  });
  let ticket: TicketRow;
  let outcome: ImportOutcome['outcome'];
  let messageId: number | null;
  const arrival = await deps.addresses.arrivalAddress(
    [...input.envelopeTo, ...email.to.map((to) => to.address), ...email.cc.map((cc) => cc.address)],
    input.addressId,
  );
  const { reopenWindowDays } = await deps.settings.get();
  const tooLate = (candidate: TicketRow) =>
    candidate.status === 'closed' ||
    (candidate.status === 'solved' &&
      candidate.solved_at !== null &&
      now.getTime() - candidate.solved_at.getTime() > reopenWindowDays * 86_400_000);

  if (thread && !tooLate(thread.ticket)) {
    if (!(await canSeeTicketIn(tx, actor, thread.ticket))) {
      // Someone on the mail thread who was not on the ticket yet (a colleague replying to all).
      await addParticipants(tx, thread.ticket.id, [sender.id], now);
    }
    const added = await deps.tickets.addMessage(
      actor,
      thread.ticket.id,
      { ...message, internal: false },
      {
        db: tx,
        channel: 'email',
      },
    );
    ticket = added.ticket;
    messageId = added.message.id;
    outcome = 'reply';
  } else {
    ticket = await deps.tickets.create(
      actor,
      { subject: ticketSubjectOf(email.subject), ...message, channel: 'email' },
      tx,
      { teamId: arrival?.team_id ?? null },
    );
    if (thread) await linkFollowUp(tx, thread.ticket, ticket, now);
    outcome = thread ? 'follow_up' : 'new_ticket';
    messageId = null;
  }

  // Everyone else on the mail (Cc, and other To addresses that are not ours) joins the ticket.
  const others: number[] = [];
  for (const person of [...email.to, ...email.cc]) {
    if (person.address === from || (await deps.addresses.isOwn(person.address))) continue;
    others.push((await personForAddress(tx, person.address, person.name)).id);
  }
  await addParticipants(
    tx,
    ticket.id,
    others.filter((id) => id !== ticket.requester_id),
    now,
  );
  // A new ticket's message is its first one.
  const mapped = await tx
    .insertInto('email_message_ids')
    .values({
      message_id: email.messageId,
      ticket_id: ticket.id,
      ticket_message_id:
        messageId ?? sql<number>`(SELECT min(id) FROM ticket_messages WHERE ticket_id = ${ticket.id})`,
      direction: 'inbound',
    })
    .returning('ticket_message_id')
    .executeTakeFirstOrThrow();
  return {
    state: 'processed',
    outcome,
    reason: thread ? `threaded by ${thread.match}` : null,
    ticketId: ticket.id,
    ticketMessageId: mapped.ticket_message_id,
    suppressAutoResponse: automation.kind === 'automated',
    html: email.html,
    inline,
    quoted: split.quoted || null,
  };
}

export async function addParticipants(
  tx: Queryable,
  ticketId: number,
  userIds: number[],
  now: Date,
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx
    .insertInto('ticket_participants')
    .values(unique.map((userId) => ({ ticket_id: ticketId, user_id: userId, created_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
