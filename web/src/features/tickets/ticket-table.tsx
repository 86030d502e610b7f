import { Checkbox, Group, Skeleton, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { TicketListItem, TicketSort } from '../../api/types';
import { CHANNEL_LABEL, TYPE_LABEL } from '../../lib/labels';
import { RelativeTime } from '../../lib/relative-time';
import { markerFor, useMarkersVersion } from '../../live/updated-markers';
import { PriorityBadge, StatusBadge } from './badges';

interface Column {
  header: string;
  /** Sorts this column cycles through, first one on the first click. */
  sorts?: TicketSort[];
  render: (ticket: TicketListItem) => ReactNode;
  className?: string;
}

const dimmedOr = (value: string | undefined | null, fallback = '—') =>
  value ? (
    value
  ) : (
    <Text span c="dimmed" size="sm">
      {fallback}
    </Text>
  );

export const COLUMNS: Record<string, Column> = {
  id: {
    header: '#',
    sorts: ['id_desc'],
    render: (ticket) => <Text size="sm" c="dimmed">{`#${ticket.id}`}</Text>,
  },
  subject: { header: 'Subject', render: () => null, className: 'subject-cell' },
  requester: { header: 'Requester', render: (ticket) => ticket.requester.name || ticket.requester.email },
  organisation: { header: 'Organisation', render: (ticket) => dimmedOr(ticket.organisation?.name) },
  status: { header: 'Status', render: (ticket) => <StatusBadge status={ticket.status} /> },
  priority: {
    header: 'Priority',
    sorts: ['priority'],
    render: (ticket) => <PriorityBadge priority={ticket.priority} />,
  },
  type: { header: 'Type', render: (ticket) => TYPE_LABEL[ticket.type] },
  channel: { header: 'Channel', render: (ticket) => CHANNEL_LABEL[ticket.channel] },
  team: { header: 'Team', render: (ticket) => dimmedOr(ticket.team?.name) },
  assignee: { header: 'Assignee', render: (ticket) => dimmedOr(ticket.assignee?.name, 'Unassigned') },
  tags: {
    header: 'Tags',
    render: (ticket) => (
      <Text size="xs" c="dimmed" lineClamp={1}>
        {ticket.tags.join(', ')}
      </Text>
    ),
  },
  sla: {
    header: 'SLA due',
    sorts: ['sla_due'],
    render: (ticket) => <SlaCell sla={ticket.sla} />,
  },
  created_at: {
    header: 'Created',
    sorts: ['created_desc', 'created_asc'],
    render: (ticket) => <RelativeTime value={ticket.createdAt} />,
  },
  updated_at: {
    header: 'Updated',
    sorts: ['updated_desc', 'updated_asc'],
    render: (ticket) => <RelativeTime value={ticket.updatedAt} />,
  },
};

const SLA_LABEL = { ok: 'On track', at_risk: 'At risk', breached: 'Breached', met: 'Met' } as const;

function SlaCell({ sla }: { sla: TicketListItem['sla'] }) {
  if (!sla?.state) return dimmedOr(null);
  return (
    <Text size="xs" className={`sla-${sla.state}`} fw={sla.state === 'ok' || sla.state === 'met' ? 400 : 600}>
      {SLA_LABEL[sla.state]}
      {sla.nextDueAt && sla.state !== 'met' ? (
        <>
          {' · '}
          <RelativeTime value={sla.nextDueAt} />
        </>
      ) : null}
    </Text>
  );
}

export const DEFAULT_COLUMNS = [
  'id',
  'subject',
  'requester',
  'status',
  'priority',
  'team',
  'assignee',
  'updated_at',
];

function SortHeader({
  column,
  sort,
  onSort,
}: {
  column: Column;
  sort: TicketSort;
  onSort: (sort: TicketSort) => void;
}) {
  const sorts = column.sorts ?? [];
  const activeIndex = sorts.indexOf(sort);
  const active = activeIndex >= 0;
  const next = sorts[(activeIndex + 1) % sorts.length] ?? sorts[0]!;
  const ascending = sort.endsWith('_asc') || sort === 'sla_due';
  const Icon = !active ? IconArrowsSort : ascending ? IconArrowUp : IconArrowDown;
  return (
    <button
      type="button"
      className="sort-button"
      onClick={() => onSort(next)}
      aria-label={`Sort by ${column.header}`}
    >
      {column.header}
      <Icon size={12} aria-hidden="true" style={{ opacity: active ? 1 : 0.45 }} />
    </button>
  );
}

interface TicketTableProps {
  tickets: TicketListItem[];
  columns: string[];
  loading: boolean;
  sort: TicketSort;
  onSort: (sort: TicketSort) => void;
  selected: Set<number>;
  onToggle: (id: number) => void;
  onToggleAll: () => void;
  activeIndex: number;
  onOpen: (id: number) => void;
  caption: string;
}

export function TicketTable(props: TicketTableProps) {
  const { tickets, columns, loading, sort, selected, activeIndex } = props;
  useMarkersVersion();
  const activeRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (activeIndex >= 0) activeRow.current?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);
  const allSelected = tickets.length > 0 && tickets.every((ticket) => selected.has(ticket.id));
  const someSelected = !allSelected && tickets.some((ticket) => selected.has(ticket.id));
  // The SLA column appears by itself once the server reports SLA states.
  const withSla =
    !columns.includes('sla') && tickets.some((ticket) => ticket.sla?.state)
      ? [
          ...columns.slice(0, columns.indexOf('priority') + 1 || columns.length),
          'sla',
          ...columns.slice(columns.indexOf('priority') + 1 || columns.length),
        ]
      : columns;
  const visible = withSla.filter((key) => COLUMNS[key]);

  return (
    <Table
      className="ticket-table"
      highlightOnHover={false}
      stickyHeader={false}
      aria-rowcount={tickets.length}
    >
      <caption className="sr-only">{props.caption}</caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={36}>
            <Checkbox
              size="xs"
              aria-label={allSelected ? 'Unselect all tickets' : 'Select all loaded tickets'}
              checked={allSelected}
              indeterminate={someSelected}
              onChange={props.onToggleAll}
            />
          </Table.Th>
          <Table.Th w={14} aria-label="Updated marker" />
          {visible.map((key) => {
            const column = COLUMNS[key]!;
            const sortIndex = column.sorts?.indexOf(sort) ?? -1;
            return (
              <Table.Th
                key={key}
                aria-sort={
                  sortIndex >= 0
                    ? sort.endsWith('_asc') || sort === 'sla_due'
                      ? 'ascending'
                      : 'descending'
                    : undefined
                }
              >
                {column.sorts ? (
                  <SortHeader column={column} sort={sort} onSort={props.onSort} />
                ) : (
                  column.header
                )}
              </Table.Th>
            );
          })}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {loading &&
          tickets.length === 0 &&
          Array.from({ length: 8 }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
            <Table.Tr key={index} aria-hidden="true">
              <Table.Td colSpan={visible.length + 2}>
                <Skeleton h={18} radius="sm" />
              </Table.Td>
            </Table.Tr>
          ))}
        {tickets.map((ticket, index) => {
          const marker = markerFor(ticket.id, ticket.updatedAt);
          const isSelected = selected.has(ticket.id);
          return (
            <Table.Tr
              key={ticket.id}
              ref={index === activeIndex ? activeRow : undefined}
              data-active={index === activeIndex}
              data-selected={isSelected}
              data-ticket-id={ticket.id}
              onClick={(event) => {
                if ((event.target as HTMLElement).closest('a, button, input, label')) return;
                props.onOpen(ticket.id);
              }}
            >
              <Table.Td>
                <Checkbox
                  size="xs"
                  aria-label={`Select ticket #${ticket.id}`}
                  checked={isSelected}
                  onChange={() => props.onToggle(ticket.id)}
                />
              </Table.Td>
              <Table.Td px={0}>
                {marker && (
                  <Tooltip label="Updated since you last looked">
                    <span className="updated-dot" role="img" aria-label="Updated" />
                  </Tooltip>
                )}
              </Table.Td>
              {visible.map((key) =>
                key === 'subject' ? (
                  <Table.Td key={key} className="subject-cell">
                    <Link
                      to={`/tickets/${ticket.id}`}
                      className="subject-link"
                      data-updated={marker !== null}
                    >
                      {ticket.subject}
                    </Link>
                    {!columns.includes('requester') && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {ticket.requester.name}
                        {ticket.organisation ? ` · ${ticket.organisation.name}` : ''}
                      </Text>
                    )}
                  </Table.Td>
                ) : (
                  <Table.Td key={key} className={COLUMNS[key]!.className}>
                    {COLUMNS[key]!.render(ticket)}
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function TicketTableEmpty({ filtered }: { filtered: boolean }) {
  return (
    <Group justify="center" py={60}>
      <div style={{ textAlign: 'center' }}>
        <Text fw={600}>{filtered ? 'No tickets match these filters' : 'No tickets here'}</Text>
        <Text size="sm" c="dimmed">
          {filtered ? 'Clear a filter or pick another view.' : 'New tickets appear here as they arrive.'}
        </Text>
      </div>
    </Group>
  );
}
