import { Button, Checkbox, CloseButton, Group, Popover, Radio, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconChevronDown, IconFilter, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTeams } from '../../api/directory';
import type { TicketFilters } from '../../api/types';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../api/types';
import { PRIORITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '../../lib/labels';

interface Option {
  value: string;
  label: string;
}

function summary(label: string, values: string[], options: Option[]) {
  if (values.length === 0) return label;
  if (values.length === 1)
    return `${label}: ${options.find((option) => option.value === values[0])?.label ?? values[0]}`;
  return `${label}: ${values.length}`;
}

function MultiFilter({
  label,
  values,
  options,
  onChange,
}: {
  label: string;
  values: string[];
  options: Option[];
  onChange: (values: string[]) => void;
}) {
  return (
    <Popover position="bottom-start" shadow="md" trapFocus>
      <Popover.Target>
        <Button
          size="xs"
          variant={values.length ? 'light' : 'default'}
          rightSection={<IconChevronDown size={12} />}
          aria-label={`Filter by ${label.toLowerCase()}${values.length ? `, ${values.length} selected` : ''}`}
        >
          {summary(label, values, options)}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group label={label} value={values} onChange={onChange}>
          <Stack gap={6} mt={6}>
            {options.map((option) => (
              <Checkbox key={option.value} value={option.value} label={option.label} size="sm" />
            ))}
          </Stack>
        </Checkbox.Group>
        {values.length > 0 && (
          <Button size="compact-xs" variant="subtle" mt="sm" onClick={() => onChange([])}>
            Clear
          </Button>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

function SingleFilter({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Option[];
  onChange: (value: string) => void;
}) {
  const current = options.find((option) => option.value === value);
  return (
    <Popover position="bottom-start" shadow="md" trapFocus>
      <Popover.Target>
        <Button
          size="xs"
          variant={value ? 'light' : 'default'}
          rightSection={<IconChevronDown size={12} />}
          aria-label={`Filter by ${label.toLowerCase()}${current ? `: ${current.label}` : ''}`}
        >
          {current ? `${label}: ${current.label}` : label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Radio.Group label={label} value={value} onChange={onChange}>
          <Stack gap={6} mt={6}>
            <Radio value="" label="Any" size="sm" />
            {options.map((option) => (
              <Radio key={option.value} value={option.value} label={option.label} size="sm" />
            ))}
          </Stack>
        </Radio.Group>
      </Popover.Dropdown>
    </Popover>
  );
}

const STATUS_OPTIONS = TICKET_STATUSES.map((value) => ({ value, label: STATUS_LABEL[value] }));
const PRIORITY_OPTIONS = PRIORITIES.map((value) => ({ value, label: PRIORITY_LABEL[value] }));
const TYPE_OPTIONS = TICKET_TYPES.map((value) => ({ value, label: TYPE_LABEL[value] }));
const ASSIGNEE_OPTIONS = [
  { value: 'me', label: 'Me' },
  { value: 'none', label: 'Unassigned' },
];

export function TicketFilterBar({
  filters,
  onChange,
  onClear,
  canClear,
}: {
  filters: TicketFilters;
  onChange: (key: keyof TicketFilters, value: string | string[] | undefined) => void;
  onClear: () => void;
  canClear: boolean;
}) {
  const teams = useTeams();
  const [text, setText] = useState(filters.text ?? '');
  useEffect(() => setText(filters.text ?? ''), [filters.text]);
  const pushText = useDebouncedCallback((value: string) => onChange('text', value.trim() || undefined), 350);
  const teamOptions = [
    { value: 'mine', label: 'My teams' },
    { value: 'none', label: 'No team' },
    ...(teams.data ?? []).map((team) => ({
      value: String(team.id),
      label: `${team.name} (Tier ${team.tier})`,
    })),
  ];

  return (
    <Group gap={6} wrap="wrap" role="group" aria-label="Filters">
      <IconFilter size={16} aria-hidden="true" style={{ opacity: 0.6 }} />
      <TextInput
        size="xs"
        w={200}
        placeholder="Filter by text"
        aria-label="Filter by text"
        leftSection={<IconSearch size={14} aria-hidden="true" />}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          pushText(event.currentTarget.value);
        }}
        rightSection={
          text ? (
            <CloseButton
              size="xs"
              aria-label="Clear text filter"
              onClick={() => {
                setText('');
                onChange('text', undefined);
              }}
            />
          ) : null
        }
      />
      <MultiFilter
        label="Status"
        values={filters.status ?? []}
        options={STATUS_OPTIONS}
        onChange={(values) => onChange('status', values)}
      />
      <MultiFilter
        label="Priority"
        values={filters.priority ?? []}
        options={PRIORITY_OPTIONS}
        onChange={(values) => onChange('priority', values)}
      />
      <MultiFilter
        label="Type"
        values={filters.type ?? []}
        options={TYPE_OPTIONS}
        onChange={(values) => onChange('type', values)}
      />
      <SingleFilter
        label="Assignee"
        value={filters.assignee === undefined ? '' : String(filters.assignee)}
        options={ASSIGNEE_OPTIONS}
        onChange={(value) => onChange('assignee', value || undefined)}
      />
      <SingleFilter
        label="Team"
        value={filters.teamId === undefined ? '' : String(filters.teamId)}
        options={teamOptions}
        onChange={(value) => onChange('teamId', value || undefined)}
      />
      {canClear && (
        <Button size="xs" variant="subtle" color="gray" onClick={onClear}>
          Reset
        </Button>
      )}
    </Group>
  );
}
