import { Badge, Group, Text, Timeline } from '@mantine/core';
import type { TicketEvent } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { changeLines, describeEvent, type NameLookup } from './describe-event';

/** The complete history of a ticket: every change, who made it and when, oldest first. */
export function HistoryTimeline({ events, names }: { events: TicketEvent[]; names: NameLookup }) {
  if (events.length === 0) return <Text c="dimmed">No history yet.</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} active={events.length} aria-label="Ticket history">
      {events.map((event) => {
        const lines = event.type === 'ticket.updated' ? changeLines(event, names) : [];
        return (
          <Timeline.Item
            key={event.id}
            title={
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  {event.actor?.name ?? 'Tierline'}
                </Text>
                <Text size="sm">{lines.length ? 'changed' : describeEvent(event, names)}</Text>
                {event.internal && (
                  <Badge size="xs" variant="light" color="gray">
                    staff only
                  </Badge>
                )}
              </Group>
            }
          >
            {lines.map((line) => (
              <Text key={line.field} size="xs">
                <Text span c="dimmed" size="xs">
                  {line.field}:
                </Text>{' '}
                {line.from} → <strong>{line.to}</strong>
              </Text>
            ))}
            <Text size="xs" c="dimmed" mt={2}>
              {formatDateTime(event.createdAt)}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
