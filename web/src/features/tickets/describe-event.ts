import type { Level, Priority, TicketEvent, TicketStatus, TicketType } from '../../api/types';
import { LEVEL_LABEL, STATUS_LABEL, TYPE_LABEL } from '../../lib/labels';
import { describeKnowledgeEvent } from '../knowledge/describe-knowledge-event';
import { describeGuidanceEvent } from '../playbooks/describe-guidance-event';

export interface NameLookup {
  user: (id: number) => string | undefined;
  team: (id: number) => string | undefined;
  category: (id: number) => string | undefined;
}

const FIELD_LABEL: Record<string, string> = {
  status: 'status',
  priority: 'priority',
  impact: 'impact',
  urgency: 'urgency',
  type: 'type',
  subject: 'subject',
  team_id: 'team',
  assignee_id: 'assignee',
  category_id: 'category',
  parent_id: 'parent ticket',
  tags: 'tags',
  custom_fields: 'custom fields',
  requester_id: 'requester',
  organisation_id: 'organisation',
  priority_overridden: 'priority override',
};

/** Fields whose change is implied by another one in the same event and would only add noise. */
const IMPLIED = new Set(['organisation_id', 'priority_overridden']);

function valueText(field: string, value: unknown, names: NameLookup): string {
  if (value === null || value === undefined || value === '') return 'none';
  switch (field) {
    case 'status':
      return STATUS_LABEL[value as TicketStatus] ?? String(value);
    case 'type':
      return TYPE_LABEL[value as TicketType] ?? String(value);
    case 'impact':
    case 'urgency':
      return LEVEL_LABEL[value as Level] ?? String(value);
    case 'priority':
      return value as Priority;
    case 'assignee_id':
    case 'requester_id':
      return names.user(Number(value)) ?? `person ${value}`;
    case 'team_id':
      return names.team(Number(value)) ?? `team ${value}`;
    case 'category_id':
      return names.category(Number(value)) ?? `category ${value}`;
    case 'parent_id':
      return `#${value}`;
    case 'tags':
      return Array.isArray(value) && value.length ? value.join(', ') : 'none';
    case 'custom_fields':
      return 'updated';
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export interface ChangeLine {
  field: string;
  from: string;
  to: string;
}

export function changeLines(event: TicketEvent, names: NameLookup): ChangeLine[] {
  const changes = (event.data.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
  return Object.entries(changes)
    .filter(([field]) => !IMPLIED.has(field))
    .map(([field, change]) => ({
      field: FIELD_LABEL[field] ?? field.replace(/_/g, ' '),
      from: valueText(field, change?.from, names),
      to: valueText(field, change?.to, names),
    }));
}

/** One sentence for a history entry, without the actor ("set status Open → Pending"). */
export function describeEvent(event: TicketEvent, names: NameLookup): string {
  const data = event.data;
  const ref = typeof data.ticketId === 'number' ? `#${data.ticketId}` : 'another ticket';
  switch (event.type) {
    case 'ticket.created':
      return 'opened the ticket';
    case 'ticket.updated': {
      const lines = changeLines(event, names);
      const text = lines.map((line) => `${line.field} ${line.from} → ${line.to}`).join('; ');
      const reason = data.reason === 'auto_close' ? ' (closed automatically)' : '';
      return lines.length ? `changed ${text}${reason}` : 'updated the ticket';
    }
    case 'ticket.reopened':
      return 'reopened the ticket by replying';
    case 'message.added':
      return data.visibility === 'internal' ? 'added an internal note' : 'added a public reply';
    case 'ticket.merged_into':
      return `merged this ticket into ${ref}`;
    case 'ticket.merged_from':
      return `merged ${ref} into this ticket`;
    case 'ticket.merge_undone':
      return `undid the merge with ${ref}`;
    case 'ticket.split_to':
      return `split messages off into ${ref}`;
    case 'ticket.split_from':
      return `split this ticket off ${ref}`;
    case 'watcher.added':
      return `added ${names.user(Number(data.userId)) ?? 'someone'} as a watcher`;
    case 'watcher.removed':
      return `removed ${names.user(Number(data.userId)) ?? 'someone'} as a watcher`;
    case 'link.added':
      return `related this ticket to ${ref}`;
    case 'link.removed':
      return `removed the relation to ${ref}`;
    case 'article.linked':
    case 'article.unlinked':
    case 'article.draft_created':
      return describeKnowledgeEvent(event);
    case 'macro.applied':
    case 'playbook.started':
    case 'playbook.answered':
    case 'playbook.finished':
      return describeGuidanceEvent(event);
    default:
      return event.type.replace(/[._]/g, ' ');
  }
}
