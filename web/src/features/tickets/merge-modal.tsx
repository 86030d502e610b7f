import { Alert, Button, Group, Modal, Radio, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { searchTickets, ticketActions, useTicketAction } from '../../api/tickets';
import type { Ticket, TicketListItem } from '../../api/types';
import { StatusBadge } from './badges';

export function MergeModal({
  ticket,
  opened,
  onClose,
}: {
  ticket: Ticket;
  opened: boolean;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const [targetId, setTargetId] = useState<string | null>(null);
  const results = useQuery({
    queryKey: ['merge-search', debounced],
    enabled: opened && debounced.length > 0,
    queryFn: async ({ signal }): Promise<TicketListItem[]> => {
      const number = /^#?(\d+)$/.exec(debounced);
      if (number) {
        const found = await api<Ticket>(`/api/tickets/${number[1]}`, { signal }).catch(() => null);
        return found ? [{ ...found, team: found.team, assignee: found.assignee }] : [];
      }
      return (await searchTickets(debounced, signal)).tickets;
    },
  });
  const merge = useTicketAction((target: number) => ticketActions.merge(ticket.id, target), [ticket.id]);
  const candidates = (results.data ?? []).filter(
    (candidate) => candidate.id !== ticket.id && candidate.status !== 'closed',
  );

  return (
    <Modal opened={opened} onClose={onClose} title={`Merge #${ticket.id} into another ticket`} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          The conversation of #{ticket.id} moves into the ticket you pick, and #{ticket.id} is closed as
          merged. You can undo the merge later from either ticket.
        </Text>
        <TextInput
          label="Find the ticket to keep"
          placeholder="Ticket number or words from the subject"
          leftSection={<IconSearch size={16} />}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          data-autofocus
        />
        <ScrollArea.Autosize mah={260}>
          <Radio.Group value={targetId} onChange={setTargetId} label="Matching tickets" aria-live="polite">
            <Stack gap={6} mt={6}>
              {debounced && !results.isFetching && candidates.length === 0 && (
                <Text size="sm" c="dimmed">
                  No open ticket matches.
                </Text>
              )}
              {candidates.map((candidate) => (
                <Radio
                  key={candidate.id}
                  value={String(candidate.id)}
                  label={
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm">#{candidate.id}</Text>
                      <Text size="sm" lineClamp={1}>
                        {candidate.subject}
                      </Text>
                      <StatusBadge status={candidate.status} size="xs" />
                    </Group>
                  }
                  description={candidate.requester.name}
                />
              ))}
            </Stack>
          </Radio.Group>
        </ScrollArea.Autosize>
        {merge.isError && (
          <Alert color="red" role="alert">
            {errorMessage(merge.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!targetId}
            loading={merge.isPending}
            onClick={() =>
              targetId &&
              merge.mutate(Number(targetId), {
                onSuccess: (target) => {
                  onClose();
                  if (target) navigate(`/tickets/${target.id}`);
                },
              })
            }
          >
            Merge into #{targetId ?? '…'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
