import { Anchor, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useCallback, useMemo } from 'react';
import { type SlaTarget, useTicketSla } from '../../api/sla';
import type { Ticket } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { PanelSection } from '../tickets/panel-section';
import { SlaTargetBadge } from './sla-badge';
import { basisLabel, formatDuration, nextTransition, stateNow } from './sla-format';
import { reasonLabel, SlaWhyModal } from './sla-why-modal';
import { useRefetchAt, useSlaLiveRefresh, useTicker } from './use-sla-live';

/** Remaining time in the target's own basis; calendar-time targets count down live, business time as last computed. */
function remainingText(target: SlaTarget, computedAt: string, now: number): string {
  const state = stateNow(target, now);
  if (state === 'met') return target.metAt ? `Met ${formatDateTime(target.metAt)}` : 'Met';
  if (state === 'breached' && target.breachedAt)
    return `Breached ${formatDateTime(target.breachedAt)}${target.clock === 'running' ? ', still running' : ''}`;
  if (state === 'paused')
    return `Paused (${reasonLabel(target.pauseReason)}); ${formatDuration(target.remainingMinutes)} of ${basisLabel(target.businessHours)} left`;
  const remaining = target.businessHours
    ? target.remainingMinutes
    : target.remainingMinutes - (now - Date.parse(computedAt)) / 60_000;
  if (remaining <= 0)
    return `Overdue by ${formatDuration(-remaining)} of ${basisLabel(target.businessHours)}`;
  return `${formatDuration(remaining)} of ${basisLabel(target.businessHours)} left${
    target.dueAt ? ` · due ${formatDateTime(target.dueAt)}` : ''
  }`;
}

/** SLA targets of the ticket with live countdowns, and the "why" behind them. */
export function TicketSlaSection({ ticket }: { ticket: Ticket }) {
  const explanation = useTicketSla(ticket.id);
  const now = useTicker(1000);
  const [whyOpen, why] = useDisclosure(false);
  useSlaLiveRefresh(ticket.id);
  const refetch = useCallback(() => void explanation.refetch(), [explanation.refetch]);
  const targets = explanation.data?.targets ?? [];
  const transition = useMemo(() => nextTransition(targets, Date.now()), [targets]);
  useRefetchAt(transition, refetch);

  if (explanation.isError) {
    return (
      <PanelSection title="SLA">
        <Text size="xs" c="dimmed">
          SLA state is not available.
        </Text>
      </PanelSection>
    );
  }
  const data = explanation.data;
  return (
    <PanelSection title="SLA">
      {!data ? (
        <Skeleton h={40} />
      ) : data.targets.length === 0 ? (
        <Text size="xs" c="dimmed">
          {data.policy
            ? `No targets of ${data.policy.name} apply to this ticket.`
            : 'No SLA policy applies to this ticket.'}
        </Text>
      ) : (
        <Stack gap={8} role="list" aria-label="SLA targets">
          {data.targets.map((target) => (
            <Stack gap={2} key={`${target.metric}-${target.cycle}`} role="listitem">
              <Group gap={4}>
                <SlaTargetBadge target={target} now={now} />
              </Group>
              <Text size="xs" c="dimmed" className="sla-countdown">
                {remainingText(target, data.computedAt, now)}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
      {data && (
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" lineClamp={1}>
            {data.policy?.name ?? 'No policy'} · {data.calendar.name}
          </Text>
          <Anchor component="button" type="button" size="xs" onClick={why.open}>
            Why?
          </Anchor>
        </Group>
      )}
      <SlaWhyModal
        opened={whyOpen}
        onClose={why.close}
        explanation={data}
        error={explanation.error}
        now={now}
      />
    </PanelSection>
  );
}
