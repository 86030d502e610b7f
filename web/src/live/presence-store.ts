import { useSyncExternalStore } from 'react';
import type { PresenceState } from './live-client';

export interface Presence {
  userId: number;
  name: string;
  state: Exclude<PresenceState, 'left'>;
  at: number;
}

/** Presence is announced every 20 s; someone silent for longer than this has gone. */
export const PRESENCE_TTL_MS = 50_000;
/** "Typing" decays to "viewing" if no new keystroke was announced. */
export const TYPING_TTL_MS = 8_000;

const byTicket = new Map<number, Map<number, Presence>>();
const listeners = new Set<() => void>();
const snapshots = new Map<number, Presence[]>();
const EMPTY: Presence[] = [];

function notify(ticketId: number) {
  snapshots.delete(ticketId);
  for (const listener of listeners) listener();
}

/** Records what someone said about a ticket; answers whether they are new here. */
export function recordPresence(
  ticketId: number,
  userId: number,
  name: string,
  state: PresenceState,
): boolean {
  let people = byTicket.get(ticketId);
  if (state === 'left') {
    if (people?.delete(userId)) notify(ticketId);
    return false;
  }
  if (!people) {
    people = new Map();
    byTicket.set(ticketId, people);
  }
  const isNew = !people.has(userId);
  people.set(userId, { userId, name, state, at: Date.now() });
  notify(ticketId);
  return isNew;
}

/** Drops people who went silent and turns stale "typing" into "viewing". */
export function expirePresence(now = Date.now()): void {
  for (const [ticketId, people] of byTicket) {
    let changed = false;
    for (const [userId, presence] of people) {
      if (now - presence.at > PRESENCE_TTL_MS) {
        people.delete(userId);
        changed = true;
      } else if (presence.state === 'typing' && now - presence.at > TYPING_TTL_MS) {
        people.set(userId, { ...presence, state: 'viewing' });
        changed = true;
      }
    }
    if (changed) notify(ticketId);
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(ticketId: number): Presence[] {
  let found = snapshots.get(ticketId);
  if (!found) {
    const people = byTicket.get(ticketId);
    found =
      people && people.size > 0 ? [...people.values()].sort((a, b) => a.name.localeCompare(b.name)) : EMPTY;
    snapshots.set(ticketId, found);
  }
  return found;
}

export const usePresenceOf = (ticketId: number) => useSyncExternalStore(subscribe, () => snapshot(ticketId));
