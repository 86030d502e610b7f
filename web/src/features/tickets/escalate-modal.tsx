import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBigUpLines } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useStaff, useTeams } from '../../api/directory';
import { usePlaybookHandOver } from '../../api/playbooks';
import { ticketKeys } from '../../api/tickets';
import type { Ticket } from '../../api/types';
import { useMe } from '../../auth/session';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Hand a ticket over to a team of a higher tier: the team (and optionally an engineer) take it,
 * and an internal note carries the hand-over summary so nobody has to ask again.
 */
export function EscalateModal({
  ticket,
  opened,
  onClose,
}: {
  ticket: Ticket;
  opened: boolean;
  onClose: () => void;
}) {
  const me = useMe();
  const teams = useTeams(opened);
  const staff = useStaff(opened);
  const client = useQueryClient();
  const currentTier = ticket.team?.tier ?? Math.min(...me.teams.map((team) => team.tier), 1);
  const higher = useMemo(
    () => (teams.data ?? []).filter((team) => team.tier > currentTier),
    [teams.data, currentTier],
  );
  const [teamId, setTeamId] = useState<string | null>(null);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Playbook runs on the ticket start the summary: what was asked and answered travels with it.
  const handOver = usePlaybookHandOver(ticket.id, opened).data?.text;
  useEffect(() => {
    if (opened && handOver) setSummary((current) => current || `${handOver}\n\n`);
  }, [opened, handOver]);

  useEffect(() => {
    if (!opened) return;
    setTeamId((current) => current ?? (higher[0] ? String(higher[0].id) : null));
  }, [opened, higher]);

  const team = higher.find((candidate) => String(candidate.id) === teamId);
  const members = team?.members?.length
    ? team.members
    : (staff.data ?? []).filter(
        (user) => team && user.teams?.some((membership) => membership.id === team.id),
      );
  const valid = Boolean(team) && summary.trim().length >= 10;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!team || !valid) return;
    setBusy(true);
    setError(null);
    try {
      await api<Ticket>(`/api/tickets/${ticket.id}`, {
        method: 'PATCH',
        body: {
          teamId: team.id,
          assigneeId: assigneeId ? Number(assigneeId) : null,
          version: ticket.version,
        },
      });
      const heading = `Escalated to ${team.name} (Tier ${team.tier})`;
      const updated = await api<Ticket>(`/api/tickets/${ticket.id}/messages`, {
        method: 'POST',
        body: {
          internal: true,
          body: `${heading}\n\nHand-over summary:\n${summary.trim()}`,
          bodyHtml: `<p><strong>${escapeHtml(heading)}</strong></p><p><strong>Hand-over summary:</strong></p>${summary
            .trim()
            .split(/\n{2,}/)
            .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
            .join('')}`,
          mentions: assigneeId ? [Number(assigneeId)] : undefined,
        },
      });
      client.setQueryData(ticketKeys.detail(ticket.id), updated);
      void client.invalidateQueries({ queryKey: ticketKeys.events(ticket.id) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
      notifications.show({ color: 'teal', message: `${heading}` });
      setSummary('');
      setAssigneeId(null);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Escalate to a higher tier" size="lg">
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            Currently {ticket.team ? `with ${ticket.team.name} (Tier ${ticket.team.tier})` : 'with no team'}.
            The new team gets the ticket and your summary as an internal note.
          </Text>
          {teams.isError && (
            <Alert color="red" role="alert">
              Teams could not be loaded: {errorMessage(teams.error)}
            </Alert>
          )}
          <Select
            label="Team"
            required
            placeholder={higher.length ? 'Pick a team' : 'No team of a higher tier exists'}
            data={higher.map((candidate) => ({
              value: String(candidate.id),
              label: `Tier ${candidate.tier} · ${candidate.name}`,
            }))}
            value={teamId}
            onChange={(value) => {
              setTeamId(value);
              setAssigneeId(null);
            }}
            allowDeselect={false}
          />
          <Select
            label="Engineer"
            description="Optional: leave empty to let the team pick it up"
            placeholder={members.length ? 'Anyone in the team' : 'No members listed'}
            data={members.map((user) => ({ value: String(user.id), label: user.name }))}
            value={assigneeId}
            onChange={setAssigneeId}
            clearable
            searchable
          />
          <Textarea
            label="Hand-over summary"
            required
            description="What the customer reported, what you checked and tried, and what you expect next"
            autosize
            minRows={5}
            maxRows={12}
            value={summary}
            onChange={(event) => setSummary(event.currentTarget.value)}
            error={summary.length > 0 && summary.trim().length < 10 ? 'Write at least a sentence' : undefined}
          />
          {error && (
            <Alert color="red" role="alert" title="Not escalated">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              color="grape"
              loading={busy}
              disabled={!valid}
              leftSection={<IconArrowBigUpLines size={16} />}
            >
              Escalate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
