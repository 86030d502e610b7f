import { Box, Button, Container, Group, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, Outlet, useNavigate, useSearchParams } from 'react-router';
import { homePathFor, isStaffRole, useSession } from '../../auth/session';
import { Logo } from '../shell/logo';
import { ThemeToggle } from '../shell/theme-toggle';
import { UserMenu } from '../shell/user-menu';

/** The help centre's search field: it leads to /help/search?q=… and keeps the query in view there. */
export function HelpSearchBox({ size = 'sm' }: { size?: 'sm' | 'lg' }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const current = params.get('q') ?? '';
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    if (q) navigate(`/help/search?q=${encodeURIComponent(q)}`);
  };
  return (
    <search style={{ flex: 1, maxWidth: size === 'lg' ? 640 : 380, width: '100%' }}>
      <form onSubmit={submit}>
        <TextInput
          size={size}
          type="search"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          placeholder="Search the help centre"
          aria-label="Search the help centre"
          leftSection={<IconSearch size={size === 'lg' ? 20 : 16} aria-hidden="true" />}
        />
      </form>
    </search>
  );
}

/** The help centre: open to everyone; signed-in people keep their way back to their own home. */
export function HelpShell() {
  const { me } = useSession();
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Box component="header" className="portal-header">
        <Container size="lg" h={56}>
          <Group h="100%" justify="space-between" wrap="nowrap" gap="md">
            <Link to="/help" className="plain-link" aria-label="Help centre home">
              <Group gap={8} wrap="nowrap">
                <Logo label="Tierline" />
                <Text c="dimmed" size="sm" className="hide-narrow">
                  Help centre
                </Text>
              </Group>
            </Link>
            <HelpSearchBox />
            <Group gap={8} wrap="nowrap">
              {me ? (
                <>
                  <Button component={Link} to={homePathFor(me.role)} size="xs" variant="default">
                    {isStaffRole(me.role) ? 'Workspace' : 'My requests'}
                  </Button>
                  {!isStaffRole(me.role) && (
                    <Button component={Link} to="/portal/new" size="xs" className="hide-narrow">
                      New request
                    </Button>
                  )}
                </>
              ) : (
                <Button
                  component={Link}
                  to="/sign-in"
                  state={{ from: '/portal/new' }}
                  size="xs"
                  variant="default"
                >
                  Sign in to ask us
                </Button>
              )}
              <ThemeToggle />
              {me && <UserMenu showProfile={isStaffRole(me.role)} />}
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
