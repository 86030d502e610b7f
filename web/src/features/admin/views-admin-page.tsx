import { ActionIcon, Badge, Button, Group, Paper, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ticketKeys, useViews } from '../../api/tickets';
import type { SavedView } from '../../api/types';
import { AdminHeader, failed, QueryState, saved } from './admin-kit';

function describeFilters(view: SavedView): string {
  const parts = Object.entries(view.filters).map(
    ([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`,
  );
  return parts.join(' · ') || 'All tickets';
}

function NameCell({ view, onRename }: { view: SavedView; onRename: (name: string) => void }) {
  const [name, setName] = useState(view.name);
  return (
    <TextInput
      size="xs"
      aria-label={`Name of view ${view.name}`}
      value={name}
      onChange={(event) => setName(event.currentTarget.value)}
      onBlur={() => name.trim() && name.trim() !== view.name && onRename(name.trim())}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
      }}
    />
  );
}

export default function ViewsAdminPage() {
  useDocumentTitle('Views · Administration · Tierline');
  const views = useViews();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ticketKeys.views });
  const patch = useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api(`/api/views/${id}`, { method: 'PATCH', body }),
    onSuccess: refresh,
    onError: failed,
  });
  const remove = useMutation({
    mutationFn: (id: number) => api(`/api/views/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      saved('View deleted');
      void refresh();
    },
    onError: failed,
  });
  const list = views.data ?? [];
  const move = (index: number, step: -1 | 1) => {
    const other = list[index + step];
    const view = list[index];
    if (!other || !view) return;
    patch.mutate({ id: view.id, body: { position: other.position } });
    patch.mutate({
      id: other.id,
      body: { position: view.position === other.position ? view.position + step : view.position },
    });
  };
  return (
    <>
      <AdminHeader
        title="Views"
        description="Queues in the left rail. Create one from the ticket list with “Save as view”; shared views are seen by all staff."
        actions={
          <Button component={Link} to="/tickets" variant="default">
            Go to the ticket list
          </Button>
        }
      />
      <QueryState query={views}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="Views">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>Order</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Filters</Table.Th>
                <Table.Th>Shared</Table.Th>
                <Table.Th ta="right">Tickets</Table.Th>
                <Table.Th w={60}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((view, index) => (
                <Table.Tr key={view.id}>
                  <Table.Td>
                    <Group gap={2}>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${view.name} up`}
                        disabled={index === 0}
                        onClick={() => move(index, -1)}
                      >
                        <IconArrowUp size={14} />
                      </ActionIcon>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${view.name} down`}
                        disabled={index === list.length - 1}
                        onClick={() => move(index, 1)}
                      >
                        <IconArrowDown size={14} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <NameCell
                      view={view}
                      onRename={(name) => patch.mutate({ id: view.id, body: { name } })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {describeFilters(view)} · sort {view.sort.replace('_', ' ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={view.shared ? 'blue' : 'gray'}>
                      {view.shared ? 'Shared' : 'Personal'}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{view.count ?? '—'}</Table.Td>
                  <Table.Td>
                    <Tooltip label="Delete view">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete view ${view.name}`}
                        onClick={() =>
                          window.confirm(`Delete the view "${view.name}"?`) && remove.mutate(view.id)
                        }
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </QueryState>
    </>
  );
}
