import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { TicketEvent } from '../../../api/types';
import { formatRelative } from '../../../lib/time';
import { describeEvent, type NameLookup } from '../describe-event';

/** Someone else changed the ticket while this agent was writing: say what, and let them choose. */
export function CollisionModal({
  events,
  names,
  onReview,
  onSendAnyway,
}: {
  events: TicketEvent[] | null;
  names: NameLookup;
  onReview: () => void;
  onSendAnyway: () => void;
}) {
  return (
    <Modal
      opened={events !== null}
      onClose={onReview}
      title="The ticket changed while you were writing"
      size="md"
    >
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} role="alert">
          Check that your message still fits before you send it.
        </Alert>
        <List size="sm" spacing={4}>
          {(events ?? []).slice(-8).map((event) => (
            <List.Item key={event.id}>
              <Text span fw={600} size="sm">
                {event.actor?.name ?? 'Tierline'}
              </Text>{' '}
              {describeEvent(event, names)}{' '}
              <Text span c="dimmed" size="xs">
                {formatRelative(event.createdAt)}
              </Text>
            </List.Item>
          ))}
        </List>
        <Group justify="flex-end">
          <Button variant="default" onClick={onReview} data-autofocus>
            Review first
          </Button>
          <Button color="orange" onClick={onSendAnyway}>
            Send anyway
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
