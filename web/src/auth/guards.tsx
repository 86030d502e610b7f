import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../api/types';
import { homePathFor, useSession } from './session';

export function FullPageLoader() {
  return (
    <Center h="100vh" aria-busy="true">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** Shows children to signed-in people whose role passes; others go to sign-in or their own home. */
export function RequireRole({ allow, children }: { allow: (role: Role) => boolean; children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <FullPageLoader />;
  if (!me) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/sign-in" replace state={{ from }} />;
  }
  if (!allow(me.role)) return <Navigate to={homePathFor(me.role)} replace />;
  return children;
}

export function HomeRedirect() {
  const { me, loading } = useSession();
  if (loading) return <FullPageLoader />;
  return <Navigate to={me ? homePathFor(me.role) : '/sign-in'} replace />;
}
