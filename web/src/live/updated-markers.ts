import { useSyncExternalStore } from 'react';

/**
 * "Updated" markers on the ticket list: a ticket is marked when someone else changed it after
 * the agent last looked at it. What was seen is kept per browser in localStorage.
 */
const STORAGE_KEY = 'tierline-seen-tickets';
const MAX_ENTRIES = 2000;

function load(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

let seen = load();
const changedByOthers = new Set<number>();
const changedByMe = new Set<number>();
let version = 0;
const listeners = new Set<() => void>();

function notify() {
  version += 1;
  for (const listener of listeners) listener();
}

function persist() {
  const entries = Object.entries(seen);
  if (entries.length > MAX_ENTRIES) {
    entries.sort((a, b) => (a[1] < b[1] ? 1 : -1));
    seen = Object.fromEntries(entries.slice(0, MAX_ENTRIES));
  }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(seen));
  } catch {
    // Storage full or disabled: markers then last for this page only.
  }
}

/** The agent has seen the ticket as of this update time. */
export function markSeen(ticketId: number, updatedAt: string): void {
  const known = seen[ticketId];
  const hadChange = changedByOthers.delete(ticketId);
  if (known && known >= updatedAt && !hadChange) return;
  seen[ticketId] = updatedAt;
  persist();
  notify();
}

/** A live event says someone else changed the ticket. */
export function markChangedByOthers(ticketId: number): void {
  if (changedByOthers.has(ticketId)) return;
  changedByOthers.add(ticketId);
  notify();
}

/** A live event says the agent changed it (bulk action, other tab): not news to them. */
export function markChangedByMe(ticketId: number): void {
  changedByMe.add(ticketId);
}

export type Marker = 'updated' | null;

export function markerFor(ticketId: number, updatedAt: string): Marker {
  if (changedByOthers.has(ticketId)) return 'updated';
  if (changedByMe.has(ticketId)) {
    // Absorbed quietly once the list shows the newer update time: the agent's own change is not news.
    const known = seen[ticketId];
    if (!known || known < updatedAt) {
      if (known) seen[ticketId] = updatedAt;
      changedByMe.delete(ticketId);
      persist();
    }
    return null;
  }
  const known = seen[ticketId];
  return known && known < updatedAt ? 'updated' : null;
}

/** Re-renders the list when markers change. */
export function useMarkersVersion(): number {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => version,
  );
}
