import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconRefresh } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useSave } from '../../api/directory';
import {
  emailApi,
  emailKeys,
  type Mailbox,
  type MailboxMode,
  useMailboxes,
  useSupportAddresses,
} from '../../api/email';
import { RelativeTime } from '../../lib/relative-time';
import { failed, QueryState, saved } from '../admin/admin-kit';
import { ERROR_TEXT } from './email-labels';

const EMPTY = {
  name: '',
  addressId: null as number | null,
  host: '',
  port: 993,
  tls: true,
  username: '',
  password: '',
  folder: 'INBOX',
  processedFolder: '',
  mode: 'poll' as MailboxMode,
  pollSeconds: 60,
  active: true,
};

function MailboxModal({
  mailbox,
  opened,
  onClose,
}: {
  mailbox: Mailbox | null;
  opened: boolean;
  onClose: () => void;
}) {
  const addresses = useSupportAddresses();
  const [draft, setDraft] = useState(EMPTY);
  useEffect(() => {
    if (!opened) return;
    setDraft(mailbox ? { ...mailbox, password: '', processedFolder: mailbox.processedFolder ?? '' } : EMPTY);
  }, [opened, mailbox]);
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const save = useSave(async () => {
    const { password, processedFolder, ...rest } = draft;
    const body: Record<string, unknown> = {
      ...rest,
      name: rest.name.trim(),
      host: rest.host.trim(),
      folder: rest.folder.trim() || 'INBOX',
      processedFolder: processedFolder.trim() || null,
    };
    // Write-only: the stored password stays unless a new one is typed.
    if (password) body.password = password;
    return mailbox ? emailApi.updateMailbox(mailbox.id, body) : emailApi.createMailbox(body);
  }, ['email-mailboxes']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: (result) => {
        saved(`${result.name} saved`);
        onClose();
      },
    });
  };
  const canSave =
    draft.name.trim() &&
    draft.host.trim() &&
    draft.username.trim() &&
    (mailbox?.hasPassword || draft.password);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={mailbox ? `Edit ${mailbox.name}` : 'New IMAP mailbox'}
      size="lg"
    >
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput
              label="Name"
              required
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              data-autofocus
            />
            <Select
              label="Support address"
              description="Its team gets the new tickets"
              placeholder="Default address"
              data={(addresses.data ?? []).map((address) => ({
                value: String(address.id),
                label: address.address,
              }))}
              value={draft.addressId === null ? null : String(draft.addressId)}
              clearable
              onChange={(value) => set('addressId', value ? Number(value) : null)}
            />
            <TextInput
              label="IMAP server"
              required
              value={draft.host}
              onChange={(e) => set('host', e.currentTarget.value)}
            />
            <NumberInput
              label="Port"
              min={1}
              max={65535}
              required
              value={draft.port}
              onChange={(value) => set('port', Number(value) || 993)}
            />
            <TextInput
              label="User name"
              required
              autoComplete="off"
              value={draft.username}
              onChange={(e) => set('username', e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              description={
                mailbox?.hasPassword ? 'Stored encrypted; leave empty to keep it' : 'Stored encrypted'
              }
              required={!mailbox?.hasPassword}
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => set('password', e.currentTarget.value)}
            />
            <TextInput
              label="Folder"
              value={draft.folder}
              onChange={(e) => set('folder', e.currentTarget.value)}
            />
            <TextInput
              label="Move imported mail to"
              description="Empty: mark it read and leave it"
              value={draft.processedFolder}
              onChange={(e) => set('processedFolder', e.currentTarget.value)}
            />
          </SimpleGrid>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="mailbox-mode-label">
              Fetching
            </Text>
            <SegmentedControl
              aria-labelledby="mailbox-mode-label"
              value={draft.mode}
              onChange={(value) => set('mode', value as MailboxMode)}
              data={[
                { value: 'poll', label: 'Poll on an interval' },
                { value: 'idle', label: 'Stay connected (IDLE)' },
              ]}
            />
          </Stack>
          <NumberInput
            label={draft.mode === 'idle' ? 'Check anyway every (seconds)' : 'Poll every (seconds)'}
            min={5}
            max={86400}
            value={draft.pollSeconds}
            onChange={(value) => set('pollSeconds', Number(value) || 60)}
          />
          <Group>
            <Checkbox label="TLS" checked={draft.tls} onChange={(e) => set('tls', e.currentTarget.checked)} />
            <Checkbox
              label="Active"
              checked={draft.active}
              onChange={(e) => set('active', e.currentTarget.checked)}
            />
          </Group>
          {save.isError && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!canSave}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function MailboxStatus({ mailbox }: { mailbox: Mailbox }) {
  if (!mailbox.active) {
    return (
      <Badge size="xs" color="gray" variant="light">
        Paused
      </Badge>
    );
  }
  if (mailbox.lastError) {
    return (
      <Stack gap={2}>
        <Badge size="xs" color="red" variant="light">
          Failing
        </Badge>
        <Text size="xs" c={ERROR_TEXT} style={{ wordBreak: 'break-word' }}>
          {mailbox.lastError}
        </Text>
      </Stack>
    );
  }
  if (!mailbox.lastPolledAt) {
    return (
      <Text size="xs" c="dimmed">
        Not fetched yet
      </Text>
    );
  }
  return (
    <Text size="xs">
      <Badge size="xs" color="teal" variant="light" mr={6}>
        OK
      </Badge>
      <RelativeTime value={mailbox.lastPolledAt} />
    </Text>
  );
}

export function MailboxesPanel() {
  const mailboxes = useMailboxes();
  const client = useQueryClient();
  const [editing, setEditing] = useState<Mailbox | null>(null);
  const [opened, modal] = useDisclosure(false);
  const poll = useSave((id: number) => emailApi.pollMailbox(id), ['email-mailboxes']);
  const remove = useSave((id: number) => emailApi.deleteMailbox(id), ['email-mailboxes']);
  const open = (mailbox: Mailbox | null) => {
    setEditing(mailbox);
    modal.open();
  };
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          Tierline fetches new mail from these mailboxes and moves or marks it once its ticket is saved.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
          New mailbox
        </Button>
      </Group>
      <QueryState query={mailboxes}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="IMAP mailboxes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Mailbox</Table.Th>
                <Table.Th>Server</Table.Th>
                <Table.Th>Fetching</Table.Th>
                <Table.Th>Last fetch</Table.Th>
                <Table.Th w={220}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(mailboxes.data ?? []).map((mailbox) => (
                <Table.Tr key={mailbox.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {mailbox.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {mailbox.username} · {mailbox.folder}
                      {mailbox.processedFolder ? ` → ${mailbox.processedFolder}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {mailbox.host}:{mailbox.port}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {mailbox.tls ? 'TLS' : 'No TLS'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {mailbox.mode === 'idle' ? 'IDLE' : `Every ${mailbox.pollSeconds} s`}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={280}>
                    <MailboxStatus mailbox={mailbox} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        leftSection={<IconRefresh size={12} />}
                        loading={poll.isPending && poll.variables === mailbox.id}
                        aria-label={`Test ${mailbox.name} and fetch now`}
                        onClick={() =>
                          poll.mutate(mailbox.id, {
                            onSuccess: (result) =>
                              saved(
                                `${mailbox.name}: connected, ${result.imported} new message${result.imported === 1 ? '' : 's'}`,
                              ),
                            onError: (error) => {
                              failed(error);
                              // The failed attempt is recorded as the mailbox's last error.
                              void client.invalidateQueries({ queryKey: emailKeys.mailboxes });
                            },
                          })
                        }
                      >
                        Test and fetch
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => open(mailbox)}
                        aria-label={`Edit ${mailbox.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${mailbox.name}`}
                        onClick={() =>
                          window.confirm(
                            `Remove the mailbox ${mailbox.name}? Its mail is no longer fetched.`,
                          ) &&
                          remove.mutate(mailbox.id, {
                            onSuccess: () => saved(`${mailbox.name} removed`),
                            onError: failed,
                          })
                        }
                      >
                        Remove
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {mailboxes.data?.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              No mailboxes. Add one to fetch support mail from an existing IMAP account.
            </Text>
          )}
        </Paper>
      </QueryState>
      <MailboxModal mailbox={editing} opened={opened} onClose={modal.close} />
    </>
  );
}
