import { ActionIcon, Button, Group, Indicator, Menu, ScrollArea, Text, Tooltip } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { AppNotification } from '../../api/types';
import { formatRelative } from '../../lib/time';

const KIND_TEXT: Record<string, string> = {
  mentioned: 'mentioned you',
  customer_replied: 'replied',
  watching_update: 'updated a ticket you watch',
  assigned: 'assigned you',
};

function describe(notification: AppNotification) {
  const by = typeof notification.data.by === 'string' ? notification.data.by : 'Someone';
  const subject = typeof notification.data.subject === 'string' ? notification.data.subject : '';
  return { title: `${by} ${KIND_TEXT[notification.kind] ?? notification.kind.replace(/_/g, ' ')}`, subject };
}

export function NotificationsMenu() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: ['notifications'],
    queryFn: ({ signal }) =>
      api<{ notifications: AppNotification[]; unread: number }>('/api/notifications?limit=20', { signal }),
  });
  const markRead = useMutation({
    mutationFn: (ids?: number[]) =>
      api('/api/notifications/read', { method: 'POST', body: ids ? { ids } : {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = query.data?.unread ?? 0;
  const items = query.data?.notifications ?? [];
  const label = unread ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <Menu width={360} position="bottom-end" shadow="md">
      <Menu.Target>
        <Tooltip label={label}>
          <Indicator disabled={!unread} label={unread > 9 ? '9+' : unread} size={16} offset={6} color="red">
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={label}>
              <IconBell size={18} />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Group justify="space-between" px="sm" py={6}>
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={!unread}
            onClick={() => markRead.mutate(undefined)}
          >
            Mark all read
          </Button>
        </Group>
        <Menu.Divider />
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            Nothing yet. Mentions, replies and assignments show up here.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={380}>
            {items.map((notification) => {
              const { title, subject } = describe(notification);
              return (
                <Menu.Item
                  key={notification.id}
                  onClick={() => {
                    if (!notification.readAt) markRead.mutate([notification.id]);
                    if (notification.ticketId) navigate(`/tickets/${notification.ticketId}`);
                  }}
                  style={{ opacity: notification.readAt ? 0.75 : 1 }}
                >
                  <Text size="sm" fw={notification.readAt ? 400 : 600} lineClamp={1}>
                    {title}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {notification.ticketId ? `#${notification.ticketId} ` : ''}
                    {subject} · {formatRelative(notification.createdAt)}
                  </Text>
                </Menu.Item>
              );
            })}
          </ScrollArea.Autosize>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
