import { ActionIcon, AppShell, Burger, Button, Group, TextInput, Tooltip } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconKeyboard, IconPlus, IconSearch } from '@tabler/icons-react';
import { type FormEvent, useRef, useState } from 'react';
import { Link, Outlet, useNavigate } from 'react-router';
import { Logo } from './logo';
import { NotificationsMenu } from './notifications-menu';
import { ShortcutHelpContext, ShortcutsHelp } from './shortcuts-help';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';
import { ViewsRail } from './views-rail';

function GlobalSearch() {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => ref.current?.focus()]]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    const number = /^#?(\d+)$/.exec(value);
    navigate(number ? `/tickets/${number[1]}` : `/tickets?text=${encodeURIComponent(value)}`);
    ref.current?.blur();
  };
  return (
    <search style={{ flex: 1, maxWidth: 420 }}>
      <form onSubmit={submit}>
        <TextInput
          ref={ref}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          placeholder="Search tickets or go to #number"
          aria-label="Search tickets"
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          rightSection={<kbd className="kbd-hint">/</kbd>}
          size="sm"
          onKeyDown={(event) => {
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
        />
      </form>
    </search>
  );
}

export function AgentShell() {
  const [navOpen, nav] = useDisclosure(false);
  const [helpOpen, help] = useDisclosure(false);
  const navigate = useNavigate();
  useHotkeys([
    ['shift+?', help.open],
    ['shift+/', help.open],
    ['c', () => navigate('/tickets/new')],
  ]);
  return (
    <ShortcutHelpContext value={help.open}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell
        header={{ height: 52 }}
        navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
        padding={0}
      >
        <AppShell.Header px="md">
          <Group h="100%" gap="md" wrap="nowrap" justify="space-between">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={navOpen}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label="Toggle views"
              />
              <Link to="/tickets" aria-label="Tierline home" className="plain-link">
                <Logo />
              </Link>
            </Group>
            <GlobalSearch />
            <Group gap={6} wrap="nowrap">
              <Button
                component={Link}
                to="/tickets/new"
                size="xs"
                leftSection={<IconPlus size={14} />}
                className="hide-narrow"
              >
                New ticket
              </Button>
              <NotificationsMenu />
              <Tooltip label="Keyboard shortcuts (?)">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  aria-label="Keyboard shortcuts"
                  onClick={help.open}
                >
                  <IconKeyboard size={18} />
                </ActionIcon>
              </Tooltip>
              <ThemeToggle />
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar>
          <ViewsRail onNavigate={nav.close} />
        </AppShell.Navbar>
        <AppShell.Main id="main">
          <Outlet />
        </AppShell.Main>
      </AppShell>
      <ShortcutsHelp opened={helpOpen} onClose={help.close} />
    </ShortcutHelpContext>
  );
}
