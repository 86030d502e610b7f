import type { TicketListParams } from '../../api/tickets';
import type { SavedView, TicketFilters, TicketSort } from '../../api/types';
import { CHANNELS, PRIORITIES, SORTS, TICKET_STATUSES, TICKET_TYPES } from '../../api/types';

const listOf = <T extends string>(value: string | null, allowed: readonly T[]): T[] | undefined => {
  if (!value) return undefined;
  const items = value.split(',').filter((item): item is T => (allowed as readonly string[]).includes(item));
  return items.length ? items : undefined;
};

function assigneeOf(value: string | null): TicketFilters['assignee'] {
  if (value === 'me' || value === 'none') return value;
  const id = Number(value);
  return value && Number.isInteger(id) && id > 0 ? id : undefined;
}

function teamOf(value: string | null): TicketFilters['teamId'] {
  if (value === 'mine' || value === 'none') return value;
  const id = Number(value);
  return value && Number.isInteger(id) && id > 0 ? id : undefined;
}

/** What the URL asks for on top of the selected view (the server merges the two). */
export function filtersFromSearch(search: URLSearchParams): TicketFilters {
  const filters: TicketFilters = {
    status: listOf(search.get('status'), TICKET_STATUSES),
    priority: listOf(search.get('priority'), PRIORITIES),
    type: listOf(search.get('type'), TICKET_TYPES),
    channel: listOf(search.get('channel'), CHANNELS),
    assignee: assigneeOf(search.get('assignee')),
    teamId: teamOf(search.get('team')),
    text: search.get('text')?.trim() || undefined,
    tags: search.get('tags')?.split(',').filter(Boolean) || undefined,
  };
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined),
  ) as TicketFilters;
}

export function sortFromSearch(search: URLSearchParams): TicketSort | undefined {
  const value = search.get('sort');
  return value && (SORTS as readonly string[]).includes(value) ? (value as TicketSort) : undefined;
}

export function listParams(search: URLSearchParams): TicketListParams {
  const view = Number(search.get('view'));
  return {
    ...filtersFromSearch(search),
    viewId: Number.isInteger(view) && view > 0 ? view : undefined,
    sort: sortFromSearch(search),
    limit: 50,
  };
}

/** The filters in force: the view's, overridden by what the URL adds. */
export function effectiveFilters(view: SavedView | undefined, search: URLSearchParams): TicketFilters {
  return { ...(view?.filters ?? {}), ...filtersFromSearch(search) };
}

export const SEARCH_KEYS: Record<keyof TicketFilters, string> = {
  status: 'status',
  priority: 'priority',
  type: 'type',
  channel: 'channel',
  assignee: 'assignee',
  teamId: 'team',
  text: 'text',
  tags: 'tags',
  requesterId: 'requester',
  organisationId: 'organisation',
  categoryId: 'category',
};

export function withFilter(
  search: URLSearchParams,
  key: keyof TicketFilters,
  value: string | string[] | number | undefined | null,
): URLSearchParams {
  const next = new URLSearchParams(search);
  const name = SEARCH_KEYS[key];
  const text = Array.isArray(value)
    ? value.join(',')
    : value === undefined || value === null
      ? ''
      : String(value);
  if (text) next.set(name, text);
  else next.delete(name);
  return next;
}
