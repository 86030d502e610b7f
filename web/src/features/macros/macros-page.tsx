import {
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconLock, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { type Macro, useMacros } from '../../api/macros';
import { useMe } from '../../auth/session';
import { AdminHeader, QueryState } from '../admin/admin-kit';
import { canManageSharedMacros } from '../playbooks/permissions';
import { useNames } from '../tickets/use-names';
import { MacroFormModal } from './macro-form-modal';
import { describeActions } from './macro-text';

type Scope = 'all' | 'shared' | 'mine';

export default function MacrosPage() {
  useDocumentTitle('Macros · Tierline');
  const me = useMe();
  const canShare = canManageSharedMacros(me.role);
  const [showInactive, setShowInactive] = useState(false);
  const macros = useMacros(showInactive);
  const names = useNames(undefined);
  const [scope, setScope] = useState<Scope>('all');
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<Macro | null>(null);
  const [opened, modal] = useDisclosure(false);
  const open = (macro: Macro | null) => {
    setEditing(macro);
    modal.open();
  };
  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return (macros.data ?? []).filter(
      (macro) =>
        (scope === 'all' || (scope === 'shared') === macro.shared) &&
        (!needle ||
          macro.title.toLowerCase().includes(needle) ||
          macro.description.toLowerCase().includes(needle)),
    );
  }, [macros.data, scope, query]);
  const editable = (macro: Macro) => !macro.shared || canShare;

  return (
    <Box p="lg" maw={1200}>
      <AdminHeader
        title="Macros"
        description="Canned replies with variables and field changes, applied from the reply composer (m). Shared macros are for everyone; personal ones only for you."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
            New macro
          </Button>
        }
      />
      <Group mb="md" gap="md" wrap="wrap">
        <TextInput
          aria-label="Filter macros"
          placeholder="Filter by title"
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          w={260}
        />
        <SegmentedControl
          aria-label="Which macros"
          value={scope}
          onChange={(value) => setScope(value as Scope)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'shared', label: 'Shared' },
            { value: 'mine', label: 'Mine' },
          ]}
        />
        <Switch
          label="Show inactive"
          checked={showInactive}
          onChange={(event) => setShowInactive(event.currentTarget.checked)}
        />
      </Group>
      <QueryState query={macros}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" highlightOnHover aria-label="Macros">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Macro</Table.Th>
                <Table.Th w={110}>Kind</Table.Th>
                <Table.Th>Field changes</Table.Th>
                <Table.Th w={90}>Used</Table.Th>
                <Table.Th w={80}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text size="sm" c="dimmed" py="sm">
                      {macros.data?.length ? 'No macro matches.' : 'No macros yet. Create the first one.'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {shown.map((macro) => {
                const changes = describeActions(macro.actions, names);
                return (
                  <Table.Tr key={macro.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500}>
                          {macro.title}
                        </Text>
                        {macro.replyVisibility === 'internal' && (
                          <IconLock size={13} aria-label="writes an internal note" />
                        )}
                        {!macro.active && (
                          <Badge size="xs" variant="outline" color="gray">
                            Inactive
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {macro.description || macro.body.slice(0, 120)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={macro.shared ? 'blue' : 'gray'}>
                        {macro.shared ? 'Shared' : 'Personal'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{changes.length ? changes.join(' · ') : '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{macro.usageCount}×</Text>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => open(macro)}
                        aria-label={`${editable(macro) ? 'Edit' : 'View'} ${macro.title}`}
                      >
                        {editable(macro) ? 'Edit' : 'View'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      </QueryState>
      <MacroFormModal
        macro={editing}
        opened={opened}
        readOnly={editing !== null && !editable(editing)}
        canShare={canShare}
        onClose={modal.close}
      />
    </Box>
  );
}
