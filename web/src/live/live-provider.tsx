import { notifications } from '@mantine/notifications';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { ticketKeys } from '../api/tickets';
import { useSession } from '../auth/session';
import { LiveClient, type LiveMessage, type LiveStatus, type PresenceState } from './live-client';
import { expirePresence, recordPresence } from './presence-store';
import { markChangedByMe, markChangedByOthers } from './updated-markers';

const LiveContext = createContext<LiveClient | null>(null);

/** What this tab last announced per ticket, so it can be repeated to newcomers. */
const announced = new Map<number, PresenceState>();

const TICKET_EVENT = /^(ticket|message|watcher|link)\./;

/** Batches invalidations so a burst of events (a bulk update of 200 tickets) costs one refetch. */
function createInvalidator(client: QueryClient) {
  const tickets = new Set<number>();
  let listsDue = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    for (const id of tickets) {
      void client.invalidateQueries({ queryKey: ticketKeys.detail(id) });
      void client.invalidateQueries({ queryKey: ticketKeys.events(id) });
    }
    tickets.clear();
    if (listsDue) {
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
      void client.invalidateQueries({ queryKey: ticketKeys.views });
      listsDue = false;
    }
  };
  return (ticketId: number | undefined) => {
    if (ticketId !== undefined) tickets.add(ticketId);
    listsDue = true;
    if (timer === undefined) timer = setTimeout(flush, 250);
  };
}

function describeNotification(message: LiveMessage): string | null {
  const data = message.data ?? {};
  const by = typeof data.by === 'string' ? data.by : 'Someone';
  const subject = typeof data.subject === 'string' ? data.subject : '';
  const ref = message.ticketId ? `#${message.ticketId}` : '';
  switch (data.kind) {
    case 'mentioned':
      return `${by} mentioned you on ${ref} ${subject}`;
    case 'customer_replied':
      return `${by} replied on ${ref} ${subject}`;
    case 'assigned':
      return `You were assigned ${ref} ${subject}`;
    default:
      return null;
  }
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<LiveClient | null>(null);
  const myId = me?.id;

  useEffect(() => {
    if (myId === undefined) return;
    const client = new LiveClient();
    const invalidate = createInvalidator(queryClient);
    const unsubscribe = client.subscribe((message) => {
      if (message.type === 'presence' && message.ticketId) {
        const data = message.data ?? {};
        const userId = Number(data.userId);
        if (userId === myId) return;
        const isNew = recordPresence(
          message.ticketId,
          userId,
          String(data.name ?? 'Someone'),
          data.state as PresenceState,
        );
        // Answer a newcomer at once so both see each other without waiting for the next heartbeat.
        if (isNew && data.state !== 'left' && announced.has(message.ticketId)) {
          client.send({
            type: 'presence',
            ticketId: message.ticketId,
            state: announced.get(message.ticketId),
          });
        }
        return;
      }
      if (message.type === 'notification') {
        void queryClient.invalidateQueries({ queryKey: ['notifications'] });
        const text = describeNotification(message);
        if (text) notifications.show({ title: 'Tierline', message: text, autoClose: 6000 });
        return;
      }
      if (message.type === 'reconnected') {
        void queryClient.invalidateQueries({ queryKey: ticketKeys.lists });
        void queryClient.invalidateQueries({ queryKey: ['ticket'] });
        void queryClient.invalidateQueries({ queryKey: ['ticket-events'] });
        void queryClient.invalidateQueries({ queryKey: ticketKeys.views });
        return;
      }
      if (TICKET_EVENT.test(message.type)) {
        if (message.ticketId !== undefined) {
          if (message.actorId === myId) markChangedByMe(message.ticketId);
          else markChangedByOthers(message.ticketId);
        }
        invalidate(message.ticketId);
      }
    });
    const expiry = setInterval(() => expirePresence(), 5000);
    client.start();
    setLive(client);
    return () => {
      unsubscribe();
      clearInterval(expiry);
      client.stop();
      setLive(null);
    };
  }, [myId, queryClient]);

  return <LiveContext value={live}>{children}</LiveContext>;
}

export function useLive(): LiveClient | null {
  return useContext(LiveContext);
}

export function useLiveStatus(): LiveStatus {
  const live = useLive();
  return useSyncExternalStore(
    (listener) => live?.onStatus(listener) ?? (() => {}),
    () => live?.status ?? 'connecting',
  );
}

/** Tells other staff this person is on a ticket, keeps it fresh, and says goodbye on leaving. */
export function useAnnouncePresence(ticketId: number, enabled: boolean) {
  const live = useLive();
  const status = useLiveStatus();
  useEffect(() => {
    if (!live || !enabled || status !== 'open') return;
    const say = (state: PresenceState) => {
      if (state === 'left') announced.delete(ticketId);
      else announced.set(ticketId, state);
      live.send({ type: 'presence', ticketId, state });
    };
    say(announced.get(ticketId) ?? 'viewing');
    const heartbeat = setInterval(() => say(announced.get(ticketId) ?? 'viewing'), 20_000);
    const leave = () => say('left');
    window.addEventListener('pagehide', leave);
    return () => {
      clearInterval(heartbeat);
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [live, enabled, status, ticketId]);
}

/** Typing is announced at most every 3 s while keys are pressed, and falls back to viewing. */
export function useTypingAnnouncer(ticketId: number) {
  const live = useLive();
  const [handle] = useState(() => {
    let lastSent = 0;
    let idle: ReturnType<typeof setTimeout> | undefined;
    return {
      typed(client: LiveClient | null) {
        if (!client) return;
        const now = Date.now();
        if (now - lastSent > 3000) {
          lastSent = now;
          announced.set(ticketId, 'typing');
          client.send({ type: 'presence', ticketId, state: 'typing' });
        }
        clearTimeout(idle);
        idle = setTimeout(() => {
          lastSent = 0;
          announced.set(ticketId, 'viewing');
          client.send({ type: 'presence', ticketId, state: 'viewing' });
        }, 5000);
      },
      stop(client: LiveClient | null) {
        clearTimeout(idle);
        if (announced.get(ticketId) === 'typing') {
          announced.set(ticketId, 'viewing');
          client?.send({ type: 'presence', ticketId, state: 'viewing' });
        }
        lastSent = 0;
      },
    };
  });
  useEffect(() => () => handle.stop(live), [handle, live]);
  return { typed: () => handle.typed(live), stop: () => handle.stop(live) };
}
