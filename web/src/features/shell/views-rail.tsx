import { Badge, Box, Group, NavLink, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { IconInbox, IconLayoutList, IconPlus, IconSettings } from '@tabler/icons-react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useViews } from '../../api/tickets';
import { isAdminRole, useMe } from '../../auth/session';
import { useLiveStatus } from '../../live/live-provider';
import { KnowledgeNavLink } from '../knowledge/nav-link';
import { MacrosNavLink, PlaybooksNavLink } from '../playbooks/nav-links';
import { SlaRiskNavLink } from '../sla/nav-link';

function LiveIndicator() {
  const status = useLiveStatus();
  const text =
    status === 'open' ? 'Live updates on' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  const color = status === 'open' ? 'teal' : 'orange';
  return (
    <Group gap={6} px="sm" py={8} role="status" aria-live="polite">
      <Box
        w={8}
        h={8}
        bg={`var(--mantine-color-${color}-6)`}
        style={{ borderRadius: 999 }}
        aria-hidden="true"
      />
      <Text size="xs" c="dimmed">
        {text}
      </Text>
    </Group>
  );
}

export function ViewsRail({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const views = useViews();
  const location = useLocation();
  const [params] = useSearchParams();
  const onList = location.pathname === '/tickets';
  const currentView = onList ? params.get('view') : null;
  const shared = views.data?.filter((view) => view.shared) ?? [];
  const personal = views.data?.filter((view) => !view.shared) ?? [];

  const renderView = (view: NonNullable<typeof views.data>[number]) => (
    <NavLink
      key={view.id}
      component={Link}
      to={`/tickets?view=${view.id}`}
      onClick={onNavigate}
      label={view.name}
      active={currentView === String(view.id)}
      aria-current={currentView === String(view.id) ? 'page' : undefined}
      leftSection={<IconLayoutList size={16} aria-hidden="true" />}
      rightSection={
        view.count === undefined ? null : (
          <Badge
            size="sm"
            variant="light"
            color="gray"
            className="count-badge"
            aria-label={view.count === 1 ? '1 ticket' : `${view.count} tickets`}
          >
            {view.count}
          </Badge>
        )
      }
      className="rail-link"
    />
  );

  return (
    <Stack gap={0} h="100%" component="nav" aria-label="Views">
      <ScrollArea style={{ flex: 1 }} px={6} py="xs">
        <NavLink
          component={Link}
          to="/tickets"
          onClick={onNavigate}
          label="All tickets"
          active={onList && !currentView && !params.toString()}
          leftSection={<IconInbox size={16} aria-hidden="true" />}
          className="rail-link"
        />
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mt="md" mb={4} id="rail-shared">
          Views
        </Text>
        {views.isPending && (
          <Stack gap={6} px="sm">
            {[1, 2, 3, 4].map((key) => (
              <Skeleton key={key} h={22} />
            ))}
          </Stack>
        )}
        {views.isError && (
          <Text size="xs" c="red" px="sm">
            Views could not be loaded.
          </Text>
        )}
        {shared.map(renderView)}
        {personal.length > 0 && (
          <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mt="md" mb={4}>
            My views
          </Text>
        )}
        {personal.map(renderView)}
        <NavLink
          component={Link}
          to="/tickets/new"
          onClick={onNavigate}
          label="New ticket"
          leftSection={<IconPlus size={16} aria-hidden="true" />}
          className="rail-link"
          mt="md"
        />
        <KnowledgeNavLink onNavigate={onNavigate} />
        <MacrosNavLink onNavigate={onNavigate} />
        <PlaybooksNavLink onNavigate={onNavigate} />
        <SlaRiskNavLink onNavigate={onNavigate} />
        {isAdminRole(me.role) && (
          <NavLink
            component={Link}
            to="/admin"
            onClick={onNavigate}
            label="Administration"
            active={location.pathname.startsWith('/admin')}
            leftSection={<IconSettings size={16} aria-hidden="true" />}
            className="rail-link"
          />
        )}
      </ScrollArea>
      <LiveIndicator />
    </Stack>
  );
}
