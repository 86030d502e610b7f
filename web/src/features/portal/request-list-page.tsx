import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { useTicketList } from '../../api/tickets';
import type { TicketStatus } from '../../api/types';
import { useMe } from '../../auth/session';
import { RelativeTime } from '../../lib/relative-time';
import { StatusBadge } from '../tickets/badges';

const OPEN: TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];
const DONE: TicketStatus[] = ['solved', 'closed'];

export function RequestListPage() {
  const me = useMe();
  const navigate = useNavigate();
  const clientAdmin = me.role === 'client_admin';
  const [state, setState] = useState<'open' | 'done' | 'all'>('open');
  const [scope, setScope] = useState<'mine' | 'organisation'>(clientAdmin ? 'organisation' : 'mine');
  useDocumentTitle('Requests · Tierline');
  const list = useTicketList({
    status: state === 'open' ? OPEN : state === 'done' ? DONE : undefined,
    requesterId: scope === 'mine' && clientAdmin ? me.id : undefined,
    sort: 'updated_desc',
    limit: 50,
  });
  const tickets = list.data?.pages.flatMap((page) => page.tickets) ?? [];
  const showRequester = clientAdmin && scope === 'organisation';

  return (
    <Stack gap="md">
      <Group justify="space-between" align="end">
        <div>
          <Title order={1} size="h2">
            {clientAdmin && scope === 'organisation'
              ? `Requests of ${me.organisationName ?? 'your organisation'}`
              : 'My requests'}
          </Title>
          <Text c="dimmed" size="sm">
            Follow your requests here; you also get our replies by email.
          </Text>
        </div>
        <Group gap="sm">
          {clientAdmin && (
            <SegmentedControl
              size="xs"
              aria-label="Whose requests"
              value={scope}
              onChange={(value) => setScope(value as 'mine' | 'organisation')}
              data={[
                { value: 'organisation', label: 'Everyone' },
                { value: 'mine', label: 'Mine' },
              ]}
            />
          )}
          <SegmentedControl
            size="xs"
            aria-label="Which requests"
            value={state}
            onChange={(value) => setState(value as 'open' | 'done' | 'all')}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'done', label: 'Solved and closed' },
              { value: 'all', label: 'All' },
            ]}
          />
        </Group>
      </Group>
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      <Paper withBorder radius="md">
        <Table verticalSpacing="sm" highlightOnHover aria-label="Requests">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>Number</Table.Th>
              <Table.Th>Subject</Table.Th>
              {showRequester && <Table.Th>Requester</Table.Th>}
              <Table.Th w={120}>Status</Table.Th>
              <Table.Th w={140}>Last update</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending &&
              [1, 2, 3].map((key) => (
                <Table.Tr key={key}>
                  <Table.Td colSpan={5}>
                    <Skeleton h={18} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {tickets.map((ticket) => (
              <Table.Tr
                key={ticket.id}
                style={{ cursor: 'pointer' }}
                onClick={(event) => {
                  if (!(event.target as HTMLElement).closest('a')) navigate(`/portal/requests/${ticket.id}`);
                }}
              >
                <Table.Td c="dimmed">#{ticket.id}</Table.Td>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/portal/requests/${ticket.id}`}
                    fw={500}
                    c="var(--mantine-color-text)"
                  >
                    {ticket.subject}
                  </Anchor>
                </Table.Td>
                {showRequester && <Table.Td>{ticket.requester.name}</Table.Td>}
                <Table.Td>
                  <StatusBadge status={ticket.status} />
                </Table.Td>
                <Table.Td>
                  <RelativeTime value={ticket.updatedAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.isSuccess && tickets.length === 0 && (
          <Stack align="center" py="xl" gap="xs">
            <Text fw={600}>No requests here</Text>
            <Button component={Link} to="/portal/new" variant="light" size="xs">
              Open a request
            </Button>
          </Stack>
        )}
      </Paper>
      {list.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
