import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useStaff } from '../../api/directory';
import {
  ESCALATION_ACTION_KINDS,
  type EscalationAction,
  type EscalationActionKind,
  type EscalationLevel,
  type EscalationRule,
  type EscalationRuleInput,
  SLA_METRICS,
  sla,
  slaKeys,
  usePolicies,
  useSlaSave,
} from '../../api/sla';
import { PRIORITIES, type Priority } from '../../api/types';
import { PRIORITY_LABEL } from '../../lib/labels';
import { saved } from '../admin/admin-kit';
import { METRIC_LABEL } from './sla-format';

export const ACTION_LABEL: Record<EscalationActionKind, string> = {
  notify_assignee: 'Notify the assignee',
  notify_supervisors: "Notify the team's supervisors",
  notify_team: 'Notify the team',
  raise_priority: 'Raise the priority one step',
  reassign_next_tier: 'Reassign to the next tier',
  page_user: 'Page the on-call person',
};

const blank = (): EscalationRuleInput => ({
  name: '',
  active: true,
  policyIds: [],
  metrics: [],
  priorities: [],
  levels: [
    { level: 1, trigger: { on: 'at_risk' }, actions: [{ kind: 'notify_assignee' }] },
    { level: 2, trigger: { on: 'breach', delayMinutes: 0 }, actions: [{ kind: 'notify_supervisors' }] },
  ],
});

function LevelEditor({
  level,
  onChange,
  onRemove,
  staff,
}: {
  level: EscalationLevel;
  onChange: (level: EscalationLevel) => void;
  onRemove: () => void;
  staff: { value: string; label: string }[];
}) {
  const kinds = level.actions.map((action) => action.kind);
  const pageUser = level.actions.find((action) => action.kind === 'page_user');
  const setKinds = (next: string[]) =>
    onChange({
      ...level,
      actions: next.map(
        (kind): EscalationAction =>
          kind === 'page_user'
            ? { kind: 'page_user', userId: pageUser && 'userId' in pageUser ? pageUser.userId : 0 }
            : { kind: kind as Exclude<EscalationActionKind, 'page_user'> },
      ),
    });
  const label = `Level ${level.level}`;
  return (
    <Paper withBorder radius="md" p="sm" component="fieldset" aria-label={label}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          {label}
        </Text>
        <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`Remove ${label}`} onClick={onRemove}>
          <IconX size={14} />
        </ActionIcon>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Stack gap={6}>
          <SegmentedControl
            aria-label={`${label} fires`}
            size="xs"
            value={level.trigger.on}
            onChange={(on) =>
              onChange({
                ...level,
                trigger: on === 'breach' ? { on: 'breach', delayMinutes: 0 } : { on: 'at_risk' },
              })
            }
            data={[
              { value: 'at_risk', label: 'When at risk' },
              { value: 'breach', label: 'After breach' },
            ]}
          />
          {level.trigger.on === 'at_risk' ? (
            <NumberInput
              size="xs"
              label="At this share of the target"
              description="Empty: the policy's at-risk threshold"
              suffix=" %"
              min={1}
              max={99}
              allowDecimal={false}
              value={level.trigger.fraction === undefined ? '' : Math.round(level.trigger.fraction * 100)}
              onChange={(value) =>
                onChange({
                  ...level,
                  trigger:
                    value === ''
                      ? { on: 'at_risk' }
                      : { on: 'at_risk', fraction: Math.min(99, Math.max(1, Number(value))) / 100 },
                })
              }
            />
          ) : (
            <NumberInput
              size="xs"
              label="Minutes after the breach"
              description="Counted like the target (business minutes for business-time targets)"
              min={0}
              allowDecimal={false}
              value={level.trigger.delayMinutes}
              onChange={(value) =>
                onChange({ ...level, trigger: { on: 'breach', delayMinutes: Number(value) || 0 } })
              }
            />
          )}
        </Stack>
        <Stack gap={6}>
          <Checkbox.Group label="Actions" value={kinds} onChange={setKinds} size="xs">
            <Stack gap={4} mt={4}>
              {ESCALATION_ACTION_KINDS.map((kind) => (
                <Checkbox key={kind} value={kind} label={ACTION_LABEL[kind]} />
              ))}
            </Stack>
          </Checkbox.Group>
          {kinds.includes('page_user') && (
            <Select
              size="xs"
              label="On-call person to page"
              required
              searchable
              data={staff}
              value={pageUser && 'userId' in pageUser && pageUser.userId ? String(pageUser.userId) : null}
              onChange={(value) =>
                onChange({
                  ...level,
                  actions: level.actions.map((action) =>
                    action.kind === 'page_user' ? { kind: 'page_user', userId: Number(value) || 0 } : action,
                  ),
                })
              }
            />
          )}
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}

