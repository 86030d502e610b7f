import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, useOrganisations, useSave } from '../../api/directory';
import type { Organisation } from '../../api/types';
import { AdminHeader, QueryState, saved, TIME_ZONES } from './admin-kit';

function OrganisationModal({
  organisation,
  opened,
  onClose,
}: {
  organisation: Organisation | null;
  opened: boolean;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [domains, setDomains] = useState<string[]>([]);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  useEffect(() => {
    if (!opened) return;
    setName(organisation?.name ?? '');
    setDomains(organisation?.domains ?? []);
    setTimeZone(organisation?.timeZone ?? null);
    setNotes(organisation?.notes ?? '');
  }, [opened, organisation]);
  const save = useSave(
    (body: Record<string, unknown>) =>
      organisation ? directory.updateOrganisation(organisation.id, body) : directory.createOrganisation(body),
    ['organisations'],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { name: name.trim(), domains, timeZone, notes },
      {
        onSuccess: () => {
          saved(`${name} saved`);
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={organisation ? `Edit ${organisation.name}` : 'New organisation'}
    >
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <TagsInput
            label="Email domains"
            description="Senders from these domains join this organisation"
            value={domains}
            onChange={(value) => setDomains(value.map((domain) => domain.trim().toLowerCase()))}
            splitChars={[',', ' ']}
          />
          <Select
            label="Time zone"
            searchable
            clearable
            data={TIME_ZONES}
            value={timeZone}
            onChange={setTimeZone}
          />
          <Textarea
            label="Internal notes"
            description="Only staff see these"
            autosize
            minRows={3}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
          />
          {save.isError && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function OrganisationsPage() {
  useDocumentTitle('Organisations · Administration · Tierline');
  const organisations = useOrganisations();
  const [editing, setEditing] = useState<Organisation | null>(null);
  const [opened, modal] = useDisclosure(false);
  const open = (organisation: Organisation | null) => {
    setEditing(organisation);
    modal.open();
  };
  return (
    <>
      <AdminHeader
        title="Organisations"
        description="Client organisations: their email domains, time zone and people."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
            New organisation
          </Button>
        }
      />
      <QueryState query={organisations}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" highlightOnHover aria-label="Organisations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Domains</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th ta="right">People</Table.Th>
                <Table.Th ta="right">Open tickets</Table.Th>
                <Table.Th w={80}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(organisations.data ?? []).map((organisation) => (
                <Table.Tr key={organisation.id}>
                  <Table.Td fw={500}>{organisation.name}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {organisation.domains.join(', ') || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{organisation.timeZone ?? '—'}</Table.Td>
                  <Table.Td ta="right">{organisation.peopleCount ?? '—'}</Table.Td>
                  <Table.Td ta="right">{organisation.openTicketCount ?? '—'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => open(organisation)}
                      aria-label={`Edit ${organisation.name}`}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </QueryState>
      <OrganisationModal organisation={editing} opened={opened} onClose={modal.close} />
    </>
  );
}
