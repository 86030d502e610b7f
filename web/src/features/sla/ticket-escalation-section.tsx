import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBug, IconBuildingFactory2 } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import {
  type BugState,
  sla,
  useIntegrations,
  useTicketEscalation,
  useTicketEscalationAction,
  type VendorEscalation,
} from '../../api/sla';
import type { Ticket } from '../../api/types';
import { RelativeTime } from '../../lib/relative-time';
import { PanelSection } from '../tickets/panel-section';
import { formatDuration } from './sla-format';

const BUG_STATE: Record<BugState, { label: string; color: string }> = {
  pending: { label: 'Sending', color: 'gray' },
  open: { label: 'Open', color: 'blue' },
  in_progress: { label: 'In progress', color: 'violet' },
  fixed: { label: 'Fixed', color: 'teal' },
  closed: { label: 'Closed', color: 'teal' },
  wont_fix: { label: "Won't fix", color: 'orange' },
  failed: { label: 'Not delivered', color: 'red' },
};

function CreateBugModal({
  ticket,
  opened,
  onClose,
}: {
  ticket: Ticket;
  opened: boolean;
  onClose: () => void;
}) {
  const integrations = useIntegrations(opened);
  const active = (integrations.data ?? []).filter((integration) => integration.active);
  const [mode, setMode] = useState<'create' | 'link'>('create');
  const [integrationId, setIntegrationId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [externalId, setExternalId] = useState('');
  const [url, setUrl] = useState('');
  const create = useTicketEscalationAction(ticket.id, () =>
    sla.createBug(ticket.id, {
      integrationId: Number(integrationId),
      ...(mode === 'create'
        ? { title: title.trim() || undefined, description: description.trim() || undefined }
        : { externalId: externalId.trim(), url: url.trim() || undefined, title: title.trim() || undefined }),
    }),
  );
  useEffect(() => {
    if (!opened) return;
    setTitle(ticket.subject);
    setDescription('');
    setExternalId('');
    setUrl('');
    create.reset();
  }, [opened, ticket.subject, create.reset]);
  useEffect(() => {
    if (opened && !integrationId && active[0]) setIntegrationId(String(active[0].id));
  }, [opened, integrationId, active]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, {
      onSuccess: (bug) => {
        notifications.show({
          color: 'teal',
          message: mode === 'create' ? `Bug requested in ${bug.integration.name}` : 'Bug linked',
        });
        onClose();
      },
    });
  };
  const valid = Boolean(integrationId) && (mode === 'create' ? title.trim() : externalId.trim());
  return (
    <Modal opened={opened} onClose={onClose} title="Escalate to development" size="lg">
      <form onSubmit={submit}>
        <Stack>
          {integrations.isSuccess && active.length === 0 && (
            <Alert color="gray">
              No tracker is connected yet. An admin adds one under Administration → Dev trackers.
            </Alert>
          )}
          <SegmentedControl
            aria-label="Create or link"
            value={mode}
            onChange={(value) => setMode(value as 'create' | 'link')}
            data={[
              { value: 'create', label: 'Create a bug' },
              { value: 'link', label: 'Link an existing bug' },
            ]}
          />
          <Select
            label="Tracker"
            required
            data={active.map((integration) => ({
              value: String(integration.id),
              label: `${integration.name} (${integration.kind})`,
            }))}
            value={integrationId}
            onChange={setIntegrationId}
            allowDeselect={false}
          />
          <TextInput
            label="Title"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            required={mode === 'create'}
          />
          {mode === 'create' ? (
            <Textarea
              label="Description"
              description="Sent with the ticket summary; leave empty to send only the summary"
              autosize
              minRows={3}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
          ) : (
            <>
              <TextInput
                label="Bug id in the tracker"
                required
                value={externalId}
                onChange={(e) => setExternalId(e.currentTarget.value)}
              />
              <TextInput
                label="Link"
                type="url"
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
              />
            </>
          )}
          {create.isError && (
            <Alert color="red" role="alert" title="Not escalated">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!valid}
              leftSection={<IconBug size={16} />}
            >
              {mode === 'create' ? 'Create bug' : 'Link bug'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function VendorModal({ ticket, opened, onClose }: { ticket: Ticket; opened: boolean; onClose: () => void }) {
  const [vendorName, setVendorName] = useState('');
  const [vendorReference, setVendorReference] = useState('');
  const start = useTicketEscalationAction(ticket.id, () =>
    sla.startVendorEscalation(ticket.id, {
      vendorName: vendorName.trim(),
      vendorReference: vendorReference.trim(),
    }),
  );
  useEffect(() => {
    if (!opened) return;
    setVendorName('');
    setVendorReference('');
    start.reset();
  }, [opened, start.reset]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(undefined, {
      onSuccess: (row) => {
        notifications.show({
          color: 'teal',
          message: `Waiting on ${row.vendorName} (${row.vendorReference})`,
        });
        onClose();
      },
    });
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Escalate to a vendor (Tier 4)">
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            The time spent waiting on the vendor is recorded until you close the escalation.
          </Text>
          <TextInput
            label="Vendor"
            required
            data-autofocus
            value={vendorName}
            onChange={(e) => setVendorName(e.currentTarget.value)}
          />
          <TextInput
            label="Vendor's reference"
            description="Their case or ticket number"
            required
            value={vendorReference}
            onChange={(e) => setVendorReference(e.currentTarget.value)}
          />
          {start.isError && (
            <Alert color="red" role="alert" title="Not escalated">
              {errorMessage(start.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={start.isPending}
              disabled={!vendorName.trim() || !vendorReference.trim()}
              leftSection={<IconBuildingFactory2 size={16} />}
            >
              Escalate to vendor
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CloseVendorModal({
  ticketId,
  escalation,
  onClose,
}: {
  ticketId: number;
  escalation: VendorEscalation | null;
  onClose: () => void;
}) {
  const [outcome, setOutcome] = useState('');
  const close = useTicketEscalationAction(ticketId, (id: number) =>
    sla.closeVendorEscalation(id, outcome.trim()),
  );
  useEffect(() => {
    if (escalation) setOutcome('');
  }, [escalation]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!escalation) return;
    close.mutate(escalation.id, {
      onSuccess: (row) => {
        notifications.show({
          color: 'teal',
          message: `${row.vendorName} answered after ${formatDuration(row.waitingMinutes)}`,
        });
        onClose();
      },
    });
  };
  return (
    <Modal
      opened={escalation !== null}
      onClose={onClose}
      title={`${escalation?.vendorName ?? 'Vendor'} has answered`}
    >
      <form onSubmit={submit}>
        <Stack>
          <Textarea
            label="What the vendor answered or did"
            autosize
            minRows={3}
            data-autofocus
            value={outcome}
            onChange={(e) => setOutcome(e.currentTarget.value)}
          />
          {close.isError && (
            <Alert color="red" role="alert">
              {errorMessage(close.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={close.isPending}>
              Stop waiting
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Escalation beyond the tiers: bugs in a dev tracker and vendor (Tier 4) cases, with their state. */
export function TicketEscalationSection({ ticket, readOnly }: { ticket: Ticket; readOnly: boolean }) {
  const overview = useTicketEscalation(ticket.id);
  const [bugOpen, bugModal] = useDisclosure(false);
  const [vendorOpen, vendorModal] = useDisclosure(false);
  const [closing, setClosing] = useState<VendorEscalation | null>(null);
  const data = overview.data;
  return (
    <PanelSection title="Development and vendors">
      {overview.isError && (
        <Text size="xs" c="dimmed">
          Escalations could not be loaded: {errorMessage(overview.error)}
        </Text>
      )}
      {data && data.bugs.length === 0 && data.vendorEscalations.length === 0 && (
        <Text size="xs" c="dimmed">
          No bug or vendor case yet.
        </Text>
      )}
      {data?.bugs.map((bug) => (
        <Group key={bug.id} gap={6} wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <IconBug size={14} aria-hidden="true" />
            {bug.url ? (
              <Anchor href={bug.url} target="_blank" rel="noreferrer" size="sm" lineClamp={1}>
                {bug.externalId ? `${bug.externalId} ` : ''}
                {bug.title}
              </Anchor>
            ) : (
              <Text size="sm" lineClamp={1}>
                {bug.title}
              </Text>
            )}
          </Group>
          <Badge
            size="xs"
            variant="light"
            color={BUG_STATE[bug.state].color}
            title={bug.lastError ?? undefined}
          >
            {BUG_STATE[bug.state].label}
          </Badge>
        </Group>
      ))}
      {data?.vendorEscalations.map((vendor) => (
        <Stack key={vendor.id} gap={0}>
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <IconBuildingFactory2 size={14} aria-hidden="true" />
              <Text size="sm" lineClamp={1}>
                {vendor.vendorName} · {vendor.vendorReference}
              </Text>
            </Group>
            {vendor.endedAt ? (
              <Badge size="xs" variant="light" color="teal">
                Answered
              </Badge>
            ) : (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => setClosing(vendor)}
                disabled={readOnly}
              >
                Answered…
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {vendor.endedAt ? 'Waited' : 'Waiting'} {formatDuration(vendor.waitingMinutes)}
            {vendor.endedAt ? '' : ', since '}
            {vendor.endedAt ? '' : <RelativeTime value={vendor.startedAt} />}
          </Text>
        </Stack>
      ))}
      {data && data.vendorEscalations.length > 1 && (
        <Text size="xs" c="dimmed">
          Waiting on vendors in all: {formatDuration(data.totalVendorWaitingMinutes)}
        </Text>
      )}
      <Group gap={6} grow>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconBug size={14} />}
          onClick={bugModal.open}
          disabled={readOnly}
        >
          Create bug…
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconBuildingFactory2 size={14} />}
          onClick={vendorModal.open}
          disabled={readOnly}
        >
          Vendor…
        </Button>
      </Group>
      <CreateBugModal ticket={ticket} opened={bugOpen} onClose={bugModal.close} />
      <VendorModal ticket={ticket} opened={vendorOpen} onClose={vendorModal.close} />
      <CloseVendorModal ticketId={ticket.id} escalation={closing} onClose={() => setClosing(null)} />
    </PanelSection>
  );
}
