import { Badge, Button, Group, MultiSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTeams } from '../../api/directory';
import {
  type EscalationRule,
  type EscalationTrigger,
  sla,
  slaKeys,
  useEscalationPaths,
  useEscalationRules,
  useSlaSave,
} from '../../api/sla';
import { AdminHeader, failed, QueryState, saved } from '../admin/admin-kit';
import { ACTION_LABEL, EscalationRuleModal } from './escalation-rule-modal';
import { METRIC_LABEL } from './sla-format';

const triggerText = (trigger: EscalationTrigger) =>
  trigger.on === 'at_risk'
    ? trigger.fraction === undefined
      ? 'When at risk'
      : `At ${Math.round(trigger.fraction * 100)}% of the target`
    : trigger.delayMinutes
      ? `${trigger.delayMinutes} min after breach`
      : 'On breach';

function Rules() {
  const rules = useEscalationRules();
  const [editing, setEditing] = useState<EscalationRule | null>(null);
  const [opened, modal] = useDisclosure(false);
  const remove = useSlaSave((id: number) => sla.deleteRule(id), [slaKeys.rules]);
  const open = (rule: EscalationRule | null) => {
    setEditing(rule);
    modal.open();
  };
  return (
    <>
      <Group justify="space-between">
        <Title order={2} size="h4">
          Automatic escalation rules
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
          New rule
        </Button>
      </Group>
      <QueryState query={rules}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="Escalation rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Levels</Table.Th>
                <Table.Th w={130}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(rules.data ?? []).map((rule) => (
                <Table.Tr key={rule.id} style={{ opacity: rule.active ? 1 : 0.6 }}>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm" fw={500}>
                        {rule.name}
                      </Text>
                      {!rule.active && (
                        <Badge size="xs" color="gray" variant="light">
                          Inactive
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {rule.metrics.length
                        ? rule.metrics.map((metric) => METRIC_LABEL[metric]).join(', ')
                        : 'Every target'}
                      {' · '}
                      {rule.priorities.length ? rule.priorities.join('/') : 'every priority'}
                      {rule.policyIds.length
                        ? ` · ${rule.policyIds.length} polic${rule.policyIds.length === 1 ? 'y' : 'ies'}`
                        : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {rule.levels.map((level) => (
                        <Text size="xs" key={level.level}>
                          <strong>{level.level}.</strong> {triggerText(level.trigger)}:{' '}
                          {level.actions.map((action) => ACTION_LABEL[action.kind].toLowerCase()).join(', ')}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => open(rule)}
                        aria-label={`Edit ${rule.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${rule.name}`}
                        onClick={() =>
                          window.confirm(`Delete the escalation rule "${rule.name}"?`) &&
                          remove.mutate(rule.id, {
                            onSuccess: () => saved(`${rule.name} deleted`),
                            onError: failed,
                          })
                        }
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {rules.data?.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              No automatic escalation yet.
            </Text>
          )}
        </Paper>
      </QueryState>
      <EscalationRuleModal rule={editing} opened={opened} onClose={modal.close} />
    </>
  );
}

function Paths() {
  const paths = useEscalationPaths();
  const teams = useTeams();
  const save = useSlaSave(
    ({ teamId, toTeamIds }: { teamId: number; toTeamIds: number[] }) => sla.setPaths(teamId, toTeamIds),
    [slaKeys.paths],
  );
  return (
    <>
      <Title order={2} size="h4" mt="lg">
        Escalation paths
      </Title>
      <Text size="sm" c="dimmed">
        Where each team may hand tickets over, in order of preference; the first is "the next tier" for
        automatic reassignment. Without paths, any team of a higher tier will do.
      </Text>
      <QueryState query={paths}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="Escalation paths per team">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={260}>Team</Table.Th>
                <Table.Th>Escalates to</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(paths.data ?? []).map(({ team, toTeams }) => {
                const higher = (teams.data ?? []).filter((candidate) => candidate.tier > team.tier);
                return (
                  <Table.Tr key={team.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {team.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        Tier {team.tier}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <MultiSelect
                        size="xs"
                        aria-label={`Escalation paths of ${team.name}`}
                        placeholder={
                          toTeams.length
                            ? undefined
                            : higher.length
                              ? 'Any team of a higher tier'
                              : 'Highest tier'
                        }
                        disabled={higher.length === 0}
                        data={higher.map((candidate) => ({
                          value: String(candidate.id),
                          label: `${candidate.name} · Tier ${candidate.tier}`,
                        }))}
                        value={toTeams.map((target) => String(target.id))}
                        onChange={(value) =>
                          save.mutate(
                            { teamId: team.id, toTeamIds: value.map(Number) },
                            { onSuccess: () => saved(`Paths of ${team.name} saved`), onError: failed },
                          )
                        }
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      </QueryState>
    </>
  );
}

export default function EscalationPage() {
  useDocumentTitle('Escalation · Administration · Tierline');
  return (
    <>
      <AdminHeader
        title="Escalation"
        description="Multi-level escalation when an SLA target is at risk or breached, and the paths between tiers."
      />
      <Stack gap="sm">
        <Rules />
        <Paths />
      </Stack>
    </>
  );
}
