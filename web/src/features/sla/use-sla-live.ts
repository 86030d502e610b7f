import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { slaKeys } from '../../api/sla';
import { ticketKeys } from '../../api/tickets';
import { useLive } from '../../live/live-provider';

/** Event types that can move a ticket's SLA or its escalations (the live stream sends every ticket event). */
const SLA_RELEVANT = /^(sla|escalation|ticket|message|vendor|bug)\./;

/**
 * Keeps SLA views current from the live stream: `sla.at_risk`, `sla.breached`, escalations, bugs
 * and vendor updates are not refreshed by the ticket views, so this does it, batched per 300 ms.
 * With `ticketId`, only that ticket's events count.
 */
export function useSlaLiveRefresh(ticketId?: number) {
  const live = useLive();
  const client = useQueryClient();
  useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ticketDue = false;
    const flush = () => {
      timer = undefined;
      if (ticketId === undefined) {
        void client.invalidateQueries({ queryKey: slaKeys.atRisk });
        return;
      }
      void client.invalidateQueries({ queryKey: slaKeys.ticket(ticketId) });
      void client.invalidateQueries({ queryKey: slaKeys.escalation(ticketId) });
      if (ticketDue) {
        // The ticket views refresh themselves on ticket events; SLA and tracker events are ours.
        void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
        void client.invalidateQueries({ queryKey: ticketKeys.events(ticketId) });
        ticketDue = false;
      }
    };
    const unsubscribe = live.subscribe((message) => {
      if (message.type === 'reconnected') {
        timer ??= setTimeout(flush, 300);
        return;
      }
      if (!SLA_RELEVANT.test(message.type)) return;
      if (ticketId !== undefined && message.ticketId !== ticketId) return;
      if (/^(sla|escalation|vendor|bug)\./.test(message.type)) ticketDue = true;
      timer ??= setTimeout(flush, 300);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [live, client, ticketId]);
}

/** The current time, ticking every `intervalMs` (countdowns). */
export function useTicker(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Refetches once the next at-risk or due instant has passed, so the server's state follows. */
export function useRefetchAt(instant: number | null, refetch: () => void) {
  useEffect(() => {
    if (instant === null) return;
    // A little after the instant: the server derives the new state from the same clock.
    const delay = Math.max(0, instant - Date.now()) + 1500;
    if (delay > 2 ** 31 - 1) return;
    const timer = setTimeout(refetch, delay);
    return () => clearTimeout(timer);
  }, [instant, refetch]);
}
