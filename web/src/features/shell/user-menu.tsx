import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconKey, IconLogout, IconSettings, IconUser } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { isAdminRole, useMe, useSession } from '../../auth/session';
import { ROLE_LABEL } from '../../lib/labels';

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');

export function UserMenu({ showProfile = true }: { showProfile?: boolean }) {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={220} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${me.name}`} style={{ borderRadius: 999 }}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="blue">
              {initials(me.name)}
            </Avatar>
            <div className="hide-narrow">
              <Text size="sm" fw={500} lh={1.2}>
                {me.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {ROLE_LABEL[me.role]}
              </Text>
            </div>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.email}</Menu.Label>
        {showProfile && (
          <>
            <Menu.Item leftSection={<IconUser size={16} />} onClick={() => navigate('/profile')}>
              Profile
            </Menu.Item>
            <Menu.Item leftSection={<IconKey size={16} />} onClick={() => navigate('/profile?tab=tokens')}>
              My API tokens
            </Menu.Item>
          </>
        )}
        {isAdminRole(me.role) && (
          <Menu.Item leftSection={<IconSettings size={16} />} onClick={() => navigate('/admin')}>
            Administration
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          color="red"
          onClick={() => {
            void signOut().then(() => navigate('/sign-in', { replace: true }));
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
