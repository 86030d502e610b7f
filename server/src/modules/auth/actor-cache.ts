import type { Actor } from '../../access/actor.ts';

/** The longest an entry is trusted without a fresh read, even when no change was announced. */
const ENTRY_MS = 60_000;
const MOST_ENTRIES = 10_000;

interface Entry {
  actor: Actor;
  /** When the session or token expires (null: never), in ms. */
  expiresAt: number | null;
  cachedAt: number;
  /** Sessions: when it was last extended; tokens: when its use was last recorded. */
  touchedAt: number | null;
}

/**
 * Who a session or API token belongs to, as recently read on this node, so a request does not
 * cost a database round trip to find its caller. Triggers (migration 0010) announce, through the
 * live channel, every change to a person, their sessions or their tokens, made by any node or
 * by hand in SQL, and every node then forgets that person's entries; when the live connection
 * was lost, every entry is forgotten. Entries also go when their session or token expires, and
 * a minute after they were read.
 */
export class ActorCache {
  readonly #entries = new Map<string, Entry>();
  readonly #keysByUser = new Map<number, Set<string>>();
  #generation = 0;

  /**
   * Taken before reading a caller, handed to `set`: a read that was under way when a change was
   * announced may have seen the old state, and is not remembered.
   */
  get generation(): number {
    return this.#generation;
  }

  get(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if ((entry.expiresAt !== null && entry.expiresAt <= now) || now - entry.cachedAt > ENTRY_MS) {
      this.#delete(key, entry);
      return undefined;
    }
    return entry;
  }

  set(
    key: string,
    actor: Actor,
    expiresAt: Date | null,
    now: number,
    touchedAt: Date | null,
    generationAtRead: number,
  ): void {
    if (generationAtRead !== this.#generation) return;
    const existing = this.#entries.get(key);
    if (existing) this.#delete(key, existing);
    if (this.#entries.size >= MOST_ENTRIES) {
      const [oldestKey, oldest] = this.#entries.entries().next().value ?? [];
      if (oldestKey !== undefined && oldest) this.#delete(oldestKey, oldest);
    }
    this.#entries.set(key, {
      // Requests share the remembered caller; none may change it for the others.
      actor: Object.freeze(actor),
      expiresAt: expiresAt?.getTime() ?? null,
      cachedAt: now,
      touchedAt: touchedAt?.getTime() ?? null,
    });
    const keys = this.#keysByUser.get(actor.userId) ?? new Set<string>();
    keys.add(key);
    this.#keysByUser.set(actor.userId, keys);
  }

  forget(key: string): void {
    const entry = this.#entries.get(key);
    if (entry) this.#delete(key, entry);
  }

  forgetPerson(userId: number): void {
    this.#generation++;
    for (const key of this.#keysByUser.get(userId) ?? []) this.#entries.delete(key);
    this.#keysByUser.delete(userId);
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#keysByUser.clear();
  }

  #delete(key: string, entry: Entry): void {
    this.#entries.delete(key);
    const keys = this.#keysByUser.get(entry.actor.userId);
    keys?.delete(key);
    if (keys?.size === 0) this.#keysByUser.delete(entry.actor.userId);
  }
}
