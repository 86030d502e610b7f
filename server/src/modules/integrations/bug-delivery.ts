import type { Queryable } from '../../db/database.ts';
import type { TicketBugLinkRow, TrackerIntegrationRow } from '../../db/schema-sla.ts';
import { trackerAnswerSchema } from './integration.schema.ts';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './webhook-signature.ts';

const TIMEOUT_MS = 10_000;
const DESCRIPTION_LIMIT = 10_000;

/** The ticket summary a tracker receives with "create bug". */
async function bugRequestBody(
  db: Queryable,
  link: TicketBugLinkRow,
  integration: TrackerIntegrationRow,
  publicUrl: string,
  now: Date,
) {
  const ticket = await db
    .selectFrom('tickets')
    .leftJoin('organisations', 'organisations.id', 'tickets.organisation_id')
    .leftJoin('teams', 'teams.id', 'tickets.team_id')
    .select([
      'tickets.id',
      'tickets.subject',
      'tickets.status',
      'tickets.priority',
      'tickets.type',
      'tickets.channel',
      'tickets.tags',
      'tickets.created_at',
      'organisations.name as organisation',
      'teams.name as team',
      'teams.tier as tier',
    ])
    .where('tickets.id', '=', link.ticket_id)
    .executeTakeFirstOrThrow();
  const firstMessage = await db
    .selectFrom('ticket_messages')
    .select('body')
    .where('ticket_id', '=', link.ticket_id)
    .where('visibility', '=', 'public')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  const base = publicUrl.replace(/\/+$/, '');
  return {
    event: 'bug.create',
    sentAt: now.toISOString(),
    deliveryId: `bug-link-${link.id}`,
    bug: { title: link.title, description: link.description },
    ticket: {
      id: ticket.id,
      url: `${base}/tickets/${ticket.id}`,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      type: ticket.type,
      channel: ticket.channel,
      tags: ticket.tags,
      organisation: ticket.organisation,
      team: ticket.team === null ? null : { name: ticket.team, tier: ticket.tier },
      createdAt: ticket.created_at.toISOString(),
      description: (firstMessage?.body ?? '').slice(0, DESCRIPTION_LIMIT),
    },
    callback: {
      url: `${base}/api/integrations/${integration.id}/inbound`,
      body: '{ "externalId": "…", "state": "open|in_progress|fixed|closed|wont_fix", "url": "…" }',
      signature: 'X-Tierline-Signature: sha256=HMAC-SHA256(inbound secret, raw body)',
    },
  };
}

/**
 * POSTs "create bug" to the tracker, signed with the integration's signing secret over the
 * raw body, and returns its answer `{ id, url }`. Throws on anything else, so the queue retries.
 */
export async function deliverBugRequest(
  db: Queryable,
  link: TicketBugLinkRow,
  integration: TrackerIntegrationRow,
  publicUrl: string,
  now: Date,
): Promise<{ id: string; url: string }> {
  if (!integration.active) throw new Error(`The integration "${integration.name}" is inactive`);
  const raw = JSON.stringify(await bugRequestBody(db, link, integration, publicUrl, now));
  const response = await fetch(integration.outbound_url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Tierline',
      'x-tierline-event': 'bug.create',
      'x-tierline-delivery': `bug-link-${link.id}`,
      [SIGNATURE_HEADER]: signBody(integration.signing_secret, raw),
      [TIMESTAMP_HEADER]: String(Math.floor(now.getTime() / 1000)),
    },
    body: raw,
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`The tracker answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`The tracker's answer is not JSON: ${text.slice(0, 300)}`);
  }
  const answer = trackerAnswerSchema.safeParse(parsed);
  if (!answer.success) throw new Error(`The tracker's answer has no { id, url }: ${text.slice(0, 300)}`);
  return answer.data;
}
