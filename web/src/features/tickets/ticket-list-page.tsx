import { Alert, Box, Button, Group, Text, Title } from '@mantine/core';
import { useDisclosure, useDocumentTitle, useHotkeys } from '@mantine/hooks';
import { IconDeviceFloppy, IconRefresh } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { useTicketList, useViews } from '../../api/tickets';
import type { TicketFilters, TicketSort } from '../../api/types';
import { BulkBar } from './bulk-bar';
import { effectiveFilters, listParams, SEARCH_KEYS, withFilter } from './list-params';
import { SaveViewModal } from './save-view-modal';
import { TicketFilterBar } from './ticket-filters';
import { rememberTicketOrder } from './ticket-navigation';
import { DEFAULT_COLUMNS, TicketTable, TicketTableEmpty } from './ticket-table';

export function TicketListPage() {
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const views = useViews();
  const params = useMemo(() => listParams(search), [search]);
  const view = views.data?.find((candidate) => candidate.id === params.viewId);
  const filters = effectiveFilters(view, search);
  const sort: TicketSort = params.sort ?? view?.sort ?? 'updated_desc';
  const columns = view?.columns?.length ? view.columns : DEFAULT_COLUMNS;
  const list = useTicketList(params);
  const tickets = useMemo(() => list.data?.pages.flatMap((page) => page.tickets) ?? [], [list.data]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [activeIndex, setActiveIndex] = useState(-1);
  const [saveOpen, saveModal] = useDisclosure(false);
  const title = params.viewId
    ? (view?.name ?? 'View')
    : params.text
      ? `Search: ${params.text}`
      : 'All tickets';
  useDocumentTitle(`${title} · Tierline`);

  // A new filter is a new list: forget the selection and the keyboard position.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on URL change only
  useEffect(() => {
    setSelected(new Set());
    setActiveIndex(-1);
  }, [search]);

  useEffect(() => {
    rememberTicketOrder(
      tickets.map((ticket) => ticket.id),
      `${location.pathname}${location.search}`,
    );
  }, [tickets, location.pathname, location.search]);

  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () =>
    setSelected((current) =>
      tickets.every((ticket) => current.has(ticket.id))
        ? new Set()
        : new Set(tickets.map((ticket) => ticket.id)),
    );

  useHotkeys([
    ['j', () => setActiveIndex((index) => Math.min(tickets.length - 1, index + 1))],
    ['k', () => setActiveIndex((index) => Math.max(0, index - 1))],
    [
      'Enter',
      () => activeIndex >= 0 && tickets[activeIndex] && navigate(`/tickets/${tickets[activeIndex].id}`),
    ],
    ['o', () => activeIndex >= 0 && tickets[activeIndex] && navigate(`/tickets/${tickets[activeIndex].id}`)],
    ['x', () => activeIndex >= 0 && tickets[activeIndex] && toggle(tickets[activeIndex].id)],
  ]);

  const changeFilter = (key: keyof TicketFilters, value: string | string[] | undefined) =>
    setSearch(withFilter(search, key, value), { replace: true });
  const urlHasFilters = Object.values(SEARCH_KEYS).some((key) => search.has(key)) || search.has('sort');
  const clearFilters = () =>
    setSearch(params.viewId ? { view: String(params.viewId) } : {}, { replace: true });
  const changeSort = (next: TicketSort) => {
    const updated = new URLSearchParams(search);
    updated.set('sort', next);
    setSearch(updated, { replace: true });
  };

  return (
    <Box className="list-page">
      <Box className="toolbar" px="md" pt="sm" pb={8}>
        <Group justify="space-between" wrap="nowrap" mb={8} h={30}>
          <Group gap="sm" wrap="nowrap">
            <Title order={1} size="h4">
              {title}
            </Title>
            <Text size="sm" c="dimmed" aria-live="polite">
              {view?.count !== undefined && !urlHasFilters
                ? `${view.count} ticket${view.count === 1 ? '' : 's'}`
                : list.isSuccess
                  ? `${tickets.length}${list.hasNextPage ? '+' : ''} shown`
                  : ''}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              leftSection={<IconRefresh size={14} />}
              onClick={() => void list.refetch()}
              loading={list.isRefetching && !list.isFetchingNextPage}
            >
              Refresh
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDeviceFloppy size={14} />}
              onClick={saveModal.open}
            >
              Save as view
            </Button>
          </Group>
        </Group>
        <Box mih={30}>
          {selected.size > 0 ? (
            <BulkBar selected={[...selected]} onDone={() => setSelected(new Set())} />
          ) : (
            <TicketFilterBar
              filters={filters}
              onChange={changeFilter}
              onClear={clearFilters}
              canClear={urlHasFilters}
            />
          )}
        </Box>
      </Box>
      {list.isError ? (
        <Alert color="red" m="md" title="The tickets could not be loaded">
          {errorMessage(list.error)}
        </Alert>
      ) : (
        <Box className="ticket-table-wrap">
          <TicketTable
            tickets={tickets}
            columns={columns}
            loading={list.isPending}
            sort={sort}
            onSort={changeSort}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            activeIndex={activeIndex}
            onOpen={(id) => navigate(`/tickets/${id}`)}
            caption={`${title}: tickets, newest activity first unless sorted otherwise`}
          />
          {list.isSuccess && tickets.length === 0 && <TicketTableEmpty filtered={urlHasFilters} />}
          {list.hasNextPage && (
            <Group justify="center" py="md">
              <Button
                variant="default"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                Load more
              </Button>
            </Group>
          )}
        </Box>
      )}
      <SaveViewModal
        opened={saveOpen}
        onClose={saveModal.close}
        filters={filters}
        sort={sort}
        columns={columns}
        onSaved={(saved) => {
          saveModal.close();
          navigate(`/tickets?view=${saved.id}`);
        }}
      />
    </Box>
  );
}
