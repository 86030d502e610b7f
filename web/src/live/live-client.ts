/** One live update from GET /api/live (WebSocket). */
export interface LiveMessage {
  type: string;
  ticketId?: number;
  actorId?: number | null;
  data?: Record<string, unknown>;
}

export type PresenceState = 'viewing' | 'typing' | 'left';
export type LiveStatus = 'connecting' | 'open' | 'offline';

type Listener = (message: LiveMessage) => void;

/**
 * Keeps one WebSocket to the server open for the whole session: reconnects with backoff,
 * pings to keep proxies from dropping it, and tells listeners when it came back so they
 * can refetch what they may have missed.
 */
export class LiveClient {
  #socket: WebSocket | null = null;
  readonly #listeners = new Set<Listener>();
  readonly #statusListeners = new Set<(status: LiveStatus) => void>();
  #status: LiveStatus = 'connecting';
  #attempt = 0;
  #everOpened = false;
  #stopped = false;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#pingTimer);
    clearTimeout(this.#retryTimer);
    this.#socket?.close(1000, 'signed out');
    this.#socket = null;
  }

  get status(): LiveStatus {
    return this.#status;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Sends when connected; presence is best effort and is repeated by its senders anyway. */
  send(message: Record<string, unknown>): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #setStatus(status: LiveStatus) {
    if (status === this.#status) return;
    this.#status = status;
    for (const listener of this.#statusListeners) listener(status);
  }

  #emit(message: LiveMessage) {
    for (const listener of this.#listeners) listener(message);
  }

  #connect() {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live`;
    const socket = new WebSocket(url);
    this.#socket = socket;
    this.#setStatus('connecting');
    socket.addEventListener('open', () => {
      this.#attempt = 0;
      this.#setStatus('open');
      if (this.#everOpened) this.#emit({ type: 'reconnected' });
      this.#everOpened = true;
      clearInterval(this.#pingTimer);
      this.#pingTimer = setInterval(() => this.send({ type: 'ping' }), 25_000);
    });
    socket.addEventListener('message', (event) => {
      try {
        const message = JSON.parse(String(event.data)) as LiveMessage;
        if (message && typeof message.type === 'string') this.#emit(message);
      } catch {
        // A malformed frame is ignored; the next refetch heals whatever it carried.
      }
    });
    socket.addEventListener('close', () => {
      clearInterval(this.#pingTimer);
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (this.#stopped) return;
      this.#setStatus('offline');
      const delay = Math.min(15_000, 500 * 2 ** this.#attempt) + Math.random() * 300;
      this.#attempt += 1;
      this.#retryTimer = setTimeout(() => this.#connect(), delay);
    });
  }
}
