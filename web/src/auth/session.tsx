import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthorized } from '../api/client';
import type { Me, Role } from '../api/types';
import { STAFF_ROLES } from '../api/types';
import { setViewerTimeZone } from '../lib/time';

export type SignOutReason = 'expired' | 'signed_out' | null;

interface Session {
  me: Me | null;
  loading: boolean;
  /** Why the person is on the sign-in page, to say so there. */
  signOutReason: SignOutReason;
  signIn: (email: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);
export const meKey = ['me'] as const;

async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await api<Me>('/api/me', { signal, expectUnauthenticated: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [signOutReason, setSignOutReason] = useState<SignOutReason>(null);
  const query = useQuery({ queryKey: meKey, queryFn: ({ signal }) => fetchMe(signal), staleTime: Infinity });
  const me = query.data ?? null;

  const forget = useCallback(() => {
    client.removeQueries({ predicate: (entry) => entry.queryKey[0] !== meKey[0] });
    client.setQueryData(meKey, null);
  }, [client]);

  useEffect(() => {
    onUnauthorized(() => {
      if (client.getQueryData(meKey)) setSignOutReason('expired');
      forget();
    });
    return () => onUnauthorized(null);
  }, [client, forget]);

  useEffect(() => {
    setViewerTimeZone(me?.timeZone);
  }, [me?.timeZone]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const signedIn = await api<Me>('/api/auth/login', {
        method: 'POST',
        body: { email, password },
        expectUnauthenticated: true,
      });
      client.removeQueries({ predicate: (entry) => entry.queryKey[0] !== meKey[0] });
      setViewerTimeZone(signedIn.timeZone);
      client.setQueryData(meKey, signedIn);
      setSignOutReason(null);
      return signedIn;
    },
    [client],
  );

  const signOut = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', expectUnauthenticated: true });
    } finally {
      setSignOutReason('signed_out');
      forget();
    }
  }, [forget]);

  const value = useMemo<Session>(
    () => ({ me, loading: query.isPending, signOutReason, signIn, signOut }),
    [me, query.isPending, signOutReason, signIn, signOut],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in person; only for components under a guard that ensures there is one. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in person');
  return me;
}

export const isStaffRole = (role: Role) => STAFF_ROLES.includes(role);
export const isAdminRole = (role: Role) => role === 'admin' || role === 'manager';
export const homePathFor = (role: Role) => (isStaffRole(role) ? '/tickets' : '/portal');
