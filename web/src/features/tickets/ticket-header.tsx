import { ActionIcon, Avatar, Box, Button, Group, Menu, Text, TextInput, Title, Tooltip } from '@mantine/core';
import {
  IconArrowBigUpLines,
  IconArrowLeft,
  IconChevronDown,
  IconChevronUp,
  IconDots,
  IconGitMerge,
  IconPencil,
  IconScissors,
} from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { Ticket } from '../../api/types';
import { CHANNEL_LABEL, TYPE_LABEL } from '../../lib/labels';
import { usePresenceOf } from '../../live/presence-store';
import { initials } from '../shell/user-menu';
import { PriorityBadge, StatusBadge } from './badges';
import { lastListUrl } from './ticket-navigation';

function PresenceBar({ ticketId }: { ticketId: number }) {
  const people = usePresenceOf(ticketId);
  const typing = people.filter((person) => person.state === 'typing');
  if (people.length === 0) return null;
  const summary = `${people.map((person) => person.name).join(', ')} ${people.length === 1 ? 'is' : 'are'} viewing`;
  return (
    <Group gap={8} wrap="nowrap" role="status" aria-live="polite" aria-label={summary} data-testid="presence">
      <Avatar.Group spacing={6}>
        {people.map((person) => (
          <Tooltip key={person.userId} label={`${person.name} is ${person.state}`}>
            <Avatar
              size={26}
              radius="xl"
              color={person.state === 'typing' ? 'orange' : 'teal'}
              style={{
                outline: `2px solid var(--mantine-color-${person.state === 'typing' ? 'orange' : 'teal'}-6)`,
              }}
            >
              {initials(person.name)}
            </Avatar>
          </Tooltip>
        ))}
      </Avatar.Group>
      <Text
        size="xs"
        c={typing.length ? undefined : 'dimmed'}
        fw={typing.length ? 600 : 400}
        className={typing.length ? 'presence-typing' : undefined}
      >
        {typing.length
          ? `${typing.map((person) => person.name).join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…`
          : `${people.map((person) => person.name.split(' ')[0]).join(', ')} also viewing`}
      </Text>
    </Group>
  );
}

function SubjectTitle({ ticket, onRename }: { ticket: Ticket; onRename: (subject: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(ticket.subject);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const subject = draft.trim();
    if (subject && subject !== ticket.subject) onRename(subject);
    setEditing(false);
  };
  if (editing) {
    return (
      <form onSubmit={submit} style={{ flex: 1 }}>
        <TextInput
          value={draft}
          onChange={(event) => setDraft(event.currentTarget.value)}
          aria-label="Subject"
          size="sm"
          autoFocus
          onBlur={submit}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setEditing(false);
          }}
        />
      </form>
    );
  }
  return (
    <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
      <Title order={1} size="h4" lineClamp={1} title={ticket.subject}>
        {ticket.subject}
      </Title>
      <Tooltip label="Edit subject">
        <ActionIcon
          size="sm"
          variant="subtle"
          color="gray"
          aria-label="Edit subject"
          onClick={() => {
            setDraft(ticket.subject);
            setEditing(true);
          }}
        >
          <IconPencil size={14} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

export function TicketHeader({
  ticket,
  previousId,
  nextId,
  onRename,
  onMerge,
  onSplit,
  onEscalate,
  onUndoMerge,
}: {
  ticket: Ticket;
  previousId: number | null;
  nextId: number | null;
  onRename: (subject: string) => void;
  onMerge: () => void;
  onSplit: () => void;
  onEscalate: () => void;
  onUndoMerge: () => void;
}) {
  const readOnly = ticket.status === 'closed' || ticket.mergedIntoId !== null;
  return (
    <Box px="md" py={10} style={{ borderBottom: '1px solid var(--tl-border)' }}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
          <Tooltip label="Back to the list">
            <ActionIcon
              component={Link}
              to={lastListUrl()}
              variant="subtle"
              color="gray"
              aria-label="Back to the list"
            >
              <IconArrowLeft size={18} />
            </ActionIcon>
          </Tooltip>
          <Text c="dimmed" fw={600} size="lg">
            #{ticket.id}
          </Text>
          <SubjectTitle key={ticket.subject} ticket={ticket} onRename={onRename} />
        </Group>
        <Group gap={6} wrap="nowrap">
          <Tooltip label="Previous ticket (k)">
            <ActionIcon
              component={Link}
              to={previousId ? `/tickets/${previousId}` : '#'}
              variant="default"
              aria-label="Previous ticket"
              aria-disabled={!previousId}
              data-disabled={!previousId || undefined}
              onClick={(event) => !previousId && event.preventDefault()}
            >
              <IconChevronUp size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Next ticket (j)">
            <ActionIcon
              component={Link}
              to={nextId ? `/tickets/${nextId}` : '#'}
              variant="default"
              aria-label="Next ticket"
              aria-disabled={!nextId}
              data-disabled={!nextId || undefined}
              onClick={(event) => !nextId && event.preventDefault()}
            >
              <IconChevronDown size={16} />
            </ActionIcon>
          </Tooltip>
          <Button
            size="xs"
            variant="light"
            color="grape"
            leftSection={<IconArrowBigUpLines size={14} />}
            onClick={onEscalate}
            disabled={readOnly}
            className="hide-narrow"
          >
            Escalate
          </Button>
          <Menu position="bottom-end" shadow="md">
            <Menu.Target>
              <ActionIcon variant="default" aria-label="More actions">
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconGitMerge size={15} />} onClick={onMerge} disabled={readOnly}>
                Merge into another ticket…
              </Menu.Item>
              <Menu.Item leftSection={<IconScissors size={15} />} onClick={onSplit} disabled={readOnly}>
                Split messages off…
              </Menu.Item>
              {ticket.mergedIntoId !== null && <Menu.Item onClick={onUndoMerge}>Undo merge</Menu.Item>}
              <Menu.Item
                leftSection={<IconArrowBigUpLines size={15} />}
                onClick={onEscalate}
                disabled={readOnly}
              >
                Escalate to a higher tier…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Group justify="space-between" mt={6} ml={38} gap="sm" wrap="nowrap" mih={26}>
        <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} long />
          <Text size="xs" c="dimmed" lineClamp={1}>
            {TYPE_LABEL[ticket.type]} · via {CHANNEL_LABEL[ticket.channel]} · {ticket.requester.name}
            {ticket.organisation ? ` (${ticket.organisation.name})` : ''}
            {ticket.team ? ` · ${ticket.team.name}, Tier ${ticket.team.tier}` : ''}
            {ticket.assignee ? ` · assigned to ${ticket.assignee.name}` : ' · unassigned'}
          </Text>
        </Group>
        <PresenceBar ticketId={ticket.id} />
      </Group>
    </Box>
  );
}
