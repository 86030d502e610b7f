import {
  ActionIcon,
  Anchor,
  Avatar,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLink, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { useCustomFields, useStaff } from '../../api/directory';
import { ticketActions, useTicketAction } from '../../api/tickets';
import type { CustomField, CustomFieldValue, Ticket, TicketChanges, TicketRef } from '../../api/types';
import { useMe } from '../../auth/session';
import { initials } from '../shell/user-menu';
import { StatusBadge } from './badges';
import { PanelSection } from './panel-section';

function CustomFieldInput({
  field,
  value,
  readOnly,
  onSave,
}: {
  field: CustomField;
  value: CustomFieldValue | undefined;
  readOnly: boolean;
  onSave: (value: CustomFieldValue) => void;
}) {
  const [draft, setDraft] = useState<string>(value === null || value === undefined ? '' : String(value));
  const current = value === null || value === undefined ? '' : String(value);
  const commit = (next: string) => {
    if (next === current) return;
    if (field.type === 'number') onSave(next === '' ? null : Number(next));
    else onSave(next === '' ? null : next);
  };
  const common = {
    label: field.label,
    size: 'xs' as const,
    disabled: readOnly,
    withAsterisk: field.required,
  };
  if (field.type === 'select') {
    return (
      <Select
        {...common}
        data={field.options}
        value={current || null}
        clearable={!field.required}
        onChange={(next) => commit(next ?? '')}
      />
    );
  }
  if (field.type === 'number') {
    return (
      <NumberInput
        {...common}
        value={draft}
        onChange={(next) => setDraft(String(next))}
        onBlur={() => commit(draft)}
      />
    );
  }
  return (
    <TextInput
      {...common}
      type={field.type === 'date' ? 'date' : 'text'}
      value={draft}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={() => commit(draft.trim())}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit(draft.trim());
      }}
    />
  );
}

export function CustomFieldsSection({
  ticket,
  readOnly,
  onChange,
}: {
  ticket: Ticket;
  readOnly: boolean;
  onChange: (changes: TicketChanges) => void;
}) {
  const fields = useCustomFields();
  const active = (fields.data ?? []).filter((field) => field.active);
  if (active.length === 0) return null;
  return (
    <PanelSection title="Custom fields">
      {active.map((field) => (
        <CustomFieldInput
          key={`${field.id}-${ticket.version}`}
          field={field}
          value={ticket.customFields[field.key]}
          readOnly={readOnly}
          onSave={(value) => onChange({ customFields: { [field.key]: value } })}
        />
      ))}
    </PanelSection>
  );
}

export function WatchersSection({ ticket }: { ticket: Ticket }) {
  const me = useMe();
  const staff = useStaff();
  const add = useTicketAction((userId: number) => ticketActions.addWatcher(ticket.id, userId), [ticket.id]);
  const remove = useTicketAction(
    (userId: number) => ticketActions.removeWatcher(ticket.id, userId),
    [ticket.id],
  );
  const watching = ticket.watchers.some((watcher) => watcher.id === me.id);
  const onError = (error: Error) => notifications.show({ color: 'red', message: errorMessage(error) });
  const candidates = (staff.data ?? []).filter(
    (user) => !ticket.watchers.some((watcher) => watcher.id === user.id),
  );
  return (
    <PanelSection title="Watchers">
      {ticket.watchers.length === 0 && (
        <Text size="xs" c="dimmed">
          Nobody is watching this ticket.
        </Text>
      )}
      {ticket.watchers.map((watcher) => (
        <Group key={watcher.id} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap">
            <Avatar size={20} radius="xl">
              {initials(watcher.name)}
            </Avatar>
            <Text size="sm">{watcher.name}</Text>
          </Group>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="gray"
            aria-label={`Remove ${watcher.name} from watchers`}
            onClick={() => remove.mutate(watcher.id, { onError })}
          >
            <IconX size={14} />
          </ActionIcon>
        </Group>
      ))}
      <Group gap={6} grow wrap="nowrap">
        <Select
          size="xs"
          placeholder="Add watcher"
          aria-label="Add watcher"
          data={candidates.map((user) => ({ value: String(user.id), label: user.name }))}
          value={null}
          searchable
          onChange={(value) => value && add.mutate(Number(value), { onError })}
        />
        <Button
          size="xs"
          variant="default"
          onClick={() => (watching ? remove.mutate(me.id, { onError }) : add.mutate(me.id, { onError }))}
        >
          {watching ? 'Unwatch' : 'Watch'}
        </Button>
      </Group>
    </PanelSection>
  );
}

