import { Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { ticketKeys } from '../../api/tickets';
import type { SavedView, TicketFilters, TicketSort } from '../../api/types';
import { useMe } from '../../auth/session';

const MAY_SHARE = new Set(['supervisor', 'manager', 'admin']);

export function SaveViewModal({
  opened,
  onClose,
  filters,
  sort,
  columns,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  filters: TicketFilters;
  sort: TicketSort;
  columns: string[];
  onSaved: (view: SavedView) => void;
}) {
  const me = useMe();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<SavedView>('/api/views', {
        method: 'POST',
        body: { name: name.trim(), filters, sort, columns, shared },
      }),
    onSuccess: (view) => {
      void client.invalidateQueries({ queryKey: ticketKeys.views });
      notifications.show({ color: 'teal', message: `View "${view.name}" saved` });
      setName('');
      onSaved(view);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) save.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Save as view">
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            Keeps the current filters and sort order in the left rail, with a live count.
          </Text>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
          />
          {MAY_SHARE.has(me.role) && (
            <Checkbox
              label="Share with all staff"
              checked={shared}
              onChange={(event) => setShared(event.currentTarget.checked)}
            />
          )}
          {save.isError && (
            <Text c="red" size="sm" role="alert">
              {errorMessage(save.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              Save view
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
