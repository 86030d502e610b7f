import { ActionIcon, Anchor, Button, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useSave } from '../../api/directory';
import { emailApi, emailKeys, useDeliveries, useParticipants } from '../../api/email';
import type { Ticket } from '../../api/types';
import { useLive } from '../../live/live-provider';
import { failed } from '../admin/admin-kit';
import { PanelSection } from '../tickets/panel-section';
import { ERROR_TEXT } from './email-labels';

// Live events after which a ticket's outgoing mail may have changed (a reply queued, a send failed).
const MAIL_EVENTS = /^(message\.added|email\.|ticket\.updated)/;

/** Keeps the ticket's outgoing-mail state fresh from the live stream while the ticket is open. */
function useLiveDeliveries(ticketId: number) {
  const live = useLive();
  const client = useQueryClient();
  useEffect(() => {
    if (!live) return;
    return live.subscribe((message) => {
      if (message.ticketId === ticketId && MAIL_EVENTS.test(message.type)) {
        void client.invalidateQueries({ queryKey: emailKeys.deliveries(ticketId) });
        void client.invalidateQueries({ queryKey: emailKeys.participants(ticketId) });
      }
    });
  }, [live, client, ticketId]);
}

/** Side panel: the people Cc'd on the ticket's mail (they get replies and see the ticket), and mail trouble. */
export function EmailSection({ ticket }: { ticket: Ticket }) {
  useLiveDeliveries(ticket.id);
  const participants = useParticipants(ticket.id);
  const deliveries = useDeliveries(ticket.id);
  const [email, setEmail] = useState('');
  const add = useSave(
    () => emailApi.addParticipant(ticket.id, { email: email.trim() }),
    ['ticket-participants'],
  );
  const remove = useSave(
    (userId: number) => emailApi.removeParticipant(ticket.id, userId),
    ['ticket-participants'],
  );
  const readOnly = ticket.status === 'closed' || ticket.mergedIntoId !== null;
  const undelivered = (deliveries.data?.deliveries ?? []).filter(
    (delivery) => delivery.state === 'failed' || delivery.state === 'bounced',
  ).length;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(undefined, { onSuccess: () => setEmail(''), onError: failed });
  };
  if (participants.isError) return null;
  return (
    <PanelSection title="Cc">
      {undelivered > 0 && (
        <Text size="xs" c={ERROR_TEXT} role="status">
          {undelivered} mail{undelivered === 1 ? ' was' : 's were'} not delivered — see the conversation.
        </Text>
      )}
      <Stack
        gap={4}
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label="Cc participants"
      >
        {(participants.data ?? []).map((person) => (
          <Group key={person.id} component="li" justify="space-between" wrap="nowrap" gap={4}>
            <div style={{ minWidth: 0 }}>
              <Text size="sm" truncate>
                {person.name || person.email}
              </Text>
              <Anchor href={`mailto:${person.email}`} size="xs">
                {person.email}
              </Anchor>
            </div>
            {!readOnly && (
              <Tooltip label="Take off Cc">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={`Take ${person.name || person.email} off Cc`}
                  onClick={() => remove.mutate(person.id, { onError: failed })}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        ))}
      </Stack>
      {participants.data?.length === 0 && (
        <Text size="xs" c="dimmed">
          Nobody else gets the replies.
        </Text>
      )}
      {!readOnly && (
        <form onSubmit={submit}>
          <Group gap={4} wrap="nowrap" align="flex-end">
            <TextInput
              size="xs"
              type="email"
              label="Add to Cc"
              placeholder="name@example.com"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button
              size="xs"
              variant="default"
              type="submit"
              loading={add.isPending}
              disabled={!email.trim()}
            >
              Add
            </Button>
          </Group>
        </form>
      )}
    </PanelSection>
  );
}
