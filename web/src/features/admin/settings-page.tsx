import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, useSave, useSettings } from '../../api/directory';
import type { HelpdeskSettings, Level, Priority } from '../../api/types';
import { LEVELS, PRIORITIES } from '../../api/types';
import { LEVEL_LABEL, PRIORITY_LABEL } from '../../lib/labels';
import { AdminHeader, QueryState, saved } from './admin-kit';

export default function SettingsPage() {
  useDocumentTitle('Priority and lifecycle · Administration · Tierline');
  const settings = useSettings();
  const [draft, setDraft] = useState<HelpdeskSettings | null>(null);
  useEffect(() => {
    if (settings.data) setDraft(settings.data);
  }, [settings.data]);
  const save = useSave((value: HelpdeskSettings) => directory.updateSettings(value), ['settings']);
  const setCell = (impact: Level, urgency: Level, priority: Priority) =>
    setDraft((current) =>
      current
        ? {
            ...current,
            priorityMatrix: {
              ...current.priorityMatrix,
              [impact]: { ...current.priorityMatrix[impact], [urgency]: priority },
            },
          }
        : current,
    );
  const dirty = draft && settings.data && JSON.stringify(draft) !== JSON.stringify(settings.data);

  return (
    <>
      <AdminHeader
        title="Priority and lifecycle"
        description="How impact and urgency give a priority, and when solved tickets close."
        actions={
          <Button
            disabled={!dirty}
            loading={save.isPending}
            onClick={() => draft && save.mutate(draft, { onSuccess: () => saved('Settings saved') })}
          >
            Save changes
          </Button>
        }
      />
      <QueryState query={settings}>
        {draft && (
          <Stack gap="lg">
            <Paper withBorder radius="md" p="md">
              <Title order={2} size="h5" mb={4}>
                Priority matrix
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                Rows are impact (how many are affected), columns urgency (how soon it hurts). Agents can still
                set a priority by hand.
              </Text>
              <Table withColumnBorders aria-label="Priority matrix: impact by urgency" maw={720}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Impact \ Urgency</Table.Th>
                    {LEVELS.map((urgency) => (
                      <Table.Th key={urgency}>{LEVEL_LABEL[urgency]}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...LEVELS].reverse().map((impact) => (
                    <Table.Tr key={impact}>
                      <Table.Th scope="row">{LEVEL_LABEL[impact]}</Table.Th>
                      {LEVELS.map((urgency) => (
                        <Table.Td key={urgency}>
                          <Group gap={6} wrap="nowrap">
                            <Select
                              size="xs"
                              w={96}
                              leftSection={
                                <span
                                  className={`priority-swatch tl-priority-${draft.priorityMatrix[impact][urgency]}`}
                                  aria-hidden="true"
                                />
                              }
                              aria-label={`Priority for ${LEVEL_LABEL[impact]} impact and ${LEVEL_LABEL[urgency]} urgency`}
                              data={PRIORITIES.map((priority) => ({ value: priority, label: priority }))}
                              value={draft.priorityMatrix[impact][urgency]}
                              allowDeselect={false}
                              onChange={(value) => value && setCell(impact, urgency, value as Priority)}
                            />
                          </Group>
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Text size="xs" c="dimmed" mt="xs">
                {PRIORITIES.map((priority) => PRIORITY_LABEL[priority]).join(' · ')}
              </Text>
            </Paper>
            <Paper withBorder radius="md" p="md">
              <Title order={2} size="h5" mb="sm">
                Lifecycle
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} maw={720}>
                <NumberInput
                  label="Close solved tickets after (hours)"
                  description="Without a customer reply; 0 closes at the next sweep"
                  min={0}
                  max={8760}
                  value={draft.autoCloseAfterHours}
                  onChange={(value) => setDraft({ ...draft, autoCloseAfterHours: Number(value) || 0 })}
                />
                <NumberInput
                  label="Reopen window (days)"
                  description="A customer reply reopens a solved ticket within this time"
                  min={0}
                  max={365}
                  value={draft.reopenWindowDays}
                  onChange={(value) => setDraft({ ...draft, reopenWindowDays: Number(value) || 0 })}
                />
              </SimpleGrid>
            </Paper>
            {save.isError && (
              <Alert color="red" role="alert" title="Not saved">
                {errorMessage(save.error)}
              </Alert>
            )}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
