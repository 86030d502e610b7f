import { sql } from 'kysely';
import type { Queryable } from '../../../db/database.ts';
import type { TicketRow } from '../../../db/schema.ts';
import type { ParsedEmail } from './parse.ts';

/** How an inbound message found its ticket. */
export type ThreadMatch = 'headers' | 'subject_tag' | 'subject_match';

export interface ThreadResult {
  ticket: TicketRow;
  match: ThreadMatch;
}

const TAG = /\[#(\d{1,15})\]/;

/** The ticket number tag `[#1234]` we put in every subject, if the subject carries one. */
export function ticketTagOf(subject: string): number | null {
  const match = TAG.exec(subject);
  const id = match ? Number(match[1]) : Number.NaN;
  return Number.isSafeInteger(id) ? id : null;
}

/** Adds the tag to a subject that lacks it: "[#1234] Printer on fire". */
export function withTicketTag(subject: string, ticketId: number): string {
  return ticketTagOf(subject) === ticketId ? subject : `[#${ticketId}] ${subject}`.trim();
}

const PREFIX = /^\s*((re|fw|fwd|aw|wg|sv|vs|antw|tr|rv|réf|ref)\s*(\[\d+\])?\s*:\s*)+/i;

/** A subject without reply/forward prefixes, ticket tags, case or spacing differences. */
export function normaliseSubject(subject: string): string {
  let text = subject.replace(/\[#\d+\]/g, ' ');
  let previous = '';
  while (previous !== text) {
    previous = text;
    text = text.replace(PREFIX, '').trim();
  }
  return text.replace(/\s+/g, ' ').toLowerCase();
}

/** A new ticket's subject: the mail's, without reply prefixes and foreign tags. */
export function ticketSubjectOf(subject: string): string {
  let text = subject.replace(/\[#\d+\]/g, ' ');
  let previous = '';
  while (previous !== text) {
    previous = text;
    text = text.replace(PREFIX, '').trim();
  }
  return text.replace(/\s+/g, ' ').slice(0, 500) || '(no subject)';
}

/** Follows merges: a reply to a merged ticket belongs to the ticket it was merged into. */
async function followMerges(db: Queryable, ticketId: number): Promise<TicketRow | undefined> {
  let id: number | null = ticketId;
  for (let hops = 0; id !== null && hops < 20; hops++) {
    const ticket: TicketRow | undefined = await db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!ticket) return undefined;
    if (ticket.merged_into_id === null) return ticket;
    id = ticket.merged_into_id;
  }
  return undefined;
}

/** The ticket a Message-ID belongs to; messages moved by a merge or split are followed. */
async function ticketOfMessageIds(db: Queryable, ids: string[]): Promise<number | null> {
  if (ids.length === 0) return null;
  const rows = await db
    .selectFrom('email_message_ids')
    .leftJoin('ticket_messages', 'ticket_messages.id', 'email_message_ids.ticket_message_id')
    .select([
      'email_message_ids.message_id',
      sql<number>`coalesce(ticket_messages.ticket_id, email_message_ids.ticket_id)`.as('ticket_id'),
    ])
    .where('email_message_ids.message_id', 'in', ids)
    .execute();
  // In-Reply-To first, then References from the newest back.
  for (const id of ids) {
    const row = rows.find((candidate) => candidate.message_id === id);
    if (row) return Number(row.ticket_id);
  }
  return null;
}

export interface ThreadLookup {
  email: ParsedEmail;
  senderId: number;
  /** May the sender see (and so reply to) this ticket? */
  mayReply(ticket: TicketRow): Promise<boolean>;
  subjectMatchDays: number;
  now: Date;
}

/**
 * Finds the ticket an inbound message continues: a Message-ID of the ticket in In-Reply-To or
 * References; else the [#id] tag in the subject (when the sender may see that ticket, so a
 * guessed number never lets a stranger in); else, when configured, the sender's own ticket with
 * the same normalised subject changed within N days. null: the message opens a new ticket.
 */
export async function findThread(db: Queryable, lookup: ThreadLookup): Promise<ThreadResult | null> {
  const { email } = lookup;
  const headerIds = [...email.inReplyTo, ...[...email.references].reverse()];
  const byHeaders = await ticketOfMessageIds(db, [...new Set(headerIds)]);
  if (byHeaders !== null) {
    const ticket = await followMerges(db, byHeaders);
    if (ticket) return { ticket, match: 'headers' };
  }
  const tagged = ticketTagOf(email.subject);
  if (tagged !== null) {
    const ticket = await followMerges(db, tagged);
    if (ticket && (await lookup.mayReply(ticket))) return { ticket, match: 'subject_tag' };
  }
  if (lookup.subjectMatchDays > 0) {
    const subject = normaliseSubject(email.subject);
    if (subject.length >= 3) {
      const since = new Date(lookup.now.getTime() - lookup.subjectMatchDays * 86_400_000);
      const candidates = await db
        .selectFrom('tickets')
        .selectAll()
        .where('requester_id', '=', lookup.senderId)
        .where('merged_into_id', 'is', null)
        .where('status', '!=', 'closed')
        .where('updated_at', '>=', since)
        .orderBy('updated_at', 'desc')
        .limit(20)
        .execute();
      const ticket = candidates.find((candidate) => normaliseSubject(candidate.subject) === subject);
      if (ticket) return { ticket, match: 'subject_match' };
    }
  }
  return null;
}
