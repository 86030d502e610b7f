import type { RunStatus } from '../../api/playbooks';

export const RUN_STATUS: Record<RunStatus, { label: string; color: string }> = {
  in_progress: { label: 'In progress', color: 'blue' },
  solved: { label: 'Solved', color: 'teal' },
  escalated: { label: 'Escalated', color: 'grape' },
  abandoned: { label: 'Stopped', color: 'gray' },
};
