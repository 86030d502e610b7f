import { Alert, Button, Checkbox, Group, Modal, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { ticketActions, useTicketAction } from '../../api/tickets';
import type { Ticket } from '../../api/types';
import { formatShort } from '../../lib/time';

export function SplitModal({
  ticket,
  opened,
  onClose,
}: {
  ticket: Ticket;
  opened: boolean;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const [selected, setSelected] = useState<string[]>([]);
  const [subject, setSubject] = useState('');
  const split = useTicketAction(
    (input: { ids: number[]; subject: string }) =>
      ticketActions.split(ticket.id, input.ids, input.subject || undefined),
    [ticket.id],
  );
  return (
    <Modal opened={opened} onClose={onClose} title={`Split messages off #${ticket.id}`} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          The messages you pick move to a new ticket related to this one, for a second problem raised in the
          same conversation.
        </Text>
        <TextInput
          label="Subject of the new ticket"
          placeholder={ticket.subject}
          value={subject}
          onChange={(event) => setSubject(event.currentTarget.value)}
        />
        <ScrollArea.Autosize mah={320}>
          <Checkbox.Group label="Messages to move" value={selected} onChange={setSelected}>
            <Stack gap={8} mt={6}>
              {ticket.messages.map((message) => (
                <Checkbox
                  key={message.id}
                  value={String(message.id)}
                  label={
                    <Text size="sm" lineClamp={2}>
                      <strong>{message.author?.name ?? 'Unknown'}</strong>
                      {message.visibility === 'internal' ? ' (note)' : ''} · {formatShort(message.createdAt)}{' '}
                      — {message.body}
                    </Text>
                  }
                />
              ))}
            </Stack>
          </Checkbox.Group>
        </ScrollArea.Autosize>
        {split.isError && (
          <Alert color="red" role="alert">
            {errorMessage(split.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={selected.length === 0}
            loading={split.isPending}
            onClick={() =>
              split.mutate(
                { ids: selected.map(Number), subject: subject.trim() },
                {
                  onSuccess: (created) => {
                    onClose();
                    setSelected([]);
                    if (created) navigate(`/tickets/${created.id}`);
                  },
                },
              )
            }
          >
            Split {selected.length || ''} message{selected.length === 1 ? '' : 's'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
