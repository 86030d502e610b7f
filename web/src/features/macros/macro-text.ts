import type { MacroActions, MacroApplication } from '../../api/macros';
import { PRIORITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '../../lib/labels';
import type { NameLookup } from '../tickets/describe-event';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A macro's plain-text reply as editor paragraphs: blank lines part paragraphs, single ones break lines. */
export const textToHtml = (text: string): string =>
  text
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');

export const VARIABLE = /\{\{\s*([a-z_]+(?:\.[a-z_]+)*)\s*\}\}/g;

/** Names used in a template that the server does not know; it refuses to save those. */
export function unknownVariables(template: string, known: string[]): string[] {
  const names = [...template.matchAll(VARIABLE)].map((match) => match[1] ?? '');
  return [...new Set(names.filter((name) => !known.includes(name)))];
}

/** What the editor's preview fills in: an example ticket, so the text reads as the customer sees it. */
const SAMPLE: Record<string, string> = {
  'ticket.id': '1042',
  'ticket.number': '#1042',
  'ticket.subject': 'VPN drops every 10 minutes',
  'ticket.status': 'open',
  'ticket.priority': 'P2',
  'ticket.type': 'incident',
  'requester.name': 'Noah Northwind',
  'requester.first_name': 'Noah',
  'requester.email': 'noah@northwind.example',
  'organisation.name': 'Northwind Logistics',
  'team.name': 'Service Desk',
  'assignee.name': 'Olivia Operator',
};

export function renderSample(
  template: string,
  agent: { name: string; email: string },
  known: string[],
): string {
  const values: Record<string, string> = {
    ...SAMPLE,
    'agent.name': agent.name,
    'agent.first_name': agent.name.trim().split(/\s+/)[0] ?? agent.name,
    'agent.email': agent.email,
  };
  return template.replace(VARIABLE, (whole, name: string) =>
    known.includes(name) ? (values[name] ?? `[${name}]`) : whole,
  );
}

/** The field changes of a macro in words: "status Pending", "tags +vpn −new". */
export function describeActions(actions: MacroActions, names: Pick<NameLookup, 'team' | 'user'>): string[] {
  const parts: string[] = [];
  if (actions.status) parts.push(`status ${STATUS_LABEL[actions.status]}`);
  if (actions.priority) parts.push(`priority ${PRIORITY_LABEL[actions.priority]}`);
  if (actions.type) parts.push(`type ${TYPE_LABEL[actions.type]}`);
  if (actions.teamId !== undefined)
    parts.push(
      actions.teamId === null ? 'no team' : `team ${names.team(actions.teamId) ?? `#${actions.teamId}`}`,
    );
  if (actions.assignToMe) parts.push('assign to me');
  else if (actions.assigneeId !== undefined)
    parts.push(
      actions.assigneeId === null
        ? 'unassign'
        : `assign to ${names.user(actions.assigneeId) ?? `person ${actions.assigneeId}`}`,
    );
  const tags = [
    ...(actions.addTags ?? []).map((tag) => `+${tag}`),
    ...(actions.removeTags ?? []).map((tag) => `−${tag}`),
  ];
  if (tags.length) parts.push(`tags ${tags.join(' ')}`);
  return parts;
}

/** The changes an application made on one ticket, in words. */
export function describeChanges(
  changes: MacroApplication['changes'],
  names: Pick<NameLookup, 'team' | 'user'>,
): string[] {
  const parts: string[] = [];
  if (changes.status) parts.push(`status ${STATUS_LABEL[changes.status]}`);
  if (changes.priority !== undefined)
    parts.push(`priority ${changes.priority ? PRIORITY_LABEL[changes.priority] : 'automatic'}`);
  if (changes.type) parts.push(`type ${TYPE_LABEL[changes.type]}`);
  if (changes.teamId !== undefined)
    parts.push(
      changes.teamId === null ? 'no team' : `team ${names.team(changes.teamId) ?? `#${changes.teamId}`}`,
    );
  if (changes.assigneeId !== undefined)
    parts.push(
      changes.assigneeId === null
        ? 'unassigned'
        : `assigned to ${names.user(changes.assigneeId) ?? `person ${changes.assigneeId}`}`,
    );
  if (changes.tags) parts.push(`tags ${changes.tags.length ? changes.tags.join(', ') : 'none'}`);
  return parts;
}
