import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { playbookEditing, usePlaybooks, usePlaybookWrite } from '../../api/playbooks';
import { useMe } from '../../auth/session';
import { RelativeTime } from '../../lib/relative-time';
import { AdminHeader, QueryState } from '../admin/admin-kit';
import { fieldErrors } from './field-errors';
import { canEditPlaybooks } from './permissions';

function NewPlaybookModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = usePlaybookWrite((input: { name: string; description: string }) =>
    playbookEditing.create(input),
  );
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), description: description.trim() },
      { onSuccess: (playbook) => navigate(`/playbooks/${playbook.id}`) },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New playbook">
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={
              errors.get('name') ??
              (create.error && errors.size === 0 ? errorMessage(create.error) : undefined)
            }
          />
          <Textarea
            label="Description"
            description="When an operator should run it"
            autosize
            minRows={2}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create and edit
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function PlaybooksPage() {
  useDocumentTitle('Playbooks · Tierline');
  const me = useMe();
  const editor = canEditPlaybooks(me.role);
  const playbooks = usePlaybooks(editor);
  const [opened, modal] = useDisclosure(false);
  if (!editor) {
    return (
      <Box p="lg" maw={720}>
        <Alert color="gray" title="Playbooks are edited by supervisors">
          You run playbooks from a ticket: “Start a playbook…” in its side panel.
        </Alert>
      </Box>
    );
  }
  return (
    <Box p="lg" maw={1200}>
      <AdminHeader
        title="Troubleshooting playbooks"
        description="Step-by-step scripts for Tier 1. Every answer is recorded on the ticket and travels with an escalation."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
            New playbook
          </Button>
        }
      />
      <QueryState query={playbooks}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" highlightOnHover aria-label="Playbooks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Playbook</Table.Th>
                <Table.Th w={160}>Published</Table.Th>
                <Table.Th w={150}>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {playbooks.data?.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={3}>
                    <Text size="sm" c="dimmed" py="sm">
                      No playbooks yet. Create the first one.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {(playbooks.data ?? []).map((playbook) => (
                <Table.Tr key={playbook.id}>
                  <Table.Td>
                    <Group gap={6}>
                      <Anchor component={Link} to={`/playbooks/${playbook.id}`} size="sm" fw={500}>
                        {playbook.name}
                      </Anchor>
                      {!playbook.active && (
                        <Badge size="xs" variant="outline" color="gray">
                          Inactive
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {playbook.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {playbook.currentVersion === null ? (
                      <Badge variant="light" color="gray">
                        Draft only
                      </Badge>
                    ) : (
                      <Badge variant="light" color="teal">
                        Version {playbook.currentVersion}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      <RelativeTime value={playbook.updatedAt} />
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </QueryState>
      <NewPlaybookModal opened={opened} onClose={modal.close} />
    </Box>
  );
}
