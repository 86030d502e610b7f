import { Badge, Button, Group, Paper, SegmentedControl, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useUsers } from '../../api/directory';
import type { User } from '../../api/types';
import { STAFF_ROLES } from '../../api/types';
import { ROLE_SHORT } from '../../lib/labels';
import { AdminHeader, QueryState } from './admin-kit';
import { UserFormModal } from './user-form-modal';

export default function UsersPage() {
  useDocumentTitle('Users · Administration · Tierline');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [kind, setKind] = useState<'all' | 'staff' | 'customer'>('all');
  const users = useUsers({ q: q || undefined, kind: kind === 'all' ? undefined : kind });
  const [editing, setEditing] = useState<User | null>(null);
  const [opened, modal] = useDisclosure(false);
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
  const open = (user: User | null) => {
    setEditing(user);
    modal.open();
  };

  return (
    <>
      <AdminHeader
        title="Users and roles"
        description="Staff and customers, their roles, organisations, teams and skills."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
            New user
          </Button>
        }
      />
      <Group mb="md" gap="sm">
        <TextInput
          placeholder="Name or email"
          aria-label="Search people"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={280}
        />
        <SegmentedControl
          aria-label="Kind of people"
          value={kind}
          onChange={(value) => setKind(value as typeof kind)}
          data={[
            { value: 'all', label: 'Everyone' },
            { value: 'staff', label: 'Staff' },
            { value: 'customer', label: 'Customers' },
          ]}
        />
      </Group>
      <QueryState query={users}>
        <Paper withBorder radius="md">
          <Table highlightOnHover verticalSpacing="xs" aria-label="Users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Organisation / teams</Table.Th>
                <Table.Th>Skills</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th w={80}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {user.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge variant="light" color={STAFF_ROLES.includes(user.role) ? 'blue' : 'gray'}>
                      {ROLE_SHORT[user.role]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {user.organisationName ??
                        (user.teams.length
                          ? user.teams.map((team) => `${team.name} (T${team.tier})`).join(', ')
                          : '—')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {user.skills.map((skill) => `${skill.name} ${skill.level}`).join(', ') || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{user.timeZone}</Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge variant="dot" color={user.active ? 'teal' : 'gray'}>
                      {user.active ? 'Active' : 'Inactive'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => open(user)}
                      aria-label={`Edit ${user.name}`}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {rows.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              Nobody matches.
            </Text>
          )}
        </Paper>
        {users.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              onClick={() => void users.fetchNextPage()}
              loading={users.isFetchingNextPage}
            >
              Load more
            </Button>
          </Group>
        )}
      </QueryState>
      <UserFormModal user={editing} opened={opened} onClose={modal.close} />
    </>
  );
}
