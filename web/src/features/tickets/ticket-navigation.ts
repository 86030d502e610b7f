/**
 * The order of the ticket list the agent came from, so j/k on a ticket page move to the next
 * and previous ticket of that list. Kept per tab in sessionStorage.
 */
const KEY = 'tierline-ticket-order';

export function rememberTicketOrder(ids: number[], listUrl: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ids: ids.slice(0, 1000), listUrl }));
  } catch {
    // Private mode without storage: j/k simply do nothing on the ticket page.
  }
}

export function neighbourOf(id: number, step: 1 | -1): number | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { ids: number[] } | null;
    if (!stored) return null;
    const index = stored.ids.indexOf(id);
    if (index < 0) return null;
    return stored.ids[index + step] ?? null;
  } catch {
    return null;
  }
}

export function lastListUrl(): string {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { listUrl?: string } | null;
    return stored?.listUrl ?? '/tickets';
  } catch {
    return '/tickets';
  }
}
