import type { LiveMessage } from './live-hub.ts';

interface Presence {
  userId: number;
  name: string;
  state: 'viewing' | 'typing';
  at: number;
}

/** Presence is refreshed by clients while they stay; anything older than this has gone. */
const PRESENCE_TTL_MS = 60_000;

/**
 * Who is on which ticket right now, as every node hears it through the hub, so a newcomer gets
 * the current picture at once instead of waiting for others to announce themselves again.
 */
export class PresenceBoard {
  readonly #tickets = new Map<number, Map<number, Presence>>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  record(message: LiveMessage): void {
    if (message.type !== 'presence' || message.ticketId === undefined || !message.data) return;
    const { userId, name, state } = message.data as { userId: number; name: string; state: string };
    const people = this.#tickets.get(message.ticketId) ?? new Map<number, Presence>();
    if (state === 'left') people.delete(userId);
    else if (state === 'viewing' || state === 'typing')
      people.set(userId, { userId, name, state, at: this.#now() });
    if (people.size === 0) this.#tickets.delete(message.ticketId);
    else this.#tickets.set(message.ticketId, people);
  }

  /** The current presence as live messages, oldest entries dropped. */
  snapshot(): LiveMessage[] {
    const cutoff = this.#now() - PRESENCE_TTL_MS;
    const messages: LiveMessage[] = [];
    for (const [ticketId, people] of this.#tickets) {
      for (const [userId, presence] of people) {
        if (presence.at < cutoff) {
          people.delete(userId);
          continue;
        }
        messages.push({
          type: 'presence',
          ticketId,
          internal: true,
          actorId: userId,
          data: { userId, name: presence.name, state: presence.state },
        });
      }
      if (people.size === 0) this.#tickets.delete(ticketId);
    }
    return messages;
  }
}
