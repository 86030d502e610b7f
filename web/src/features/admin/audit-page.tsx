import { Alert, Button, Code, Group, Paper, Select, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { IconShieldCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, useAudit, useStaff } from '../../api/directory';
import { formatDateTime } from '../../lib/time';
import { AdminHeader, QueryState } from './admin-kit';

export default function AuditPage() {
  useDocumentTitle('Audit log · Administration · Tierline');
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState<string | null>(null);
  const [debouncedAction] = useDebouncedValue(action.trim(), 400);
  const staff = useStaff();
  const audit = useAudit({
    action: debouncedAction || undefined,
    actorId: actorId ? Number(actorId) : undefined,
  });
  const verify = useMutation({ mutationFn: directory.verifyAudit });
  const entries = audit.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <AdminHeader
        title="Audit log"
        description="Every security-relevant and administrative action, hash-chained so tampering shows."
        actions={
          <Button
            variant="default"
            leftSection={<IconShieldCheck size={16} />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            Verify chain
          </Button>
        }
      />
      {verify.data && (
        <Alert
          color={verify.data.valid ? 'teal' : 'red'}
          mb="md"
          role="status"
          title={verify.data.valid ? 'The audit log is intact' : 'The audit log was altered'}
        >
          {verify.data.valid
            ? `All ${verify.data.entries} entries match their hashes.`
            : `The chain breaks at entry ${verify.data.brokenAtId}.`}
        </Alert>
      )}
      {verify.isError && (
        <Alert color="red" mb="md">
          {errorMessage(verify.error)}
        </Alert>
      )}
      <Group mb="md" gap="sm">
        <TextInput
          label="Action"
          placeholder="e.g. auth.login or user.created"
          value={action}
          onChange={(event) => setAction(event.currentTarget.value)}
          w={260}
        />
        <Select
          label="Actor"
          placeholder="Anyone"
          clearable
          searchable
          data={(staff.data ?? []).map((user) => ({ value: String(user.id), label: user.name }))}
          value={actorId}
          onChange={setActorId}
          w={220}
        />
      </Group>
      <QueryState query={audit}>
        <Paper withBorder radius="md">
          <Table verticalSpacing={6} aria-label="Audit log entries" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Details</Table.Th>
                <Table.Th>Address</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.createdAt)}</Table.Td>
                  <Table.Td>{entry.actor?.name ?? 'System'}</Table.Td>
                  <Table.Td>
                    <Code>{entry.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}` : '—'}
                  </Table.Td>
                  <Table.Td maw={320}>
                    <Tooltip
                      label={JSON.stringify(entry.data)}
                      multiline
                      maw={480}
                      disabled={Object.keys(entry.data).length === 0}
                    >
                      <Text size="xs" c="dimmed" lineClamp={1} ff="monospace">
                        {Object.keys(entry.data).length ? JSON.stringify(entry.data) : '—'}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {entry.ip ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {entries.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              No entries match.
            </Text>
          )}
        </Paper>
        {audit.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              onClick={() => void audit.fetchNextPage()}
              loading={audit.isFetchingNextPage}
            >
              Load older entries
            </Button>
          </Group>
        )}
      </QueryState>
    </>
  );
}
