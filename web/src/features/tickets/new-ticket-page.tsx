import {
  Alert,
  Box,
  Button,
  FileButton,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPaperclip } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { useCategories, useStaff, useTeams } from '../../api/directory';
import { useCreateTicket } from '../../api/tickets';
import type { Channel, Level, TicketType } from '../../api/types';
import { CHANNELS, LEVELS, TICKET_TYPES } from '../../api/types';
import { CHANNEL_LABEL, LEVEL_LABEL, TYPE_LABEL } from '../../lib/labels';
import { AttachmentChips } from './attachment-chips';
import { useAttachments, useFileDrop } from './use-attachments';

/** An agent logs a call, chat or walk-in as a ticket on behalf of the requester. */
export function NewTicketPage() {
  useDocumentTitle('New ticket · Tierline');
  const navigate = useNavigate();
  const create = useCreateTicket();
  const staff = useStaff();
  const teams = useTeams();
  const categories = useCategories();
  const attachments = useAttachments();
  const drop = useFileDrop(attachments.add);
  const [form, setForm] = useState({
    requesterEmail: '',
    requesterName: '',
    subject: '',
    body: '',
    channel: 'phone' as Channel,
    type: 'incident' as TicketType,
    impact: 'medium' as Level,
    urgency: 'medium' as Level,
    teamId: null as string | null,
    assigneeId: null as string | null,
    categoryId: null as string | null,
    tags: [] as string[],
  });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        subject: form.subject.trim(),
        body: form.body.trim(),
        requesterEmail: form.requesterEmail.trim() || undefined,
        requesterName: form.requesterName.trim() || undefined,
        channel: form.channel,
        type: form.type,
        impact: form.impact,
        urgency: form.urgency,
        teamId: form.teamId ? Number(form.teamId) : undefined,
        assigneeId: form.assigneeId ? Number(form.assigneeId) : undefined,
        categoryId: form.categoryId ? Number(form.categoryId) : undefined,
        tags: form.tags.length ? form.tags.map((tag) => tag.toLowerCase()) : undefined,
        attachmentIds: attachments.ids.length ? attachments.ids : undefined,
      },
      {
        onSuccess: (ticket) => {
          notifications.show({ color: 'teal', message: `Ticket #${ticket.id} created` });
          navigate(`/tickets/${ticket.id}`);
        },
      },
    );
  };

  return (
    <Box p="md" maw={860}>
      <Title order={1} size="h3" mb={4}>
        New ticket
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        Log a call, chat or visit for a customer. Leave the requester empty to open it for yourself.
      </Text>
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={submit}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Requester email"
                type="email"
                value={form.requesterEmail}
                onChange={(event) => set('requesterEmail', event.currentTarget.value)}
                description="New people are added as customers"
              />
              <TextInput
                label="Requester name"
                value={form.requesterName}
                onChange={(event) => set('requesterName', event.currentTarget.value)}
              />
            </SimpleGrid>
            <TextInput
              label="Subject"
              required
              value={form.subject}
              onChange={(event) => set('subject', event.currentTarget.value)}
            />
            <Box {...drop.handlers} pos="relative">
              {drop.dragging && <div className="drop-overlay">Drop files to attach</div>}
              <Textarea
                label="Description"
                required
                autosize
                minRows={6}
                value={form.body}
                onChange={(event) => set('body', event.currentTarget.value)}
              />
            </Box>
            <Group gap="sm">
              <FileButton onChange={(files) => attachments.add(files)} multiple>
                {(props) => (
                  <Button {...props} variant="default" size="xs" leftSection={<IconPaperclip size={14} />}>
                    Attach files
                  </Button>
                )}
              </FileButton>
              <AttachmentChips items={attachments.items} onRemove={attachments.remove} />
            </Group>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <Select
                label="Channel"
                data={CHANNELS.map((value) => ({ value, label: CHANNEL_LABEL[value] }))}
                value={form.channel}
                onChange={(value) => value && set('channel', value as Channel)}
                allowDeselect={false}
              />
              <Select
                label="Type"
                data={TICKET_TYPES.map((value) => ({ value, label: TYPE_LABEL[value] }))}
                value={form.type}
                onChange={(value) => value && set('type', value as TicketType)}
                allowDeselect={false}
              />
              <Select
                label="Impact"
                data={LEVELS.map((value) => ({ value, label: LEVEL_LABEL[value] }))}
                value={form.impact}
                onChange={(value) => value && set('impact', value as Level)}
                allowDeselect={false}
              />
              <Select
                label="Urgency"
                data={LEVELS.map((value) => ({ value, label: LEVEL_LABEL[value] }))}
                value={form.urgency}
                onChange={(value) => value && set('urgency', value as Level)}
                allowDeselect={false}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Team"
                clearable
                data={(teams.data ?? []).map((team) => ({
                  value: String(team.id),
                  label: `${team.name} · Tier ${team.tier}`,
                }))}
                value={form.teamId}
                onChange={(value) => set('teamId', value)}
              />
              <Select
                label="Assignee"
                clearable
                searchable
                data={(staff.data ?? []).map((user) => ({ value: String(user.id), label: user.name }))}
                value={form.assigneeId}
                onChange={(value) => set('assigneeId', value)}
              />
              <Select
                label="Category"
                clearable
                data={(categories.data ?? []).map((category) => ({
                  value: String(category.id),
                  label: category.name,
                }))}
                value={form.categoryId}
                onChange={(value) => set('categoryId', value)}
              />
            </SimpleGrid>
            <TagsInput label="Tags" value={form.tags} onChange={(tags) => set('tags', tags)} />
            {create.isError && (
              <Alert color="red" role="alert" title="Not created">
                {errorMessage(create.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => navigate(-1)}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={!form.subject.trim() || !form.body.trim() || attachments.uploading}
              >
                Create ticket
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Box>
  );
}
