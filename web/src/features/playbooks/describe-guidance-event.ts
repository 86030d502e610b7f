import type { TicketEvent } from '../../api/types';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** History lines for macros and playbook runs, as the server records them (all staff-only). */
export function describeGuidanceEvent(event: TicketEvent): string {
  const data = event.data;
  switch (event.type) {
    case 'macro.applied':
      return `applied the macro “${text(data.title)}”`;
    case 'playbook.started':
      return `started the playbook “${text(data.playbook)}” (version ${String(data.version ?? '?')})`;
    case 'playbook.answered': {
      const note = text(data.note);
      return `answered “${text(data.question)}”: ${text(data.answer)}${note ? ` (note: ${note})` : ''}`;
    }
    case 'playbook.finished':
      if (data.outcome === 'abandoned') return 'stopped a playbook without an outcome';
      return `ended a playbook: ${text(data.title)} (${data.outcome === 'solved' ? 'solved' : 'escalated'})`;
    default:
      return event.type.replace(/[._]/g, ' ');
  }
}
