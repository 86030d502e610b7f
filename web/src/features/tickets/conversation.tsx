import { Group, Stack, Text } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import type { Ticket, TicketEvent } from '../../api/types';
import { RelativeTime } from '../../lib/relative-time';
import { describeEvent, type NameLookup } from './describe-event';
import { MessageCard } from './message-card';

/** Events shown inline between messages; the rest live in the History tab. */
const INLINE_EVENTS = new Set([
  'ticket.updated',
  'ticket.reopened',
  'ticket.merged_into',
  'ticket.merged_from',
  'ticket.merge_undone',
  'ticket.split_to',
  'ticket.split_from',
  'link.added',
]);

type Item =
  | { kind: 'message'; at: string; key: string; message: Ticket['messages'][number] }
  | { kind: 'event'; at: string; key: string; event: TicketEvent };

export function Conversation({
  ticket,
  events,
  names,
}: {
  ticket: Ticket;
  events: TicketEvent[];
  names: NameLookup;
}) {
  const items: Item[] = [
    ...ticket.messages.map((message) => ({
      kind: 'message' as const,
      at: message.createdAt,
      key: `m${message.id}`,
      message,
    })),
    ...events
      .filter((event) => INLINE_EVENTS.has(event.type))
      .map((event) => ({ kind: 'event' as const, at: event.createdAt, key: `e${event.id}`, event })),
  ].sort((a, b) => (a.at === b.at ? (a.kind === 'message' ? -1 : 1) : a.at < b.at ? -1 : 1));

  return (
    <Stack gap="sm" component="section" aria-label="Conversation">
      {items.map((item) =>
        item.kind === 'message' ? (
          <MessageCard key={item.key} message={item.message} ticketId={ticket.id} />
        ) : (
          <Group key={item.key} gap={6} justify="center" className="system-event" wrap="nowrap" px="md">
            <IconArrowsExchange size={13} aria-hidden="true" />
            <Text size="xs" c="dimmed" ta="center">
              <Text span fw={600} size="xs">
                {item.event.actor?.name ?? 'Tierline'}
              </Text>{' '}
              {describeEvent(item.event, names)} · <RelativeTime value={item.event.createdAt} />
            </Text>
          </Group>
        ),
      )}
    </Stack>
  );
}
