import type { FastifyInstance } from 'fastify';
import type { TestPerson } from '../../../test/harness.ts';

// Helpers for the SLA, escalation and integration tests: calls through the HTTP API.

export type Call = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) => Promise<{ statusCode: number; body: Record<string, unknown> & { error?: { code: string } } }>;

export function caller(app: FastifyInstance, person: TestPerson): Call {
  return async (method, url, payload) => {
    const response = await app.inject({
      method,
      url,
      headers: person.headers,
      ...(payload ? { payload } : {}),
    });
    return {
      statusCode: response.statusCode,
      body: response.body ? (response.json() as Record<string, unknown> & { error?: { code: string } }) : {},
    };
  };
}

const day = [{ start: '09:00', end: '17:00' }];
export const officeWeek = {
  monday: day,
  tuesday: day,
  wednesday: day,
  thursday: day,
  friday: day,
  saturday: [],
  sunday: [],
};

export interface TargetInput {
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  metric: 'first_response' | 'next_response' | 'periodic_update' | 'resolution';
  minutes: number;
  businessHours?: boolean;
}

/** The same targets for every priority, in calendar time unless said otherwise. */
export function everyPriority(
  targets: Omit<TargetInput, 'priority'>[],
  businessHours = false,
): TargetInput[] {
  return (['P1', 'P2', 'P3', 'P4'] as const).flatMap((priority) =>
    targets.map((target) => ({ businessHours, ...target, priority })),
  );
}

export interface SlaTargetView {
  metric: string;
  cycle: number;
  state: string;
  clock: string;
  pauseReason: string | null;
  targetMinutes: number;
  elapsedMinutes: number;
  pausedMinutes: number;
  remainingMinutes: number;
  dueAt: string | null;
  breachedAt: string | null;
  why: string;
  timeline: { clock: string; reason: string | null; minutes: number }[];
  earlierCycles: { cycle: number; state: string }[];
}

export interface SlaView {
  policy: { id: number; name: string } | null;
  calendar: { id: number | null; name: string; timeZone: string };
  state: string | null;
  paused: boolean;
  nextDueAt: string | null;
  targets: SlaTargetView[];
}

export async function slaOf(call: Call, ticketId: number): Promise<SlaView> {
  const response = await call('GET', `/api/tickets/${ticketId}/sla`);
  if (response.statusCode !== 200)
    throw new Error(`GET sla: ${response.statusCode} ${JSON.stringify(response.body)}`);
  return response.body as unknown as SlaView;
}

export function targetIn(view: SlaView, metric: string): SlaTargetView {
  const found = view.targets.find((target) => target.metric === metric);
  if (!found) throw new Error(`no ${metric} target in ${JSON.stringify(view.targets.map((t) => t.metric))}`);
  return found;
}
