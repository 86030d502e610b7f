import { Alert, Badge, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { errorMessage } from '../../api/client';
import type { SlaExplanation } from '../../api/sla';
import { STATUS_LABEL } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';
import { SlaTargetBadge } from './sla-badge';
import { basisLabel, CLOCK_LABEL, formatDuration, formatTargetLength, METRIC_LABEL } from './sla-format';

export const reasonLabel = (reason: string | null) => {
  if (!reason) return '—';
  if (reason in STATUS_LABEL) return STATUS_LABEL[reason as keyof typeof STATUS_LABEL];
  return reason === 'waiting_on_vendor' ? 'Waiting on vendor' : reason.replace(/_/g, ' ');
};

type ExplainedTarget = SlaExplanation['targets'][number];

/** The stretches of one target cycle as a bar: running, paused and stopped, in proportion to wall time. */
function TimelineBar({ target, now }: { target: ExplainedTarget; now: number }) {
  const spans = target.timeline.map((segment) => {
    const from = Date.parse(segment.from);
    const to = segment.to ? Date.parse(segment.to) : now;
    return { segment, length: Math.max(0, to - from) };
  });
  const total = spans.reduce((sum, span) => sum + span.length, 0) || 1;
  return (
    <div
      className="sla-timeline"
      role="img"
      aria-label={`Timeline of ${METRIC_LABEL[target.metric]}: ${target.timeline
        .map((segment) => `${CLOCK_LABEL[segment.clock].toLowerCase()} ${formatDuration(segment.minutes)}`)
        .join(', ')}`}
    >
      {spans.map(({ segment, length }) => (
        <span
          key={`${segment.from}-${segment.clock}`}
          className={`sla-seg-${segment.clock}`}
          style={{ width: `${(length / total) * 100}%` }}
        />
      ))}
    </div>
  );
}

function TargetExplanation({ target, now }: { target: ExplainedTarget; now: number }) {
  const basis = basisLabel(target.businessHours);
  return (
    <Stack gap="xs" component="section" aria-label={METRIC_LABEL[target.metric]}>
      <Group justify="space-between" wrap="nowrap">
        <Title order={3} size="h5">
          {METRIC_LABEL[target.metric]}
          {target.cycle > 1 ? ` (cycle ${target.cycle})` : ''}
        </Title>
        <SlaTargetBadge target={target} now={now} size="xs" />
      </Group>
      <Text size="sm">{target.why}</Text>
      <Text size="xs" c="dimmed">
        Target {formatTargetLength(target.targetMinutes)} of {basis}; {formatDuration(target.elapsedMinutes)}{' '}
        counted, {formatDuration(target.pausedMinutes)} paused (not counted).
      </Text>
      {target.timeline.length > 0 && <TimelineBar target={target} now={now} />}
      <Table fz="xs" verticalSpacing={4} aria-label={`Intervals of ${METRIC_LABEL[target.metric]}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Clock</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th ta="right">Counted ({basis})</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {target.timeline.map((segment) => (
            <Table.Tr key={`${segment.from}-${segment.clock}`}>
              <Table.Td>
                <Badge size="xs" variant="light" color={segment.clock === 'running' ? 'blue' : 'gray'}>
                  {CLOCK_LABEL[segment.clock]}
                </Badge>
              </Table.Td>
              <Table.Td>
                {segment.clock === 'running' ? 'Clock running' : reasonLabel(segment.reason)}
              </Table.Td>
              <Table.Td>{formatDateTime(segment.from)}</Table.Td>
              <Table.Td>{segment.to ? formatDateTime(segment.to) : 'now'}</Table.Td>
              <Table.Td ta="right">
                {segment.clock === 'running' ? formatDuration(segment.minutes) : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {target.earlierCycles.length > 0 && (
        <Stack gap={2}>
          <Text size="xs" fw={600}>
            Earlier cycles
          </Text>
          {target.earlierCycles.map((cycle) => (
            <Text size="xs" key={cycle.cycle}>
              Cycle {cycle.cycle}: {cycle.state === 'met' ? 'met' : 'breached'} —{' '}
              {formatDuration(cycle.elapsedMinutes)} from {formatDateTime(cycle.startedAt)} to{' '}
              {formatDateTime(cycle.endedAt)} ({cycle.endedBy.replace('_', ' ')})
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** "Why is this breached?": every target's running and paused stretches, the terms and the calendar. */
export function SlaWhyModal({
  opened,
  onClose,
  explanation,
  error,
  now,
}: {
  opened: boolean;
  onClose: () => void;
  explanation: SlaExplanation | undefined;
  error: unknown;
  now: number;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="SLA: how each target was counted" size="xl">
      {error ? (
        <Alert color="red" title="Could not load" role="alert">
          {errorMessage(error)}
        </Alert>
      ) : explanation ? (
        <Stack gap="lg">
          <Text size="sm">
            Policy <strong>{explanation.policy?.name ?? 'none'}</strong> · calendar{' '}
            <strong>{explanation.calendar.name}</strong> ({explanation.calendar.timeZone}) · paused while{' '}
            {explanation.terms.pauseStatuses.map((status) => STATUS_LABEL[status]).join(', ') || 'never'}
            {explanation.terms.pauseOnVendor ? ' and while a vendor escalation is open' : ''} · at risk after{' '}
            {Math.round(explanation.terms.atRiskFraction * 100)}% of a target.
          </Text>
          {explanation.targets.length === 0 && <Text c="dimmed">No SLA targets apply to this ticket.</Text>}
          {explanation.targets.map((target) => (
            <TargetExplanation key={`${target.metric}-${target.cycle}`} target={target} now={now} />
          ))}
          <Text size="xs" c="dimmed">
            Computed {formatDateTime(explanation.computedAt)} from the ticket's history.
          </Text>
        </Stack>
      ) : (
        <Text c="dimmed">Loading…</Text>
      )}
    </Modal>
  );
}
