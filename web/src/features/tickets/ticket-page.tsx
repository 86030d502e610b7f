import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Skeleton,
  Stack,
  Tabs,
  Text,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconGitMerge } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import {
  ticketActions,
  ticketKeys,
  useTicket,
  useTicketAction,
  useTicketEvents,
  useUpdateTicket,
} from '../../api/tickets';
import type { TicketChanges } from '../../api/types';
import { useMe } from '../../auth/session';
import { useAnnouncePresence } from '../../live/live-provider';
import { markSeen } from '../../live/updated-markers';
import type { ComposerMode } from './composer/composer';
import { Conversation } from './conversation';
import { EscalateModal } from './escalate-modal';
import { HistoryTimeline } from './history-timeline';
import { MergeModal } from './merge-modal';
import { SidePanel } from './side-panel';
import { SplitModal } from './split-modal';
import { TicketHeader } from './ticket-header';
import { neighbourOf } from './ticket-navigation';
import { useNames } from './use-names';

// Tiptap is the heaviest dependency of the workspace; it loads after the ticket is on screen.
const Composer = lazy(() => import('./composer/composer'));

function ComposerFallback() {
  return (
    <Box className="composer" px="md" py="sm">
      <Skeleton h={150} radius="md" />
    </Box>
  );
}

export function TicketPage() {
  const { ticketId } = useParams();
  const id = Number(ticketId);
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const ticket = useTicket(id);
  const events = useTicketEvents(id);
  const update = useUpdateTicket(id);
  const names = useNames(ticket.data);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [focusRequest, setFocusRequest] = useState(0);
  const [tab, setTab] = useState<string | null>('conversation');
  const [mergeOpen, mergeModal] = useDisclosure(false);
  const [splitOpen, splitModal] = useDisclosure(false);
  const [escalateOpen, escalateModal] = useDisclosure(false);
  const statusRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastMessageCount = useRef(0);
  const unmerge = useTicketAction((sourceId: number) => ticketActions.unmerge(sourceId), [id]);
  useDocumentTitle(ticket.data ? `#${id} ${ticket.data.subject} · Tierline` : `#${id} · Tierline`);
  useAnnouncePresence(id, ticket.isSuccess);

  const data = ticket.data;
  useEffect(() => {
    if (data) markSeen(data.id, data.updatedAt);
  }, [data]);

  // Follow the conversation: jump to the newest message on open and when one arrives near the bottom.
  useEffect(() => {
    const count = data?.messages.length ?? 0;
    const element = scrollRef.current;
    if (!element || count === 0) return;
    const nearBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 240;
    if (lastMessageCount.current === 0 || (count > lastMessageCount.current && nearBottom)) {
      element.scrollTop = element.scrollHeight;
    }
    lastMessageCount.current = count;
  }, [data?.messages.length]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a different ticket starts at its newest message
  useEffect(() => {
    lastMessageCount.current = 0;
    setTab('conversation');
  }, [id]);

  const change = (changes: TicketChanges) => {
    if (!data) return;
    update.mutate(
      { ...changes, version: data.version },
      {
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'ticket_changed') {
            notifications.show({
              color: 'orange',
              title: 'Someone else changed this ticket',
              message: 'The latest version is shown now; make your change again if it still applies.',
            });
            void client.invalidateQueries({ queryKey: ticketKeys.detail(id) });
          } else {
            notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
          }
        },
      },
    );
  };

  const previousId = neighbourOf(id, -1);
  const nextId = neighbourOf(id, 1);
  const startWriting = (next: ComposerMode) => {
    setMode(next);
    setTab('conversation');
    setFocusRequest((count) => count + 1);
  };
  useHotkeys([
    ['j', () => nextId && navigate(`/tickets/${nextId}`)],
    ['k', () => previousId && navigate(`/tickets/${previousId}`)],
    ['r', () => startWriting('reply')],
    ['n', () => startWriting('note')],
    ['a', () => data && data.assignee?.id !== me.id && change({ assigneeId: me.id })],
    [
      's',
      () => {
        statusRef.current?.focus();
        statusRef.current?.click();
      },
    ],
  ]);

  if (ticket.isPending) {
    return (
      <Center h="60vh">
        <Loader aria-label="Loading ticket" />
      </Center>
    );
  }
  if (!data) {
    const missing = ticket.error instanceof ApiError && ticket.error.status === 404;
    return (
      <Stack p="xl" maw={560}>
        <Alert
          color={missing ? 'gray' : 'red'}
          title={missing ? `Ticket #${id} not found` : 'Could not load the ticket'}
        >
          {missing ? 'It does not exist, or you may not see it.' : errorMessage(ticket.error)}
        </Alert>
        <Anchor component={Link} to="/tickets">
          Back to tickets
        </Anchor>
      </Stack>
    );
  }

  const undoMerge = (sourceId: number) =>
    unmerge.mutate(sourceId, {
      onSuccess: (source) => {
        notifications.show({ color: 'teal', message: `Merge undone: #${sourceId} is separate again` });
        if (source && source.id !== id) navigate(`/tickets/${source.id}`);
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Merge not undone', message: errorMessage(error) }),
    });

  return (
    <div className="ticket-layout">
      <div className="ticket-main">
        <TicketHeader
          ticket={data}
          previousId={previousId}
          nextId={nextId}
          onRename={(subject) => change({ subject })}
          onMerge={mergeModal.open}
          onSplit={splitModal.open}
          onEscalate={escalateModal.open}
          onUndoMerge={() => undoMerge(data.id)}
        />
        <div className="ticket-scroll" ref={scrollRef}>
          <Box px="md" py="sm" maw={920}>
            {ticket.isRefetchError && (
              <Alert color="orange" mb="sm" title="Showing the ticket as it was">
                <Group gap="sm">
                  <Text size="sm">Could not refresh it: {errorMessage(ticket.error)}</Text>
                  <Button size="compact-xs" variant="light" onClick={() => void ticket.refetch()}>
                    Try again
                  </Button>
                </Group>
              </Alert>
            )}
            {data.mergedIntoId !== null && (
              <Alert
                color="gray"
                icon={<IconGitMerge size={18} />}
                mb="sm"
                title={`Merged into #${data.mergedIntoId}`}
              >
                <Group gap="sm">
                  <Text size="sm">The conversation continues on the other ticket.</Text>
                  <Button
                    size="compact-xs"
                    component={Link}
                    to={`/tickets/${data.mergedIntoId}`}
                    variant="light"
                  >
                    Open #{data.mergedIntoId}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => undoMerge(data.id)}
                    loading={unmerge.isPending}
                  >
                    Undo merge
                  </Button>
                </Group>
              </Alert>
            )}
            {data.mergedFrom.length > 0 && (
              <Alert
                color="blue"
                variant="light"
                icon={<IconGitMerge size={18} />}
                mb="sm"
                title="Merged into this ticket"
              >
                <Stack gap={4}>
                  {data.mergedFrom.map((source) => (
                    <Group key={source.id} gap="sm">
                      <Anchor component={Link} to={`/tickets/${source.id}`} size="sm">
                        #{source.id} {source.subject}
                      </Anchor>
                      <Button size="compact-xs" variant="subtle" onClick={() => undoMerge(source.id)}>
                        Undo merge
                      </Button>
                    </Group>
                  ))}
                </Stack>
              </Alert>
            )}
            <Tabs value={tab} onChange={setTab} keepMounted={false}>
              <Tabs.List mb="sm">
                <Tabs.Tab value="conversation">Conversation ({data.messages.length})</Tabs.Tab>
                <Tabs.Tab value="history">History{events.data ? ` (${events.data.length})` : ''}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="conversation">
                <Conversation ticket={data} events={events.data ?? []} names={names} />
              </Tabs.Panel>
              <Tabs.Panel value="history">
                {events.isPending ? (
                  <Loader size="sm" />
                ) : (
                  <HistoryTimeline events={events.data ?? []} names={names} />
                )}
              </Tabs.Panel>
            </Tabs>
          </Box>
        </div>
        <Suspense fallback={<ComposerFallback />}>
          <Composer
            key={data.id}
            ticket={data}
            mode={mode}
            onModeChange={setMode}
            focusRequest={focusRequest}
            names={names}
          />
        </Suspense>
      </div>
      <div className="ticket-side">
        <SidePanel ticket={data} onChange={change} onEscalate={escalateModal.open} statusRef={statusRef} />
      </div>
      <MergeModal ticket={data} opened={mergeOpen} onClose={mergeModal.close} />
      <SplitModal ticket={data} opened={splitOpen} onClose={splitModal.close} />
      <EscalateModal ticket={data} opened={escalateOpen} onClose={escalateModal.close} />
    </div>
  );
}
