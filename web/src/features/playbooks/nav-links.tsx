import { NavLink } from '@mantine/core';
import { IconBolt, IconRoute } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useMe } from '../../auth/session';
import { canEditPlaybooks } from './permissions';

/** Macros: every agent keeps personal ones and uses the shared ones. */
export function MacrosNavLink({ onNavigate }: { onNavigate?: () => void }) {
  const { pathname } = useLocation();
  const active = pathname.startsWith('/macros');
  return (
    <NavLink
      component={Link}
      to="/macros"
      onClick={onNavigate}
      label="Macros"
      active={active}
      aria-current={active ? 'page' : undefined}
      leftSection={<IconBolt size={16} aria-hidden="true" />}
      className="rail-link"
    />
  );
}

/** The playbook editor, for those who may edit playbooks; operators run them from a ticket. */
export function PlaybooksNavLink({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const { pathname } = useLocation();
  if (!canEditPlaybooks(me.role)) return null;
  const active = pathname.startsWith('/playbooks');
  return (
    <NavLink
      component={Link}
      to="/playbooks"
      onClick={onNavigate}
      label="Playbooks"
      active={active}
      aria-current={active ? 'page' : undefined}
      leftSection={<IconRoute size={16} aria-hidden="true" />}
      className="rail-link"
    />
  );
}
