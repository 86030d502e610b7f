import { Button, CloseButton, Group, Menu, Popover, Select, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconTag, IconUserCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useStaff, useTeams } from '../../api/directory';
import { useBulkUpdate } from '../../api/tickets';
import type { BulkChanges } from '../../api/types';
import { PRIORITIES, TICKET_STATUSES } from '../../api/types';
import { useMe } from '../../auth/session';
import { PRIORITY_LABEL, STATUS_LABEL } from '../../lib/labels';

function TagAdder({ onAdd }: { onAdd: (tag: string) => void }) {
  const [opened, setOpened] = useState(false);
  const [tag, setTag] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = tag.trim().toLowerCase();
    if (!value) return;
    onAdd(value);
    setTag('');
    setOpened(false);
  };
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-start" shadow="md">
      <Popover.Target>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconTag size={14} />}
          onClick={() => setOpened((o) => !o)}
        >
          Add tag
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={submit}>
          <Group gap={6} align="end">
            <TextInput
              size="xs"
              label="Tag"
              value={tag}
              onChange={(event) => setTag(event.currentTarget.value)}
              data-autofocus
            />
            <Button size="xs" type="submit">
              Add
            </Button>
          </Group>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

export function BulkBar({ selected, onDone }: { selected: number[]; onDone: () => void }) {
  const me = useMe();
  const staff = useStaff();
  const teams = useTeams();
  const bulk = useBulkUpdate();

  const apply = (changes: BulkChanges, what: string) => {
    bulk.mutate(
      { ticketIds: selected, changes },
      {
        onSuccess: ({ updated }) => {
          notifications.show({
            color: 'teal',
            message: `${what}: ${updated.length} ticket${updated.length === 1 ? '' : 's'} updated`,
          });
          onDone();
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Nothing was changed', message: errorMessage(error) }),
      },
    );
  };

  return (
    <Group gap={6} wrap="wrap" role="toolbar" aria-label="Bulk actions">
      <CloseButton size="sm" aria-label="Clear selection" onClick={onDone} />
      <Text size="sm" fw={600} mr="xs" aria-live="polite">
        {selected.length} selected
      </Text>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconUserCheck size={14} />}
        loading={bulk.isPending}
        onClick={() => apply({ assigneeId: me.id }, 'Assigned to you')}
      >
        Assign to me
      </Button>
      <Select
        size="xs"
        w={170}
        placeholder="Assign to…"
        aria-label="Assign selected tickets to"
        searchable
        data={[
          { value: 'none', label: 'Unassigned' },
          ...(staff.data ?? []).map((user) => ({ value: String(user.id), label: user.name })),
        ]}
        value={null}
        onChange={(value) => {
          if (value) apply({ assigneeId: value === 'none' ? null : Number(value) }, 'Assignee changed');
        }}
      />
      <Select
        size="xs"
        w={190}
        placeholder="Move to team…"
        aria-label="Move selected tickets to team"
        data={(teams.data ?? []).map((team) => ({
          value: String(team.id),
          label: `${team.name} (Tier ${team.tier})`,
        }))}
        value={null}
        onChange={(value) => {
          if (value) apply({ teamId: Number(value) }, 'Team changed');
        }}
      />
      <Menu position="bottom-start" shadow="md">
        <Menu.Target>
          <Button size="xs" variant="default" rightSection={<IconChevronDown size={12} />}>
            Status
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {TICKET_STATUSES.map((status) => (
            <Menu.Item key={status} onClick={() => apply({ status }, `Status ${STATUS_LABEL[status]}`)}>
              {STATUS_LABEL[status]}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Menu position="bottom-start" shadow="md">
        <Menu.Target>
          <Button size="xs" variant="default" rightSection={<IconChevronDown size={12} />}>
            Priority
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {PRIORITIES.map((priority) => (
            <Menu.Item key={priority} onClick={() => apply({ priority }, `Priority ${priority}`)}>
              {PRIORITY_LABEL[priority]}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={() => apply({ priority: null }, 'Priority from matrix')}>
            From impact × urgency
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <TagAdder onAdd={(tag) => apply({ addTags: [tag] }, `Tag "${tag}" added`)} />
    </Group>
  );
}
