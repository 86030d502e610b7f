import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useOrganisations } from '../../api/directory';
import {
  PAUSABLE_STATUSES,
  type PolicyInput,
  type PolicyTarget,
  SLA_METRICS,
  type SlaMetric,
  type SlaPolicy,
  sla,
  slaKeys,
  useCalendars,
  useSlaSave,
} from '../../api/sla';
import { CHANNELS, PRIORITIES, type Priority, TICKET_TYPES } from '../../api/types';
import { CHANNEL_LABEL, PRIORITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '../../lib/labels';
import { saved } from '../admin/admin-kit';
import { formatTargetLength, METRIC_LABEL } from './sla-format';

type TargetGrid = Record<string, { minutes: number | ''; businessHours: boolean }>;
const cellKey = (priority: Priority, metric: SlaMetric) => `${priority}:${metric}`;

function gridOf(targets: PolicyTarget[]): TargetGrid {
  const grid: TargetGrid = {};
  for (const priority of PRIORITIES)
    for (const metric of SLA_METRICS)
      grid[cellKey(priority, metric)] = { minutes: '', businessHours: priority !== 'P1' };
  for (const target of targets)
    grid[cellKey(target.priority, target.metric)] = {
      minutes: target.minutes,
      businessHours: target.businessHours,
    };
  return grid;
}

function targetsOf(grid: TargetGrid): PolicyTarget[] {
  return PRIORITIES.flatMap((priority) =>
    SLA_METRICS.flatMap((metric) => {
      const cell = grid[cellKey(priority, metric)];
      return cell && cell.minutes !== '' && cell.minutes > 0
        ? [{ priority, metric, minutes: cell.minutes, businessHours: cell.businessHours }]
        : [];
    }),
  );
}

const blank = (): PolicyInput => ({
  name: '',
  description: '',
  active: true,
  conditions: { organisationIds: [], priorities: [], types: [], channels: [], tags: [] },
  calendarId: null,
  pauseStatuses: ['pending', 'on_hold'],
  pauseOnVendor: false,
  atRiskFraction: 0.75,
  targets: [],
});

const refreshes = [slaKeys.policies, slaKeys.atRisk, ['ticket-sla']] as const;

export function PolicyModal({
  policy,
  opened,
  onClose,
}: {
  policy: SlaPolicy | null;
  opened: boolean;
  onClose: () => void;
}) {
  const organisations = useOrganisations(opened);
  const calendars = useCalendars(opened);
  const [draft, setDraft] = useState<PolicyInput>(blank);
  const [grid, setGrid] = useState<TargetGrid>(() => gridOf([]));
  useEffect(() => {
    if (!opened) return;
    const start = policy ? { ...blank(), ...policy } : blank();
    setDraft(start);
    setGrid(gridOf(start.targets));
  }, [opened, policy]);
  const set = <K extends keyof PolicyInput>(key: K, value: PolicyInput[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const setCondition = <K extends keyof PolicyInput['conditions']>(
    key: K,
    value: PolicyInput['conditions'][K],
  ) => setDraft((current) => ({ ...current, conditions: { ...current.conditions, [key]: value } }));
  const save = useSlaSave(async () => {
    const body: PolicyInput = {
      name: draft.name.trim(),
      description: draft.description,
      active: draft.active,
      conditions: draft.conditions,
      calendarId: draft.calendarId,
      pauseStatuses: draft.pauseStatuses,
      pauseOnVendor: draft.pauseOnVendor,
      atRiskFraction: draft.atRiskFraction,
      targets: targetsOf(grid),
    };
    return policy ? sla.updatePolicy(policy.id, body) : sla.createPolicy(body);
  }, refreshes);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        saved(`${draft.name} saved; open tickets are recomputed`);
        onClose();
      },
    });
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={policy ? `Edit ${policy.name}` : 'New SLA policy'}
      size="xl"
    >
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Name"
              required
              data-autofocus
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
            />
            <Select
              label="Calendar"
              description="Unless the ticket's organisation has its own"
              placeholder="The team's, else the default calendar"
              clearable
              data={(calendars.data ?? []).map((calendar) => ({
                value: String(calendar.id),
                label: `${calendar.name} (${calendar.timeZone})`,
              }))}
              value={draft.calendarId === null ? null : String(draft.calendarId)}
              onChange={(value) => set('calendarId', value ? Number(value) : null)}
            />
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={1}
            value={draft.description}
            onChange={(e) => set('description', e.currentTarget.value)}
          />
          <Switch
            label="Active"
            checked={draft.active}
            onChange={(e) => set('active', e.currentTarget.checked)}
          />

          <Text size="sm" fw={600}>
            Applies to tickets that match every filled condition
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MultiSelect
              label="Organisations"
              placeholder={draft.conditions.organisationIds.length ? undefined : 'Any organisation'}
              searchable
              data={(organisations.data ?? []).map((organisation) => ({
                value: String(organisation.id),
                label: organisation.name,
              }))}
              value={draft.conditions.organisationIds.map(String)}
              onChange={(value) => setCondition('organisationIds', value.map(Number))}
            />
            <MultiSelect
              label="Priorities"
              placeholder={draft.conditions.priorities.length ? undefined : 'Any priority'}
              data={PRIORITIES.map((priority) => ({ value: priority, label: PRIORITY_LABEL[priority] }))}
              value={draft.conditions.priorities}
              onChange={(value) => setCondition('priorities', value as Priority[])}
            />
            <MultiSelect
              label="Types"
              placeholder={draft.conditions.types.length ? undefined : 'Any type'}
              data={TICKET_TYPES.map((type) => ({ value: type, label: TYPE_LABEL[type] }))}
              value={draft.conditions.types}
              onChange={(value) => setCondition('types', value as PolicyInput['conditions']['types'])}
            />
            <MultiSelect
              label="Channels"
              placeholder={draft.conditions.channels.length ? undefined : 'Any channel'}
              data={CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_LABEL[channel] }))}
              value={draft.conditions.channels}
              onChange={(value) => setCondition('channels', value as PolicyInput['conditions']['channels'])}
            />
          </SimpleGrid>
          <TagsInput
            label="Tags"
            description="The ticket needs one of them"
            placeholder={draft.conditions.tags.length ? undefined : 'Any tags'}
            value={draft.conditions.tags}
            onChange={(value) =>
              setCondition('tags', value.map((tag) => tag.trim().toLowerCase()).filter(Boolean))
            }
            splitChars={[',', ' ']}
          />

          <Text size="sm" fw={600} id="targets-label">
            Targets per priority (minutes; empty: no target)
          </Text>
          <Table verticalSpacing={4} aria-labelledby="targets-label">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>Priority</Table.Th>
                {SLA_METRICS.map((metric) => (
                  <Table.Th key={metric}>{METRIC_LABEL[metric]}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {PRIORITIES.map((priority) => (
                <Table.Tr key={priority}>
                  <Table.Th scope="row">{priority}</Table.Th>
                  {SLA_METRICS.map((metric) => {
                    const key = cellKey(priority, metric);
                    const cell = grid[key]!;
                    const label = `${priority} ${METRIC_LABEL[metric].toLowerCase()}`;
                    return (
                      <Table.Td key={metric}>
                        <NumberInput
                          size="xs"
                          min={1}
                          max={1_000_000}
                          allowDecimal={false}
                          aria-label={`${label}, minutes`}
                          value={cell.minutes}
                          onChange={(value) =>
                            setGrid((current) => ({
                              ...current,
                              [key]: { ...cell, minutes: value === '' ? '' : Number(value) },
                            }))
                          }
                          description={cell.minutes ? formatTargetLength(cell.minutes) : undefined}
                        />
                        <Checkbox
                          size="xs"
                          mt={4}
                          label="Business time"
                          aria-label={`${label} in business time`}
                          checked={cell.businessHours}
                          onChange={(event) => {
                            const businessHours = event.currentTarget.checked;
                            setGrid((current) => ({ ...current, [key]: { ...cell, businessHours } }));
                          }}
                        />
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>

          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Checkbox.Group
              label="Pause the clock while the ticket is"
              value={draft.pauseStatuses}
              onChange={(value) => set('pauseStatuses', value as PolicyInput['pauseStatuses'])}
            >
              <Group gap="sm" mt={4}>
                {PAUSABLE_STATUSES.map((status) => (
                  <Checkbox key={status} value={status} label={STATUS_LABEL[status]} />
                ))}
              </Group>
            </Checkbox.Group>
            <NumberInput
              label="At risk after"
              description="Share of a target that has run when it turns at risk"
              suffix=" %"
              min={1}
              max={99}
              allowDecimal={false}
              value={Math.round(draft.atRiskFraction * 100)}
              onChange={(value) =>
                set('atRiskFraction', Math.min(99, Math.max(1, Number(value) || 75)) / 100)
              }
            />
          </SimpleGrid>
          <Checkbox
            label="Also pause while a vendor escalation is open (waiting on a third party)"
            checked={draft.pauseOnVendor}
            onChange={(e) => set('pauseOnVendor', e.currentTarget.checked)}
          />
          {save.isError && (
            <Alert color="red" role="alert" title="Not saved">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!draft.name.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
