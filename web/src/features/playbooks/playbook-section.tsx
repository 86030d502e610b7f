import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlayerPlay, IconRoute, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import {
  type PlaybookSummary,
  playbookKeys,
  usePlaybooks,
  useStartRun,
  useTicketRuns,
} from '../../api/playbooks';
import { ticketKeys } from '../../api/tickets';
import type { Ticket } from '../../api/types';
import { useLive } from '../../live/live-provider';
import { PanelSection } from '../tickets/panel-section';
import { PlaybookRunModal } from './playbook-run-modal';
import { RUN_STATUS } from './run-status';

/** Runs started, answered or ended by anyone show up here at once (the history too). */
function useLivePlaybookRuns(ticketId: number) {
  const live = useLive();
  const client = useQueryClient();
  useEffect(() => {
    if (!live) return;
    return live.subscribe((message) => {
      if (message.ticketId !== ticketId || !message.type.startsWith('playbook.')) return;
      void client.invalidateQueries({ queryKey: playbookKeys.ticketRuns(ticketId) });
      void client.invalidateQueries({ queryKey: ['playbook-runs', 'run'] });
      void client.invalidateQueries({ queryKey: ticketKeys.events(ticketId) });
    });
  }, [live, client, ticketId]);
}

/** The ticket's troubleshooting playbooks: start one, resume an unfinished run, read finished ones. */
export function PlaybookSection({ ticket, readOnly }: { ticket: Ticket; readOnly: boolean }) {
  const runs = useTicketRuns(ticket.id);
  const [runId, setRunId] = useState<number | null>(null);
  const [pickerOpen, picker] = useDisclosure(false);
  useLivePlaybookRuns(ticket.id);
  const unfinished = (runs.data ?? []).filter((run) => run.status === 'in_progress');
  const finished = (runs.data ?? []).filter((run) => run.status !== 'in_progress');

  return (
    <PanelSection title="Playbooks">
      {runs.isError && (
        <Text size="xs" c="red">
          Playbook runs could not be loaded: {errorMessage(runs.error)}
        </Text>
      )}
      {unfinished.map((run) => (
        <Group key={run.runId} justify="space-between" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate>
              {run.playbookName}
            </Text>
            <Text size="xs" c="dimmed">
              {run.answers.length} answered{run.startedBy ? ` · ${run.startedBy}` : ''}
            </Text>
          </div>
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => setRunId(run.runId)}
            aria-label={`Resume ${run.playbookName}`}
            disabled={readOnly}
          >
            Resume
          </Button>
        </Group>
      ))}
      {finished.map((run) => (
        <Group key={run.runId} justify="space-between" wrap="nowrap" gap="xs">
          <UnstyledButton
            onClick={() => setRunId(run.runId)}
            aria-label={`${run.playbookName}: ${RUN_STATUS[run.status].label}, show answers`}
            style={{ minWidth: 0 }}
          >
            <Text size="sm" truncate>
              {run.playbookName}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {run.outcome?.title ?? `${run.answers.length} answered`}
            </Text>
          </UnstyledButton>
          <Badge size="sm" variant="light" color={RUN_STATUS[run.status].color}>
            {RUN_STATUS[run.status].label}
          </Badge>
        </Group>
      ))}
      <Button
        size="xs"
        variant="default"
        leftSection={<IconRoute size={14} />}
        onClick={picker.open}
        disabled={readOnly}
      >
        Start a playbook…
      </Button>
      <PlaybookPicker
        ticket={ticket}
        opened={pickerOpen}
        onClose={picker.close}
        onStarted={(id) => {
          picker.close();
          setRunId(id);
        }}
      />
      <PlaybookRunModal ticketId={ticket.id} runId={runId} onClose={() => setRunId(null)} />
    </PanelSection>
  );
}

function PlaybookPicker({
  ticket,
  opened,
  onClose,
  onStarted,
}: {
  ticket: Ticket;
  opened: boolean;
  onClose: () => void;
  onStarted: (runId: number) => void;
}) {
  const playbooks = usePlaybooks(opened);
  const start = useStartRun(ticket.id);
  const [query, setQuery] = useState('');
  // Editors see drafts and inactive ones too; only what can run is offered here.
  const runnable = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return (playbooks.data ?? []).filter(
      (playbook) =>
        playbook.active &&
        playbook.currentVersion !== null &&
        (!needle ||
          playbook.name.toLowerCase().includes(needle) ||
          playbook.description.toLowerCase().includes(needle)),
    );
  }, [playbooks.data, query]);

  const begin = (playbook: PlaybookSummary) =>
    start.mutate(playbook.id, {
      onSuccess: (run) => onStarted(run.runId),
      onError: (error) => {
        // One run of a playbook at a time: carry on with the one already going.
        const details =
          error instanceof ApiError ? (error.details as { runId?: number } | undefined) : undefined;
        if (error instanceof ApiError && error.code === 'run_in_progress' && details?.runId)
          onStarted(details.runId);
      },
    });

  return (
    <Modal opened={opened} onClose={onClose} title="Start a playbook" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          A playbook asks you step by step what to check. Every answer is recorded on #{ticket.id} and travels
          with an escalation.
        </Text>
        <TextInput
          data-autofocus
          label="Find a playbook"
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
        />
        {playbooks.isPending ? (
          <Loader size="sm" aria-label="Loading playbooks" />
        ) : playbooks.isError ? (
          <Alert color="red" role="alert" title="Playbooks could not be loaded">
            {errorMessage(playbooks.error)}
          </Alert>
        ) : runnable.length === 0 ? (
          <Text size="sm" c="dimmed">
            {query ? 'No playbook matches.' : 'No published playbooks yet.'}
          </Text>
        ) : (
          <Stack
            gap="xs"
            component="ul"
            aria-label="Playbooks"
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            {runnable.map((playbook) => (
              <Group component="li" key={playbook.id} justify="space-between" wrap="nowrap" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {playbook.name}
                  </Text>
                  {playbook.description && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {playbook.description}
                    </Text>
                  )}
                </div>
                <Button
                  size="xs"
                  leftSection={<IconPlayerPlay size={14} />}
                  onClick={() => begin(playbook)}
                  loading={start.isPending && start.variables === playbook.id}
                  aria-label={`Start ${playbook.name}`}
                >
                  Start
                </Button>
              </Group>
            ))}
          </Stack>
        )}
        {start.isError && !(start.error instanceof ApiError && start.error.code === 'run_in_progress') && (
          <Alert color="red" role="alert" title="Not started">
            {errorMessage(start.error)}
          </Alert>
        )}
      </Stack>
    </Modal>
  );
}
