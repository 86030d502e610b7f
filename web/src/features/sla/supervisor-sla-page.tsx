import {
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Fragment, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { useTeams } from '../../api/directory';
import { type AtRiskParams, type AtRiskTicket, useAtRisk } from '../../api/sla';
import { RequireRole } from '../../auth/guards';
import { useLiveStatus } from '../../live/live-provider';
import { PriorityBadge, StatusBadge } from '../tickets/badges';
import { isSupervisorRole } from './nav-link';
import { SlaStateBadge, SlaTargetBadge } from './sla-badge';
import { formatDuration, stateNow } from './sla-format';
import { useSlaLiveRefresh, useTicker } from './use-sla-live';

const NO_TEAM = 'No team';

function dueText(ticket: AtRiskTicket, now: number): string {
  if (!ticket.nextDueAt) return ticket.paused ? 'Paused' : '—';
  const left = (Date.parse(ticket.nextDueAt) - now) / 60_000;
  return left > 0
    ? `in ${formatDuration(left, { seconds: true })}`
    : `${formatDuration(-left, { seconds: true })} ago`;
}

/** The worst of the stored state and what the clock says now (a due time may pass between refreshes). */
function stateOf(ticket: AtRiskTicket, now: number) {
  if (ticket.state === 'breached') return 'breached' as const;
  return ticket.targets.some((target) => stateNow(target, now) === 'breached')
    ? ('breached' as const)
    : ticket.state;
}

function TeamSummary({
  tickets,
  now,
  onPick,
  picked,
}: {
  tickets: AtRiskTicket[];
  now: number;
  onPick: (teamId: number | null) => void;
  picked: number | undefined;
}) {
  const teams = useMemo(() => {
    const byTeam = new Map<string, { id: number | null; name: string; atRisk: number; breached: number }>();
    for (const ticket of tickets) {
      const key = ticket.team?.name ?? NO_TEAM;
      const entry = byTeam.get(key) ?? { id: ticket.team?.id ?? null, name: key, atRisk: 0, breached: 0 };
      if (stateOf(ticket, now) === 'breached') entry.breached += 1;
      else entry.atRisk += 1;
      byTeam.set(key, entry);
    }
    return [...byTeam.values()].sort((a, b) => b.breached - a.breached || b.atRisk - a.atRisk);
  }, [tickets, now]);
  if (teams.length === 0) return null;
  return (
    <SimpleGrid
      cols={{ base: 2, sm: 3, lg: 5 }}
      spacing="xs"
      role="group"
      aria-label="Tickets at risk per team"
    >
      {teams.map((team) => (
        <UnstyledButton
          key={team.name}
          onClick={() => team.id !== null && onPick(picked === team.id ? null : team.id)}
          aria-pressed={picked === team.id}
          aria-label={`${team.name}: ${team.breached} breached, ${team.atRisk} at risk`}
          disabled={team.id === null}
          w="100%"
        >
          <Paper
            withBorder
            radius="md"
            p="xs"
            bg={picked === team.id ? 'var(--mantine-color-default-hover)' : undefined}
          >
            <Text size="sm" fw={600} lineClamp={1}>
              {team.name}
            </Text>
            <Group gap={6} mt={4}>
              <SlaStateBadge state="breached" size="xs">
                {team.breached} breached
              </SlaStateBadge>
              <SlaStateBadge state="at_risk" size="xs">
                {team.atRisk} at risk
              </SlaStateBadge>
            </Group>
          </Paper>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}

function RiskRow({ ticket, now, showTeam }: { ticket: AtRiskTicket; now: number; showTeam: boolean }) {
  const state = stateOf(ticket, now);
  const open = ticket.targets.filter((target) => target.state !== 'met');
  return (
    <Table.Tr data-ticket-id={ticket.id} data-sla-state={state}>
      <Table.Td>
        <SlaStateBadge state={state} />
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/tickets/${ticket.id}`} size="sm" fw={500}>
          #{ticket.id} {ticket.subject}
        </Anchor>
        <Group gap={4} mt={2}>
          {open.map((target) => (
            <SlaTargetBadge key={`${target.metric}-${target.cycle}`} target={target} now={now} size="xs" />
          ))}
        </Group>
      </Table.Td>
      <Table.Td className="sla-countdown">
        <Text size="sm" fw={state === 'breached' ? 600 : 400}>
          {dueText(ticket, now)}
        </Text>
      </Table.Td>
      <Table.Td>
        <PriorityBadge priority={ticket.priority} />
      </Table.Td>
      <Table.Td>
        <StatusBadge status={ticket.status} size="xs" />
      </Table.Td>
      {showTeam && (
        <Table.Td>{ticket.team ? `${ticket.team.name} · Tier ${ticket.team.tier}` : NO_TEAM}</Table.Td>
      )}
      <Table.Td>
        {ticket.assignee?.name ?? (
          <Text span size="sm" c="dimmed">
            Unassigned
          </Text>
        )}
      </Table.Td>
      <Table.Td>{ticket.organisation?.name ?? '—'}</Table.Td>
    </Table.Tr>
  );
}

/** Supervisors' view: every open ticket at risk of breaching or breached, across teams, soonest due first. */
function SupervisorSlaPage() {
  useDocumentTitle('SLA risk · Tierline');
  const [search, setSearch] = useSearchParams();
  const teams = useTeams();
  const state = search.get('state');
  const teamId = Number(search.get('team')) || undefined;
  const grouped = search.get('group') !== 'none';
  const params: AtRiskParams = {
    state: state === 'at_risk' || state === 'breached' ? state : undefined,
    teamId,
  };
  const list = useAtRisk(params);
  useSlaLiveRefresh();
  const live = useLiveStatus();
  const now = useTicker(1000);
  const tickets = useMemo(() => list.data?.pages.flatMap((page) => page.tickets) ?? [], [list.data]);
  const groups = useMemo(() => {
    if (!grouped) return [{ name: '', tickets }];
    return [...Map.groupBy(tickets, (ticket) => ticket.team?.name ?? NO_TEAM)].map(([name, rows]) => ({
      name,
      tickets: rows,
    }));
  }, [tickets, grouped]);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };
  const columns = grouped ? 7 : 8;

  return (
    <Box p="lg" maw={1400}>
      <Group justify="space-between" align="flex-end" mb="md">
        <div>
          <Title order={1} size="h3">
            SLA risk
          </Title>
          <Text size="sm" c="dimmed">
            Open tickets at risk of breaching or breached, across teams, the soonest due first.{' '}
            {live === 'open' ? 'Updates live.' : 'Live updates reconnecting; refreshed every minute.'}
          </Text>
        </div>
        <Group gap="sm" align="flex-end">
          <SegmentedControl
            aria-label="SLA state"
            size="xs"
            value={params.state ?? 'all'}
            onChange={(value) => set('state', value === 'all' ? null : value)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'breached', label: 'Breached' },
              { value: 'at_risk', label: 'At risk' },
            ]}
          />
          <Select
            label="Team"
            size="xs"
            w={220}
            placeholder="All teams"
            clearable
            data={(teams.data ?? []).map((team) => ({
              value: String(team.id),
              label: `${team.name} · Tier ${team.tier}`,
            }))}
            value={teamId ? String(teamId) : null}
            onChange={(value) => set('team', value)}
          />
          <Switch
            label="Group by team"
            checked={grouped}
            onChange={(event) => set('group', event.currentTarget.checked ? null : 'none')}
          />
        </Group>
      </Group>
      <Stack gap="md">
        {list.isError ? (
          <Alert color="red" title="Could not load">
            {errorMessage(list.error)}
          </Alert>
        ) : (
          <>
            {!teamId && (
              <TeamSummary
                tickets={tickets}
                now={now}
                picked={teamId}
                onPick={(id) => set('team', id ? String(id) : null)}
              />
            )}
            <Paper withBorder radius="md">
              <Table verticalSpacing="xs" aria-label="Tickets at risk or breached" aria-busy={list.isPending}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={120}>SLA</Table.Th>
                    <Table.Th>Ticket and targets</Table.Th>
                    <Table.Th w={130}>Next due</Table.Th>
                    <Table.Th w={70}>Priority</Table.Th>
                    <Table.Th w={90}>Status</Table.Th>
                    {!grouped && <Table.Th>Team</Table.Th>}
                    <Table.Th>Assignee</Table.Th>
                    <Table.Th>Organisation</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {groups.map((group) => (
                    <Fragment key={group.name || 'all'}>
                      {grouped && (
                        <Table.Tr className="sla-group-row">
                          <Table.Th colSpan={columns} scope="colgroup">
                            {group.name} ({group.tickets.length})
                          </Table.Th>
                        </Table.Tr>
                      )}
                      {group.tickets.map((ticket) => (
                        <RiskRow key={ticket.id} ticket={ticket} now={now} showTeam={!grouped} />
                      ))}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
              {list.isSuccess && tickets.length === 0 && (
                <Text c="dimmed" ta="center" py="lg">
                  Nothing at risk or breached{teamId ? ' in this team' : ''}. Well done.
                </Text>
              )}
              {list.isPending && (
                <Text c="dimmed" ta="center" py="lg">
                  Loading…
                </Text>
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
          </>
        )}
      </Stack>
    </Box>
  );
}

export default function SupervisorSlaRoute() {
  return (
    <RequireRole allow={isSupervisorRole}>
      <SupervisorSlaPage />
    </RequireRole>
  );
}