export function EscalationRuleModal({
  rule,
  opened,
  onClose,
}: {
  rule: EscalationRule | null;
  opened: boolean;
  onClose: () => void;
}) {
  const policies = usePolicies(opened);
  const staff = useStaff(opened);
  const [draft, setDraft] = useState<EscalationRuleInput>(blank);
  useEffect(() => {
    if (!opened) return;
    setDraft(
      rule
        ? {
            name: rule.name,
            active: rule.active,
            policyIds: rule.policyIds,
            metrics: rule.metrics,
            priorities: rule.priorities,
            levels: rule.levels,
          }
        : blank(),
    );
  }, [opened, rule]);
  const set = <K extends keyof EscalationRuleInput>(key: K, value: EscalationRuleInput[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const save = useSlaSave(async () => {
    const body = { ...draft, name: draft.name.trim() };
    return rule ? sla.updateRule(rule.id, body) : sla.createRule(body);
  }, [slaKeys.rules]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        saved(`${draft.name} saved`);
        onClose();
      },
    });
  };
  const staffOptions = (staff.data ?? []).map((user) => ({ value: String(user.id), label: user.name }));
  const missingPage = draft.levels.some((level) =>
    level.actions.some((action) => action.kind === 'page_user' && !action.userId),
  );
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={rule ? `Edit ${rule.name}` : 'New escalation rule'}
      size="xl"
    >
      <form onSubmit={submit}>
        <Stack>
          <Group align="flex-end">
            <TextInput
              label="Name"
              required
              data-autofocus
              style={{ flex: 1 }}
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
            />
            <Switch
              label="Active"
              checked={draft.active}
              onChange={(e) => set('active', e.currentTarget.checked)}
              mb={8}
            />
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <MultiSelect
              label="Policies"
              placeholder={draft.policyIds.length ? undefined : 'Every policy'}
              data={(policies.data ?? []).map((policy) => ({ value: String(policy.id), label: policy.name }))}
              value={draft.policyIds.map(String)}
              onChange={(value) => set('policyIds', value.map(Number))}
            />
            <MultiSelect
              label="Targets"
              placeholder={draft.metrics.length ? undefined : 'Every target'}
              data={SLA_METRICS.map((metric) => ({ value: metric, label: METRIC_LABEL[metric] }))}
              value={draft.metrics}
              onChange={(value) => set('metrics', value as EscalationRuleInput['metrics'])}
            />
            <MultiSelect
              label="Priorities"
              placeholder={draft.priorities.length ? undefined : 'Every priority'}
              data={PRIORITIES.map((priority) => ({ value: priority, label: PRIORITY_LABEL[priority] }))}
              value={draft.priorities}
              onChange={(value) => set('priorities', value as Priority[])}
            />
          </SimpleGrid>
          {draft.levels.map((level, index) => (
            <LevelEditor
              key={level.level}
              level={level}
              staff={staffOptions}
              onChange={(next) =>
                set(
                  'levels',
                  draft.levels.map((item, at) => (at === index ? next : item)),
                )
              }
              onRemove={() =>
                set(
                  'levels',
                  draft.levels.filter((_, at) => at !== index),
                )
              }
            />
          ))}
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            disabled={draft.levels.length >= 10}
            onClick={() =>
              set('levels', [
                ...draft.levels,
                {
                  level: Math.max(0, ...draft.levels.map((level) => level.level)) + 1,
                  trigger: { on: 'breach', delayMinutes: 30 },
                  actions: [{ kind: 'notify_supervisors' }],
                },
              ])
            }
          >
            Add level
          </Button>
          {save.isError && (
            <Alert color="red" role="alert" title="Not saved">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={
                !draft.name.trim() ||
                draft.levels.length === 0 ||
                draft.levels.some((level) => level.actions.length === 0) ||
                missingPage
              }
            >
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
