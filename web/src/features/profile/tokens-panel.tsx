import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, useSave, useTokens } from '../../api/directory';
import type { Scope } from '../../api/types';
import { SCOPES } from '../../api/types';
import { formatDate, formatRelative } from '../../lib/time';

const SCOPE_HELP: Record<Scope, string> = {
  'tickets:read': 'Read tickets',
  'tickets:write': 'Create and change tickets',
  'people:read': 'Read people and organisations',
  'people:write': 'Change people and organisations',
  admin: 'Administration',
};

/** API tokens of the signed-in person: the secret is shown once, right after creation. */
export function TokensPanel() {
  const tokens = useTokens();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['tickets:read']);
  const [expiry, setExpiry] = useState<string>('90');
  const [secret, setSecret] = useState<string | null>(null);
  const create = useSave(
    () =>
      directory.createToken({
        name: name.trim(),
        scopes: scopes as Scope[],
        expiresAt:
          expiry === 'never' ? null : new Date(Date.now() + Number(expiry) * 86_400_000).toISOString(),
      }),
    ['tokens'],
  );
  const revoke = useSave((id: number) => directory.revokeToken(id), ['tokens']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, {
      onSuccess: (result) => {
        setSecret(result.token);
        setName('');
      },
    });
  };
  return (
    <Stack>
      {secret && (
        <Alert color="teal" title="Copy your new token now" withCloseButton onClose={() => setSecret(null)}>
          <Text size="sm" mb={6}>
            It is shown only this once. Send it as <Code>Authorization: Bearer …</Code>.
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Code block style={{ flex: 1 }}>
              {secret}
            </Code>
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy'}>
                  <ActionIcon variant="light" onClick={copy} aria-label="Copy token">
                    {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <Paper withBorder radius="md" p="md" component="form" onSubmit={submit}>
        <Stack gap="sm">
          <Group align="end">
            <TextInput
              label="Token name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              w={260}
            />
            <Select
              label="Expires"
              data={[
                { value: '30', label: 'In 30 days' },
                { value: '90', label: 'In 90 days' },
                { value: '365', label: 'In a year' },
                { value: 'never', label: 'Never' },
              ]}
              value={expiry}
              allowDeselect={false}
              onChange={(value) => setExpiry(value ?? '90')}
              w={160}
            />
          </Group>
          <Checkbox.Group label="Scopes" value={scopes} onChange={setScopes}>
            <Group mt={6}>
              {SCOPES.map((scope) => (
                <Checkbox key={scope} value={scope} label={SCOPE_HELP[scope]} />
              ))}
            </Group>
          </Checkbox.Group>
          {create.isError && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!name.trim() || scopes.length === 0}>
              Create token
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder radius="md">
        <Table verticalSpacing="xs" aria-label="Your API tokens">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Scopes</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th w={60}>
                <span className="sr-only">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tokens.data ?? []).map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {token.name}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {token.prefix}…
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {token.scopes.map((scope) => (
                      <Badge key={scope} size="xs" variant="light">
                        {scope}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{formatDate(token.createdAt)}</Table.Td>
                <Table.Td>{token.expiresAt ? formatDate(token.expiresAt) : 'Never'}</Table.Td>
                <Table.Td>{token.lastUsedAt ? formatRelative(token.lastUsedAt) : 'Never'}</Table.Td>
                <Table.Td>
                  <Tooltip label="Revoke">
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Revoke token ${token.name}`}
                      onClick={() =>
                        window.confirm(`Revoke "${token.name}"? Programs using it stop working.`) &&
                        revoke.mutate(token.id)
                      }
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {tokens.data?.length === 0 && (
          <Text c="dimmed" ta="center" py="lg">
            You have no API tokens.
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
