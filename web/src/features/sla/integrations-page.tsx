import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import {
  type IntegrationChoice,
  sla,
  slaKeys,
  TRACKER_KINDS,
  type TrackerIntegration,
  type TrackerKind,
  useIntegrations,
  useSlaSave,
} from '../../api/sla';
import { AdminHeader, failed, QueryState, saved } from '../admin/admin-kit';

const KIND_LABEL: Record<TrackerKind, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  jira: 'Jira',
  generic: 'Other (webhook)',
};

function Secret({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" w={120}>
        {label}
      </Text>
      <Code style={{ flex: 1, overflowWrap: 'anywhere' }}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button
            size="compact-xs"
            variant="default"
            onClick={copy}
            aria-label={`Copy ${label.toLowerCase()}`}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/** Secrets are shown once, in the answer that set them. */
function RevealedSecrets({ integration }: { integration: TrackerIntegration }) {
  if (!integration.signingSecret || !integration.inboundSecret) return null;
  return (
    <Alert color="yellow" title="Copy the secrets now: they are not shown again" role="status">
      <Stack gap={6}>
        <Secret label="Signing secret" value={integration.signingSecret} />
        <Secret label="Inbound secret" value={integration.inboundSecret} />
        <Secret label="Inbound URL" value={`${window.location.origin}${integration.inboundPath}`} />
      </Stack>
    </Alert>
  );
}

function IntegrationModal({
  choice,
  opened,
  onClose,
}: {
  choice: IntegrationChoice | null;
  opened: boolean;
  onClose: () => void;
}) {
  const detail = useQuery({
    queryKey: [...slaKeys.integrations, choice?.id],
    queryFn: () => sla.getIntegration(choice!.id),
    enabled: opened && choice !== null,
    retry: false,
  });
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TrackerKind>('github');
  const [outboundUrl, setOutboundUrl] = useState('');
  const [active, setActive] = useState(true);
  const [revealed, setRevealed] = useState<TrackerIntegration | null>(null);
  useEffect(() => {
    if (!opened) return;
    setRevealed(null);
    if (!choice) {
      setName('');
      setKind('github');
      setOutboundUrl('');
      setActive(true);
    }
  }, [opened, choice]);
  useEffect(() => {
    if (!detail.data) return;
    setName(detail.data.name);
    setKind(detail.data.kind);
    setOutboundUrl(detail.data.outboundUrl);
    setActive(detail.data.active);
  }, [detail.data]);
  const save = useSlaSave(
    (regenerate: boolean) => {
      const body = { name: name.trim(), kind, outboundUrl: outboundUrl.trim(), active };
      if (!choice) return sla.createIntegration(body);
      return sla.updateIntegration(choice.id, regenerate ? { regenerateSecrets: true } : body);
    },
    [slaKeys.integrations],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(false, {
      onSuccess: (result) => {
        saved(`${result.name} saved`);
        if (result.signingSecret) setRevealed(result);
        else onClose();
      },
    });
  };
  const current = revealed ?? detail.data;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={choice ? `Edit ${choice.name}` : 'New dev tracker'}
      size="lg"
    >
      <form onSubmit={submit}>
        <Stack>
          {revealed && <RevealedSecrets integration={revealed} />}
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label="Tracker"
            data={TRACKER_KINDS.map((value) => ({ value, label: KIND_LABEL[value] }))}
            value={kind}
            allowDeselect={false}
            onChange={(value) => value && setKind(value as TrackerKind)}
          />
          <TextInput
            label="Outbound URL"
            description="Tierline POSTs new bugs here as JSON, signed with X-Tierline-Signature (HMAC-SHA256)"
            type="url"
            required
            value={outboundUrl}
            onChange={(e) => setOutboundUrl(e.currentTarget.value)}
          />
          <Switch
            label="Active (staff can create bugs in it)"
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
          />
          {current && !revealed && (
            <Text size="sm" c="dimmed">
              Inbound URL for status updates: <Code>{`${window.location.origin}${current.inboundPath}`}</Code>{' '}
              · secrets start with <Code>{current.secretHints.signing}</Code> and{' '}
              <Code>{current.secretHints.inbound}</Code>
            </Text>
          )}
          {save.isError && (
            <Alert color="red" role="alert" title="Not saved">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="space-between">
            {choice ? (
              <Button
                variant="subtle"
                color="orange"
                loading={save.isPending && save.variables === true}
                onClick={() =>
                  window.confirm('New secrets stop the old ones from working. Continue?') &&
                  save.mutate(true, { onSuccess: (result) => setRevealed(result) })
                }
              >
                New secrets
              </Button>
            ) : (
              <span />
            )}
            <Group>
              <Button variant="default" onClick={onClose}>
                {revealed ? 'Done' : 'Cancel'}
              </Button>
              {!revealed && (
                <Button
                  type="submit"
                  loading={save.isPending && save.variables === false}
                  disabled={!name.trim() || !outboundUrl.trim()}
                >
                  Save
                </Button>
              )}
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function IntegrationsPage() {
  useDocumentTitle('Dev trackers · Administration · Tierline');
  const integrations = useIntegrations();
  const [editing, setEditing] = useState<IntegrationChoice | null>(null);
  const [opened, modal] = useDisclosure(false);
  const remove = useSlaSave((id: number) => sla.deleteIntegration(id), [slaKeys.integrations]);
  const open = (choice: IntegrationChoice | null) => {
    setEditing(choice);
    modal.open();
  };
  return (
    <>
      <AdminHeader
        title="Dev trackers"
        description="Escalation to development: staff create or link bugs in these trackers, which report the bug's state back."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
            New tracker
          </Button>
        }
      />
      <QueryState query={integrations}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="Dev trackers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Tracker</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th w={130}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(integrations.data ?? []).map((integration) => (
                <Table.Tr key={integration.id}>
                  <Table.Td fw={500}>{integration.name}</Table.Td>
                  <Table.Td>{KIND_LABEL[integration.kind]}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={integration.active ? 'teal' : 'gray'}>
                      {integration.active ? 'Active' : 'Inactive'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => open(integration)}
                        aria-label={`Edit ${integration.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${integration.name}`}
                        onClick={() =>
                          window.confirm(`Delete the tracker "${integration.name}"?`) &&
                          remove.mutate(integration.id, {
                            onSuccess: () => saved(`${integration.name} deleted`),
                            onError: failed,
                          })
                        }
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {integrations.data?.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              No tracker connected yet.
            </Text>
          )}
        </Paper>
      </QueryState>
      <IntegrationModal choice={editing} opened={opened} onClose={modal.close} />
    </>
  );
}
