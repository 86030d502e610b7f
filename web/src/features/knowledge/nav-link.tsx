import { NavLink } from '@mantine/core';
import { IconBook2 } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';

/** The knowledge base in the agent's navigation rail. */
export function KnowledgeNavLink({ onNavigate }: { onNavigate?: () => void }) {
  const location = useLocation();
  return (
    <NavLink
      component={Link}
      to="/knowledge"
      onClick={onNavigate}
      label="Knowledge base"
      active={location.pathname.startsWith('/knowledge')}
      leftSection={<IconBook2 size={16} aria-hidden="true" />}
      className="rail-link"
    />
  );
}
