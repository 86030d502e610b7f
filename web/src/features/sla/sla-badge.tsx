import { Badge, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconClockHour4,
  IconFlame,
  IconPlayerPause,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { SlaTarget } from '../../api/sla';
import { formatDateTime } from '../../lib/time';
import { type DisplayState, formatDuration, METRIC_LABEL, SLA_STATE_LABEL, stateNow } from './sla-format';
import './sla.css';

const ICON: Record<DisplayState, typeof IconClockHour4> = {
  ok: IconClockHour4,
  at_risk: IconAlertTriangle,
  breached: IconFlame,
  met: IconCircleCheck,
  paused: IconPlayerPause,
};

/** The state as a badge: icon, word and colour, never colour alone. */
export function SlaStateBadge({
  state,
  children,
  size = 'sm',
  tooltip,
}: {
  state: DisplayState;
  children?: ReactNode;
  size?: 'xs' | 'sm' | 'md';
  tooltip?: string;
}) {
  const Icon = ICON[state];
  const badge = (
    <Badge
      size={size}
      variant="transparent"
      className={`tl-sla tl-sla-${state}`}
      leftSection={<Icon size={12} aria-hidden="true" />}
      data-sla-state={state}
    >
      {children ?? SLA_STATE_LABEL[state]}
    </Badge>
  );
  return tooltip ? <Tooltip label={tooltip}>{badge}</Tooltip> : badge;
}

/** What a countdown says for one target now: "12 min left", "overdue 3 min", "paused", "met". */
export function countdownText(target: SlaTarget, now: number): string {
  const state = stateNow(target, now);
  if (state === 'met') return 'met';
  if (state === 'paused') return 'paused';
  if (!target.dueAt) return target.clock === 'stopped' ? 'stopped' : 'no due time';
  const left = (Date.parse(target.dueAt) - now) / 60_000;
  if (left <= 0) return `overdue ${formatDuration(-left, { seconds: true })}`;
  return `${formatDuration(left, { seconds: true })} left`;
}

/** One target: "First response · At risk · 12 min left", with the due time on hover. */
export function SlaTargetBadge({
  target,
  now,
  size,
}: {
  target: SlaTarget;
  now: number;
  size?: 'xs' | 'sm';
}) {
  const state = stateNow(target, now);
  const due = target.dueAt ? `Due ${formatDateTime(target.dueAt)}` : 'No due time while paused';
  return (
    <SlaStateBadge state={state} size={size} tooltip={due}>
      {METRIC_LABEL[target.metric]} · {SLA_STATE_LABEL[state]}
      {state !== 'met' && state !== 'paused' ? ` · ${countdownText(target, now)}` : ''}
    </SlaStateBadge>
  );
}
