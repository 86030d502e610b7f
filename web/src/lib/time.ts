import { useSyncExternalStore } from 'react';

let viewerTimeZone: string | undefined;

/** Times show in the viewer's own time zone (their profile), else the browser's. */
export function setViewerTimeZone(timeZone: string | undefined): void {
  try {
    viewerTimeZone = timeZone
      ? new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone
      : undefined;
  } catch {
    viewerTimeZone = undefined;
  }
}

export const getViewerTimeZone = () => viewerTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'full' | 'short' | 'time' | 'date'): Intl.DateTimeFormat {
  const key = `${kind}|${getViewerTimeZone()}`;
  let found = formatters.get(key);
  if (!found) {
    const base: Intl.DateTimeFormatOptions = { timeZone: getViewerTimeZone() };
    const byKind: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      full: { dateStyle: 'medium', timeStyle: 'short', timeZoneName: undefined },
      short: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
      time: { hour: '2-digit', minute: '2-digit' },
      date: { dateStyle: 'medium' },
    };
    found = new Intl.DateTimeFormat(undefined, { ...base, ...byKind[kind] });
    formatters.set(key, found);
  }
  return found;
}

export const formatDateTime = (iso: string) => `${formatter('full').format(new Date(iso))}`;
export const formatShort = (iso: string) => formatter('short').format(new Date(iso));
export const formatDate = (iso: string) => formatter('date').format(new Date(iso));

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  return formatShort(iso);
}

/** One shared ticker so relative times across the page refresh together, twice a minute. */
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const notify of listeners) notify();
  }, 30_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export const useNow = () => useSyncExternalStore(subscribe, () => now);

export const formatBytes = (size: number) =>
  size < 1024
    ? `${size} B`
    : size < 1_048_576
      ? `${(size / 1024).toFixed(0)} KB`
      : `${(size / 1_048_576).toFixed(1)} MB`;
