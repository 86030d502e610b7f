import { NavLink } from '@mantine/core';
import { IconAlarm } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import type { Role } from '../../api/types';
import { useMe } from '../../auth/session';

export const SUPERVISOR_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];
export const isSupervisorRole = (role: Role) => SUPERVISOR_ROLES.includes(role);

/** "SLA risk" in the agent rail, for supervisors, managers and admins. */
export function SlaRiskNavLink({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const { pathname } = useLocation();
  if (!isSupervisorRole(me.role)) return null;
  const active = pathname.startsWith('/supervisor/sla');
  return (
    <NavLink
      component={Link}
      to="/supervisor/sla"
      onClick={onNavigate}
      label="SLA risk"
      active={active}
      aria-current={active ? 'page' : undefined}
      leftSection={<IconAlarm size={16} aria-hidden="true" />}
      className="rail-link"
    />
  );
}
