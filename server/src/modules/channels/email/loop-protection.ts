import { sql } from 'kysely';
import type { Queryable } from '../../../db/database.ts';
import type { ParsedEmail } from './parse.ts';

/**
 * How a message was written, as far as loops are concerned:
 * - bounce: a delivery status notification from a mail system (attached to the ticket it concerns)
 * - auto_reply: an automatic answer to a message (out of office, autoresponder): dropped, so two
 *   robots never talk to each other through a ticket
 * - automated: written by a program but not an answer (monitoring alert, list mail, bulk):
 *   it becomes a ticket, but Tierline never answers it automatically (RFC 3834)
 * - human: everything else
 */
export type Automation =
  | { kind: 'human' }
  | { kind: 'bounce' }
  | { kind: 'auto_reply'; reason: string }
  | { kind: 'automated'; reason: string };

const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailer|bounces?)@/i;
const BOUNCE_SUBJECT =
  /(undeliver|undelivered|delivery status notification|delivery failure|failure notice|returned mail|mail delivery failed|nondeliverable|non-delivery|could not be delivered)/i;
const AUTO_REPLY_SUBJECT =
  /^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|absence|autoreply|réponse automatique)\b|^auto:/i;

export function classifyAutomation(email: ParsedEmail, envelopeFrom: string | null): Automation {
  const header = (name: string) => email.headers.get(name)?.toLowerCase() ?? '';
  const fromAddress = email.from?.address ?? '';
  const reportType =
    /multipart\/report/.test(email.contentType) && /report-type="?delivery-status/.test(email.contentType);
  const nullSender = envelopeFrom === '' || envelopeFrom === '<>';
  if (reportType || ((BOUNCE_SENDER.test(fromAddress) || nullSender) && BOUNCE_SUBJECT.test(email.subject))) {
    return { kind: 'bounce' };
  }

  const autoSubmitted = header('auto-submitted').split(/[;\s]/)[0] ?? '';
  if (autoSubmitted === 'auto-replied') return { kind: 'auto_reply', reason: 'Auto-Submitted: auto-replied' };
  if (email.headers.has('x-autoreply')) return { kind: 'auto_reply', reason: 'X-Autoreply' };
  if (email.headers.has('x-autorespond')) return { kind: 'auto_reply', reason: 'X-Autorespond' };
  const precedence = header('precedence');
  if (precedence === 'auto_reply' || precedence === 'junk') {
    return { kind: 'auto_reply', reason: `Precedence: ${precedence}` };
  }
  if (
    /\b(oof|autoreply)\b/.test(header('x-auto-response-suppress')) &&
    AUTO_REPLY_SUBJECT.test(email.subject)
  ) {
    return { kind: 'auto_reply', reason: 'out-of-office reply' };
  }
  if (AUTO_REPLY_SUBJECT.test(email.subject) && (autoSubmitted !== '' || precedence !== '')) {
    return { kind: 'auto_reply', reason: 'automatic reply subject' };
  }

  if (autoSubmitted && autoSubmitted !== 'no')
    return { kind: 'automated', reason: `Auto-Submitted: ${autoSubmitted}` };
  if (precedence === 'bulk' || precedence === 'list')
    return { kind: 'automated', reason: `Precedence: ${precedence}` };
  if (email.headers.has('list-id') || email.headers.has('list-unsubscribe')) {
    return { kind: 'automated', reason: 'mailing list' };
  }
  if (/^(no-?reply|do-?not-?reply)@/i.test(fromAddress))
    return { kind: 'automated', reason: 'no-reply sender' };
  return { kind: 'human' };
}

/** Start of the hour a moment falls in: the window of the per-sender counter. */
export function hourWindow(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
}

/**
 * Counts one message from a sender in the current hour and says whether they are still within
 * the limit. Counted in the importing transaction, so a rolled-back import does not count.
 */
export async function countSenderMessage(
  tx: Queryable,
  address: string,
  now: Date,
  limit: number,
): Promise<boolean> {
  const row = await tx
    .insertInto('email_sender_counters')
    .values({ address, window_start: hourWindow(now), message_count: 1 })
    .onConflict((oc) =>
      oc.columns(['address', 'window_start']).doUpdateSet({
        message_count: sql<number>`email_sender_counters.message_count + 1`,
      }),
    )
    .returning('message_count')
    .executeTakeFirstOrThrow();
  return row.message_count <= limit;
}

/** Counters of past hours are of no more use; the sweep drops those older than a day. */
export async function pruneSenderCounters(db: Queryable, now: Date): Promise<void> {
  await db
    .deleteFrom('email_sender_counters')
    .where('window_start', '<', new Date(now.getTime() - 86_400_000))
    .execute();
}
