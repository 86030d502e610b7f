import { Box, Button, Container, Group, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, NavLink, Outlet } from 'react-router';
import { useMe } from '../../auth/session';
import { Logo } from '../shell/logo';
import { ThemeToggle } from '../shell/theme-toggle';
import { UserMenu } from '../shell/user-menu';

export function PortalShell() {
  const me = useMe();
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Box component="header" className="portal-header">
        <Container size="lg" h={56}>
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap">
              <Link to="/portal" className="plain-link" aria-label="Support home">
                <Group gap={8} wrap="nowrap">
                  <Logo label="Tierline" />
                  <Text c="dimmed" size="sm" className="hide-narrow">
                    Support{me.organisationName ? ` for ${me.organisationName}` : ''}
                  </Text>
                </Group>
              </Link>
              <Group gap={4} component="nav" aria-label="Portal">
                <NavLink to="/portal" end className="portal-nav-link">
                  {me.role === 'client_admin' ? 'Requests' : 'My requests'}
                </NavLink>
                <NavLink to="/help" className="portal-nav-link">
                  Help centre
                </NavLink>
                <NavLink to="/portal/notifications" className="portal-nav-link">
                  Email notifications
                </NavLink>
              </Group>
            </Group>
            <Group gap={8} wrap="nowrap">
              <Button component={Link} to="/portal/new" size="xs" leftSection={<IconPlus size={14} />}>
                New request
              </Button>
              <ThemeToggle />
              <UserMenu showProfile={false} />
            </Group>
          </Group>
        </Container>
      </Box>
      <Container size="lg" component="main" id="main" py="lg">
        <Outlet />
      </Container>
    </>
  );
}
