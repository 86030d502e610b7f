import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useSave, useTeams } from '../../api/directory';
import { emailApi, type SupportAddress, useSupportAddresses } from '../../api/email';
import { failed, QueryState, saved } from '../admin/admin-kit';

const EMPTY = { address: '', displayName: '', teamId: null as number | null, isDefault: false, active: true };

function AddressModal({
  address,
  opened,
  onClose,
}: {
  address: SupportAddress | null;
  opened: boolean;
  onClose: () => void;
}) {
  const teams = useTeams(opened);
  const [draft, setDraft] = useState(EMPTY);
  useEffect(() => {
    if (opened) setDraft(address ? { ...address } : EMPTY);
  }, [opened, address]);
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const save = useSave(async () => {
    const body = { ...draft, address: draft.address.trim(), displayName: draft.displayName.trim() };
    return address ? emailApi.updateAddress(address.id, body) : emailApi.createAddress(body);
  }, ['email-addresses']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: (result) => {
        saved(`${result.address} saved`);
        onClose();
      },
    });
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={address ? `Edit ${address.address}` : 'New support address'}
      size="lg"
    >
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="Address"
            description="Mail sent to it becomes a ticket; replies leave from it"
            type="email"
            required
            value={draft.address}
            onChange={(e) => set('address', e.currentTarget.value)}
            data-autofocus
          />
          <TextInput
            label="Sender name"
            description="Shown as the sender of replies, e.g. “Acme Support”"
            value={draft.displayName}
            onChange={(e) => set('displayName', e.currentTarget.value)}
          />
          <Select
            label="Team"
            description="New tickets to this address land in this team's queue"
            placeholder={teams.isError ? 'Teams unavailable' : 'No team'}
            data={(teams.data ?? []).map((team) => ({
              value: String(team.id),
              label: `${team.name} · Tier ${team.tier}`,
            }))}
            value={draft.teamId === null ? null : String(draft.teamId)}
            clearable
            onChange={(value) => set('teamId', value ? Number(value) : null)}
          />
          <Group>
            <Checkbox
              label="Default address (the sender for teams without an address of their own)"
              checked={draft.isDefault}
              onChange={(e) => set('isDefault', e.currentTarget.checked)}
            />
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
            <Button type="submit" loading={save.isPending} disabled={!draft.address.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function AddressesPanel() {
  const addresses = useSupportAddresses();
  const teams = useTeams();
  const [editing, setEditing] = useState<SupportAddress | null>(null);
  const [opened, modal] = useDisclosure(false);
  const remove = useSave((id: number) => emailApi.deleteAddress(id), ['email-addresses']);
  const open = (address: SupportAddress | null) => {
    setEditing(address);
    modal.open();
  };
  const teamName = (id: number | null) =>
    id === null ? null : (teams.data?.find((team) => team.id === id)?.name ?? `Team ${id}`);
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          Mail to these addresses (through the SMTP listener or a mailbox) becomes tickets in the team's
          queue.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
          New address
        </Button>
      </Group>
      <QueryState query={addresses}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" highlightOnHover aria-label="Support addresses">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Address</Table.Th>
                <Table.Th>Team</Table.Th>
                <Table.Th>Flags</Table.Th>
                <Table.Th w={140}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(addresses.data ?? []).map((address) => (
                <Table.Tr key={address.id} style={{ opacity: address.active ? 1 : 0.6 }}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {address.address}
                    </Text>
                    {address.displayName && (
                      <Text size="xs" c="dimmed">
                        {address.displayName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {teamName(address.teamId) ?? (
                      <Text size="xs" c="dimmed">
                        No team
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {address.isDefault && <Badge size="xs">Default</Badge>}
                      {!address.active && (
                        <Badge size="xs" color="gray" variant="light">
                          Inactive
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => open(address)}
                        aria-label={`Edit ${address.address}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${address.address}`}
                        onClick={() =>
                          window.confirm(`Remove ${address.address}? Mail to it is no longer taken in.`) &&
                          remove.mutate(address.id, {
                            onSuccess: () => saved(`${address.address} removed`),
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
          {addresses.data?.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              No support addresses yet: the SMTP listener accepts mail only for the addresses listed here.
            </Text>
          )}
        </Paper>
      </QueryState>
      <AddressModal address={editing} opened={opened} onClose={modal.close} />
    </>
  );
}
