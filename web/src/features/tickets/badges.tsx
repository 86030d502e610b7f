import { Badge, Tooltip } from '@mantine/core';
import type { Priority, TicketStatus } from '../../api/types';
import { PRIORITY_LABEL, STATUS_HINT, STATUS_LABEL } from '../../lib/labels';

export function StatusBadge({ status, size = 'sm' }: { status: TicketStatus; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Tooltip label={STATUS_HINT[status]}>
      <Badge size={size} className={`tl-badge tl-status-${status}`} variant="transparent">
        {STATUS_LABEL[status]}
      </Badge>
    </Tooltip>
  );
}

export function PriorityBadge({
  priority,
  size = 'sm',
  long = false,
}: {
  priority: Priority;
  size?: 'xs' | 'sm' | 'md';
  long?: boolean;
}) {
  return (
    <Badge
      size={size}
      className={`tl-badge tl-priority-${priority}`}
      variant="transparent"
      aria-label={`Priority ${PRIORITY_LABEL[priority]}`}
    >
      {long ? PRIORITY_LABEL[priority] : priority}
    </Badge>
  );
}
