import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from './client';
import type {
  ApiToken,
  AuditEntry,
  Category,
  CustomField,
  HelpdeskSettings,
  Organisation,
  Role,
  Scope,
  Skill,
  Team,
  User,
} from './types';
import { STAFF_ROLES } from './types';

/** Lists come as `{ users: [...], nextCursor }`; read the array under its name. */
function listFrom<T>(payload: unknown, key: string): T[] {
  if (Array.isArray(payload)) return payload as T[];
  if (payload && typeof payload === 'object') {
    const value = (payload as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value as T[];
  }
  return [];
}

interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

function pageFrom<T>(payload: unknown, key: string): Paged<T> {
  const nextCursor =
    payload && typeof payload === 'object' && 'nextCursor' in payload
      ? ((payload as { nextCursor?: string | null }).nextCursor ?? null)
      : null;
  return { items: listFrom<T>(payload, key), nextCursor };
}

const staleMinute = 60_000;

export interface UserListParams {
  q?: string;
  kind?: 'staff' | 'customer';
  role?: Role;
  organisationId?: number;
  teamId?: number;
  active?: boolean;
}

export function useUsers(params: UserListParams = {}, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['users', params],
    queryFn: async ({ pageParam, signal }) =>
      pageFrom<User>(
        await api(`/api/users${queryString({ ...params, limit: 100, cursor: pageParam })}`, { signal }),
        'users',
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** Active staff, for assignee pickers, watchers and @mentions. */
export function useStaff(enabled = true) {
  return useQuery({
    queryKey: ['users', 'staff'],
    queryFn: async ({ signal }) =>
      listFrom<User>(
        await api(`/api/users${queryString({ kind: 'staff', active: true, limit: 200 })}`, { signal }),
        'users',
      ).filter((user) => STAFF_ROLES.includes(user.role) && user.active !== false),
    staleTime: staleMinute,
    enabled,
    retry: false,
  });
}

export function useTeams(enabled = true) {
  return useQuery({
    queryKey: ['teams'],
    queryFn: async ({ signal }) =>
      listFrom<Team>(await api('/api/teams', { signal }), 'teams').sort(
        (a, b) => a.tier - b.tier || a.name.localeCompare(b.name),
      ),
    staleTime: staleMinute,
    enabled,
    retry: false,
  });
}

export function useOrganisations(enabled = true) {
  return useQuery({
    queryKey: ['organisations'],
    queryFn: async ({ signal }) =>
      listFrom<Organisation>(await api('/api/organisations?limit=200', { signal }), 'organisations'),
    staleTime: staleMinute,
    enabled,
    retry: false,
  });
}

export function useSkills(enabled = true) {
  return useQuery({
    queryKey: ['skills'],
    queryFn: async ({ signal }) => listFrom<Skill>(await api('/api/skills', { signal }), 'skills'),
    staleTime: staleMinute,
    enabled,
    retry: false,
  });
}

export function useCategories(enabled = true) {
  return useQuery({
    queryKey: ['categories'],
    queryFn: async ({ signal }) => listFrom<Category>(await api('/api/categories', { signal }), 'categories'),
    staleTime: staleMinute,
    enabled,
    retry: false,
  });
}

export function useCustomFields(enabled = true) {
  return useQuery({
    queryKey: ['custom-fields'],
    queryFn: async ({ signal }) =>
      listFrom<CustomField>(await api('/api/custom-fields', { signal }), 'customFields').sort(
        (a, b) => a.position - b.position,
      ),
    staleTime: staleMinute,
    enabled,
    retry: false,
  });
}

export function useSettings() {
  return useQuery({
    queryKey: ['settings'],
    queryFn: ({ signal }) => api<HelpdeskSettings>('/api/settings', { signal }),
    retry: false,
  });
}

export function useTokens() {
  return useQuery({
    queryKey: ['tokens'],
    queryFn: async ({ signal }) => listFrom<ApiToken>(await api('/api/tokens', { signal }), 'tokens'),
  });
}

export interface AuditParams {
  action?: string;
  actorId?: number;
}

export function useAudit(params: AuditParams) {
  return useInfiniteQuery({
    queryKey: ['audit', params],
    queryFn: async ({ pageParam, signal }) =>
      pageFrom<AuditEntry>(
        await api(`/api/audit${queryString({ ...params, cursor: pageParam })}`, { signal }),
        'entries',
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
}

/** A write that refreshes the lists it affects. */
export function useSave<TInput, TResult = unknown>(
  request: (input: TInput) => Promise<TResult>,
  invalidates: string[],
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      for (const key of invalidates) void client.invalidateQueries({ queryKey: [key] });
    },
  });
}

export const directory = {
  createUser: (body: Record<string, unknown>) => api<User>('/api/users', { method: 'POST', body }),
  updateUser: (id: number, body: Record<string, unknown>) =>
    api<User>(`/api/users/${id}`, { method: 'PATCH', body }),
  setUserSkills: (id: number, skills: { skillId: number; level: number }[]) =>
    api<User>(`/api/users/${id}/skills`, { method: 'PUT', body: { skills } }),
  updateMe: (body: Record<string, unknown>) => api<User>('/api/me', { method: 'PATCH', body }),
  createOrganisation: (body: Record<string, unknown>) =>
    api<Organisation>('/api/organisations', { method: 'POST', body }),
  updateOrganisation: (id: number, body: Record<string, unknown>) =>
    api<Organisation>(`/api/organisations/${id}`, { method: 'PATCH', body }),
  createTeam: (body: Record<string, unknown>) => api<Team>('/api/teams', { method: 'POST', body }),
  updateTeam: (id: number, body: Record<string, unknown>) =>
    api<Team>(`/api/teams/${id}`, { method: 'PATCH', body }),
  setTeamMembers: (id: number, userIds: number[]) =>
    api<Team>(`/api/teams/${id}/members`, { method: 'PUT', body: { userIds } }),
  createSkill: (body: Record<string, unknown>) => api<Skill>('/api/skills', { method: 'POST', body }),
  createCategory: (body: Record<string, unknown>) =>
    api<Category>('/api/categories', { method: 'POST', body }),
  updateCategory: (id: number, body: Record<string, unknown>) =>
    api<Category>(`/api/categories/${id}`, { method: 'PATCH', body }),
  createCustomField: (body: Record<string, unknown>) =>
    api<CustomField>('/api/custom-fields', { method: 'POST', body }),
  updateCustomField: (id: number, body: Record<string, unknown>) =>
    api<CustomField>(`/api/custom-fields/${id}`, { method: 'PATCH', body }),
  updateSettings: (body: Partial<HelpdeskSettings>) =>
    api<HelpdeskSettings>('/api/settings', { method: 'PATCH', body }),
  createToken: (body: { name: string; scopes: Scope[]; expiresAt?: string | null }) =>
    api<{ token: string; id: number; scopes: Scope[] }>('/api/tokens', { method: 'POST', body }),
  revokeToken: (id: number) => api<undefined>(`/api/tokens/${id}`, { method: 'DELETE' }),
  verifyAudit: () => api<{ valid: boolean; entries: number; brokenAtId: number | null }>('/api/audit/verify'),
};
