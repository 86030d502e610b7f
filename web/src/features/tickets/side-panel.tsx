import {
  Anchor,
  Button,
  Divider,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconArrowBigUpLines, IconUserCheck } from '@tabler/icons-react';
import type { RefObject } from 'react';
import { useCategories, useStaff, useTeams } from '../../api/directory';
import type { Level, Priority, Ticket, TicketChanges, TicketStatus, TicketType } from '../../api/types';
import { LEVELS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../api/types';
import { useMe } from '../../auth/session';
import { LEVEL_LABEL, PRIORITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';
import { EmailSection } from '../email/email-section';
import { TicketKnowledgeSection } from '../knowledge/ticket-knowledge-section';
import { PlaybookSection } from '../playbooks/playbook-section';
import { TicketEscalationSection } from '../sla/ticket-escalation-section';
import { TicketSlaSection } from '../sla/ticket-sla-section';
import { PanelSection } from './panel-section';
import { CustomFieldsSection, LinksSection, WatchersSection } from './side-panel-sections';

const allowedStatuses = (current: TicketStatus): TicketStatus[] =>
  current === 'closed'
    ? ['closed']
    : TICKET_STATUSES.filter((status) => status !== 'new' || current === 'new');

export function SidePanel({
  ticket,
  onChange,
  onEscalate,
  statusRef,
}: {
  ticket: Ticket;
  onChange: (changes: TicketChanges) => void;
  onEscalate: () => void;
  statusRef: RefObject<HTMLInputElement | null>;
}) {
  const me = useMe();
  const staff = useStaff();
  const teams = useTeams();
  const categories = useCategories();
  const closed = ticket.status === 'closed';
  const merged = ticket.mergedIntoId !== null;
  const readOnly = closed || merged;

  const staffOptions = [
    ...(staff.data ?? []).map((user) => ({ value: String(user.id), label: user.name })),
    ...(ticket.assignee && !staff.data?.some((user) => user.id === ticket.assignee?.id)
      ? [{ value: String(ticket.assignee.id), label: ticket.assignee.name }]
      : []),
  ];
  const teamOptions = [
    ...(teams.data ?? []).map((team) => ({
      value: String(team.id),
      label: `${team.name} · Tier ${team.tier}`,
    })),
    ...(ticket.team && !teams.data?.some((team) => team.id === ticket.team?.id)
      ? [{ value: String(ticket.team.id), label: `${ticket.team.name} · Tier ${ticket.team.tier}` }]
      : []),
  ];
  const categoryName = (id: number): string => {
    const category = categories.data?.find((candidate) => candidate.id === id);
    if (!category) return `Category ${id}`;
    return category.parentId ? `${categoryName(category.parentId)} › ${category.name}` : category.name;
  };
  const categoryOptions = (categories.data ?? [])
    .map((category) => ({ value: String(category.id), label: categoryName(category.id) }))
    .sort((a, b) => a.label.localeCompare(b.label));

  return (
    <Stack gap="lg" p="md" component="aside" aria-label="Ticket details">
      <PanelSection title="Requester">
        <div>
          <Text size="sm" fw={600}>
            {ticket.requester.name || ticket.requester.email}
          </Text>
          <Anchor href={`mailto:${ticket.requester.email}`} size="xs">
            {ticket.requester.email}
          </Anchor>
          <Text size="xs" c="dimmed">
            {ticket.organisation ? ticket.organisation.name : 'No organisation'}
          </Text>
        </div>
      </PanelSection>

      <TicketSlaSection ticket={ticket} />

      <PanelSection title="Properties">
        <Select
          ref={statusRef}
          label="Status"
          size="xs"
          data={allowedStatuses(ticket.status).map((status) => ({
            value: status,
            label: STATUS_LABEL[status],
          }))}
          value={ticket.status}
          allowDeselect={false}
          disabled={readOnly}
          onChange={(value) =>
            value && value !== ticket.status && onChange({ status: value as TicketStatus })
          }
        />
        <Select
          label="Type"
          size="xs"
          data={TICKET_TYPES.map((type) => ({ value: type, label: TYPE_LABEL[type] }))}
          value={ticket.type}
          allowDeselect={false}
          disabled={readOnly}
          onChange={(value) => value && onChange({ type: value as TicketType })}
        />
        <SimpleGrid cols={2} spacing="xs">
          <Select
            label="Impact"
            size="xs"
            data={LEVELS.map((level) => ({ value: level, label: LEVEL_LABEL[level] }))}
            value={ticket.impact}
            allowDeselect={false}
            disabled={readOnly}
            onChange={(value) => value && onChange({ impact: value as Level })}
          />
          <Select
            label="Urgency"
            size="xs"
            data={LEVELS.map((level) => ({ value: level, label: LEVEL_LABEL[level] }))}
            value={ticket.urgency}
            allowDeselect={false}
            disabled={readOnly}
            onChange={(value) => value && onChange({ urgency: value as Level })}
          />
        </SimpleGrid>
        <Select
          label="Priority"
          description={ticket.priorityOverridden ? 'Set by hand' : 'From impact × urgency'}
          size="xs"
          data={[
            { value: 'auto', label: `Automatic (${ticket.priorityOverridden ? 'matrix' : ticket.priority})` },
            ...PRIORITIES.map((priority) => ({ value: priority, label: PRIORITY_LABEL[priority] })),
          ]}
          value={ticket.priorityOverridden ? ticket.priority : 'auto'}
          allowDeselect={false}
          disabled={readOnly}
          onChange={(value) => value && onChange({ priority: value === 'auto' ? null : (value as Priority) })}
        />
        <Select
          label="Category"
          size="xs"
          placeholder={categories.isError ? 'Categories unavailable' : 'None'}
          data={categoryOptions}
          value={ticket.categoryId === null ? null : String(ticket.categoryId)}
          clearable
          searchable
          disabled={readOnly || categories.isError}
          onChange={(value) => onChange({ categoryId: value ? Number(value) : null })}
        />
        <TagsInput
          label="Tags"
          size="xs"
          value={ticket.tags}
          disabled={readOnly}
          placeholder={ticket.tags.length ? '' : 'Add a tag'}
          onChange={(tags) => onChange({ tags: tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean) })}
          splitChars={[',', ' ']}
        />
      </PanelSection>

      <Divider />

      <PanelSection title="Assignment">
        <Select
          label="Team"
          size="xs"
          placeholder={teams.isError ? 'Teams unavailable' : 'No team'}
          data={teamOptions}
          value={ticket.team ? String(ticket.team.id) : null}
          clearable
          disabled={readOnly}
          onChange={(value) => onChange({ teamId: value ? Number(value) : null })}
        />
        <Select
          label="Assignee"
          size="xs"
          placeholder="Unassigned"
          data={staffOptions}
          value={ticket.assignee ? String(ticket.assignee.id) : null}
          clearable
          searchable
          disabled={readOnly}
          onChange={(value) => onChange({ assigneeId: value ? Number(value) : null })}
        />
        <Tooltip label="Assign to me (a)">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconUserCheck size={14} />}
            disabled={readOnly || ticket.assignee?.id === me.id}
            onClick={() => onChange({ assigneeId: me.id })}
          >
            Assign to me
          </Button>
        </Tooltip>
        <Button
          size="xs"
          variant="subtle"
          color="grape"
          leftSection={<IconArrowBigUpLines size={14} />}
          disabled={readOnly}
          onClick={onEscalate}
        >
          Escalate to a higher tier…
        </Button>
      </PanelSection>

      <TicketEscalationSection ticket={ticket} readOnly={readOnly} />

      <PlaybookSection ticket={ticket} readOnly={readOnly} />

      <TicketKnowledgeSection ticket={ticket} readOnly={readOnly} />

      <CustomFieldsSection ticket={ticket} readOnly={readOnly} onChange={onChange} />

      <Divider />
      <WatchersSection ticket={ticket} />
      <EmailSection ticket={ticket} />
      <LinksSection ticket={ticket} onChange={onChange} />

      <Divider />
      <PanelSection title="Dates">
        <Stack gap={2}>
          {(
            [
              ['Created', ticket.createdAt],
              ['First response', ticket.firstRespondedAt],
              ['Last customer reply', ticket.lastCustomerReplyAt],
              ['Updated', ticket.updatedAt],
              ['Solved', ticket.solvedAt],
              ['Closed', ticket.closedAt],
            ] as const
          )
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <Group key={label} justify="space-between" gap="xs" wrap="nowrap">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text size="xs">{formatDateTime(value!)}</Text>
              </Group>
            ))}
        </Stack>
      </PanelSection>
    </Stack>
  );
}
