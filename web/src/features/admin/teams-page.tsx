import {
  Alert,
  Avatar,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, useSave, useStaff, useTeams } from '../../api/directory';
import type { Team } from '../../api/types';
import { initials } from '../shell/user-menu';
import { AdminHeader, QueryState, saved } from './admin-kit';

const TIER_HELP = ['Self-service', 'First line', 'Second line', 'Third line / experts', 'Vendors'];

function TeamModal({ team, opened, onClose }: { team: Team | null; opened: boolean; onClose: () => void }) {
  const staff = useStaff(opened);
  const [name, setName] = useState('');
  const [tier, setTier] = useState('1');
  const [description, setDescription] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  useEffect(() => {
    if (!opened) return;
    setName(team?.name ?? '');
    setTier(String(team?.tier ?? 1));
    setDescription(team?.description ?? '');
    setMembers((team?.members ?? []).map((member) => String(member.id)));
  }, [opened, team]);
  const save = useSave(async () => {
    const body = { name: name.trim(), tier: Number(tier), description: description.trim() };
    const result = team ? await directory.updateTeam(team.id, body) : await directory.createTeam(body);
    const before = (team?.members ?? [])
      .map((member) => String(member.id))
      .sort()
      .join(',');
    if ([...members].sort().join(',') !== before)
      await directory.setTeamMembers(result.id, members.map(Number));
    return result;
  }, ['teams', 'users']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        saved(`${name} saved`);
        onClose();
      },
    });
  };
  return (
    <Modal opened={opened} onClose={onClose} title={team ? `Edit ${team.name}` : 'New team'} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="tier-label">
              Tier
            </Text>
            <SegmentedControl
              aria-labelledby="tier-label"
              value={tier}
              onChange={setTier}
              data={TIER_HELP.map((_, index) => ({ value: String(index), label: `Tier ${index}` }))}
            />
            <Text size="xs" c="dimmed">
              {TIER_HELP[Number(tier)]}
            </Text>
          </Stack>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <MultiSelect
            label="Members"
            searchable
            data={(staff.data ?? []).map((user) => ({ value: String(user.id), label: user.name }))}
            value={members}
            onChange={setMembers}
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

export default function TeamsPage() {
  useDocumentTitle('Teams · Administration · Tierline');
  const teams = useTeams();
  const [editing, setEditing] = useState<Team | null>(null);
  const [opened, modal] = useDisclosure(false);
  const open = (team: Team | null) => {
    setEditing(team);
    modal.open();
  };
  return (
    <>
      <AdminHeader
        title="Teams and tiers"
        description="Support tiers 0–4 and the teams on them. Escalation moves tickets to a higher tier."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
            New team
          </Button>
        }
      />
      <QueryState query={teams}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" highlightOnHover aria-label="Teams">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>Tier</Table.Th>
                <Table.Th>Team</Table.Th>
                <Table.Th>Members</Table.Th>
                <Table.Th w={80}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(teams.data ?? []).map((team) => (
                <Table.Tr key={team.id}>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={['gray', 'blue', 'violet', 'grape', 'orange'][team.tier] ?? 'gray'}
                    >
                      Tier {team.tier}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {team.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {team.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {team.members.length ? (
                      <Avatar.Group spacing={6}>
                        {team.members.slice(0, 8).map((member) => (
                          <Tooltip key={member.id} label={member.name}>
                            <Avatar size={26} radius="xl" aria-label={member.name}>
                              {initials(member.name)}
                            </Avatar>
                          </Tooltip>
                        ))}
                      </Avatar.Group>
                    ) : (
                      <Text size="xs" c="dimmed">
                        No members
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => open(team)}
                      aria-label={`Edit ${team.name}`}
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
      <TeamModal team={editing} opened={opened} onClose={modal.close} />
    </>
  );
}