function TicketLink({ ticket, onRemove }: { ticket: TicketRef; onRemove?: () => void }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
        <StatusBadge status={ticket.status} size="xs" />
        <Anchor component={Link} to={`/tickets/${ticket.id}`} size="sm" lineClamp={1}>
          #{ticket.id} {ticket.subject}
        </Anchor>
      </Group>
      {onRemove && (
        <ActionIcon
          size="sm"
          variant="subtle"
          color="gray"
          aria-label={`Remove relation to #${ticket.id}`}
          onClick={onRemove}
        >
          <IconX size={14} />
        </ActionIcon>
      )}
    </Group>
  );
}

export function LinksSection({
  ticket,
  onChange,
}: {
  ticket: Ticket;
  onChange: (changes: TicketChanges) => void;
}) {
  const [other, setOther] = useState('');
  const [relation, setRelation] = useState<string>('related');
  const link = useTicketAction((otherId: number) => ticketActions.link(ticket.id, otherId), [ticket.id]);
  const unlink = useTicketAction((otherId: number) => ticketActions.unlink(ticket.id, otherId), [ticket.id]);
  const onError = (error: Error) => notifications.show({ color: 'red', message: errorMessage(error) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = Number(other.replace('#', ''));
    if (!Number.isInteger(id) || id <= 0) return;
    if (relation === 'parent') onChange({ parentId: id });
    else link.mutate(id, { onError, onSuccess: () => setOther('') });
    setOther('');
  };
  return (
    <PanelSection title="Linked tickets">
      {ticket.parent && (
        <Stack gap={2}>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              Parent
            </Text>
            <Anchor component="button" size="xs" onClick={() => onChange({ parentId: null })}>
              Detach
            </Anchor>
          </Group>
          <TicketLink ticket={ticket.parent} />
        </Stack>
      )}
      {ticket.children.length > 0 && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Children
          </Text>
          {ticket.children.map((child) => (
            <TicketLink key={child.id} ticket={child} />
          ))}
        </Stack>
      )}
      {ticket.related.length > 0 && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Related
          </Text>
          {ticket.related.map((related) => (
            <TicketLink
              key={related.id}
              ticket={related}
              onRemove={() => unlink.mutate(related.id, { onError })}
            />
          ))}
        </Stack>
      )}
      {!ticket.parent && ticket.children.length === 0 && ticket.related.length === 0 && (
        <Text size="xs" c="dimmed">
          No linked tickets.
        </Text>
      )}
      <form onSubmit={submit}>
        <Group gap={6} wrap="nowrap" align="end">
          <Select
            size="xs"
            w={100}
            aria-label="Relation"
            data={[
              { value: 'related', label: 'Related' },
              { value: 'parent', label: 'Parent' },
            ]}
            value={relation}
            allowDeselect={false}
            onChange={(value) => setRelation(value ?? 'related')}
          />
          <TextInput
            size="xs"
            placeholder="#123"
            aria-label="Ticket number to link"
            value={other}
            onChange={(event) => setOther(event.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Tooltip label="Link ticket">
            <ActionIcon
              type="submit"
              size="input-xs"
              variant="default"
              aria-label="Link ticket"
              loading={link.isPending}
            >
              <IconLink size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </form>
    </PanelSection>
  );
}
