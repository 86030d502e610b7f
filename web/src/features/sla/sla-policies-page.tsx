import { ActionIcon, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconPlus, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useOrganisations } from '../../api/directory';
import { type SlaPolicy, sla, slaKeys, useCalendars, usePolicies, useSlaSave } from '../../api/sla';
import { CHANNEL_LABEL, TYPE_LABEL } from '../../lib/labels';
import { AdminHeader, failed, QueryState, saved } from '../admin/admin-kit';
import { PolicyModal } from './policy-modal';
import { formatTargetLength, METRIC_LABEL } from './sla-format';

function conditionsText(policy: SlaPolicy, organisationName: (id: number) => string): string {
  const { organisationIds, priorities, types, channels, tags } = policy.conditions;
  const parts = [
    organisationIds.length ? organisationIds.map(organisationName).join(' or ') : null,
    priorities.length ? priorities.join('/') : null,
    types.length ? types.map((type) => TYPE_LABEL[type]).join(' or ') : null,
    channels.length ? `via ${channels.map((channel) => CHANNEL_LABEL[channel]).join(' or ')}` : null,
    tags.length ? `tagged ${tags.join(' or ')}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'Every ticket';
}

export default function SlaPoliciesPage() {
  useDocumentTitle('SLA policies · Administration · Tierline');
  const policies = usePolicies();
  const calendars = useCalendars();
  const organisations = useOrganisations();
  const [editing, setEditing] = useState<SlaPolicy | null>(null);
  const [opened, modal] = useDisclosure(false);
  const reorder = useSlaSave((ids: number[]) => sla.reorderPolicies(ids), [slaKeys.policies, slaKeys.atRisk]);
  const remove = useSlaSave((id: number) => sla.deletePolicy(id), [slaKeys.policies, slaKeys.atRisk]);
  const recompute = useSlaSave(() => sla.recompute(), [slaKeys.atRisk]);
  const list = policies.data ?? [];
  const open = (policy: SlaPolicy | null) => {
    setEditing(policy);
    modal.open();
  };
  const move = (index: number, by: -1 | 1) => {
    const ids = list.map((policy) => policy.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    reorder.mutate(ids, {
      onSuccess: () => saved('Order saved; open tickets are recomputed'),
      onError: failed,
    });
  };
  const organisationName = (id: number) =>
    organisations.data?.find((organisation) => organisation.id === id)?.name ?? `Organisation ${id}`;
  const calendarName = (id: number | null) =>
    id === null
      ? 'Team or default calendar'
      : (calendars.data?.find((calendar) => calendar.id === id)?.name ?? `Calendar ${id}`);
  return (
    <>
      <AdminHeader
        title="SLA policies"
        description="Tried from the top: the first active policy whose conditions all hold sets the ticket's targets."
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              loading={recompute.isPending}
              onClick={() =>
                recompute.mutate(undefined, {
                  onSuccess: () => saved('Every open ticket is being recomputed'),
                  onError: failed,
                })
              }
            >
              Recompute
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
              New policy
            </Button>
          </>
        }
      />
      <QueryState query={policies}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="SLA policies in evaluation order">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={80}>Order</Table.Th>
                <Table.Th>Policy</Table.Th>
                <Table.Th>Targets</Table.Th>
                <Table.Th w={150}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((policy, index) => (
                <Table.Tr key={policy.id} style={{ opacity: policy.active ? 1 : 0.6 }}>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${policy.name} up`}
                        disabled={index === 0 || reorder.isPending}
                        onClick={() => move(index, -1)}
                      >
                        <IconArrowUp size={14} />
                      </ActionIcon>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${policy.name} down`}
                        disabled={index === list.length - 1 || reorder.isPending}
                        onClick={() => move(index, 1)}
                      >
                        <IconArrowDown size={14} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm" fw={500}>
                        {index + 1}. {policy.name}
                      </Text>
                      {!policy.active && (
                        <Badge size="xs" color="gray" variant="light">
                          Inactive
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {conditionsText(policy, organisationName)} · {calendarName(policy.calendarId)} · at risk
                      after {Math.round(policy.atRiskFraction * 100)}%
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {['P1', 'P2', 'P3', 'P4'].map((priority) => {
                        const targets = policy.targets.filter((target) => target.priority === priority);
                        if (targets.length === 0) return null;
                        return (
                          <Text size="xs" key={priority}>
                            <strong>{priority}</strong>{' '}
                            {targets
                              .map(
                                (target) =>
                                  `${METRIC_LABEL[target.metric].toLowerCase()} ${formatTargetLength(target.minutes)}${
                                    target.businessHours ? '' : ' (24/7)'
                                  }`,
                              )
                              .join(', ')}
                          </Text>
                        );
                      })}
                      {policy.targets.length === 0 && (
                        <Text size="xs" c="dimmed">
                          No targets
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => open(policy)}
                        aria-label={`Edit ${policy.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${policy.name}`}
                        onClick={() =>
                          window.confirm(`Delete the SLA policy "${policy.name}"?`) &&
                          remove.mutate(policy.id, {
                            onSuccess: () => saved(`${policy.name} deleted`),
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
          {list.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              No SLA policies yet: tickets have no targets.
            </Text>
          )}
        </Paper>
      </QueryState>
      <PolicyModal policy={editing} opened={opened} onClose={modal.close} />
    </>
  );
}
