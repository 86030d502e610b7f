import {
  Alert,
  Box,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { useCategories, useCustomFields } from '../../api/directory';
import { useCreateTicket } from '../../api/tickets';
import type { CustomField, Level, TicketType } from '../../api/types';
import { RequestSuggestions } from '../knowledge/request-suggestions';
import { useAttachments } from '../tickets/use-attachments';
import { AttachmentDropzone } from './attachment-dropzone';

const KINDS: { value: TicketType; label: string }[] = [
  { value: 'question', label: 'I have a question' },
  { value: 'incident', label: 'Something is broken' },
  { value: 'service_request', label: 'I need something (access, hardware, …)' },
];
const URGENCY: { value: Level; label: string }[] = [
  { value: 'low', label: 'Low: it can wait' },
  { value: 'medium', label: 'Medium: it slows me down' },
  { value: 'high', label: 'High: I cannot work' },
  { value: 'critical', label: 'Critical: many people cannot work' },
];

function CustomFieldInput({
  field,
  value,
  onChange,
}: {
  field: CustomField;
  value: string;
  onChange: (value: string) => void;
}) {
  if (field.type === 'select') {
    return (
      <Select
        label={field.label}
        required={field.required}
        data={field.options}
        value={value || null}
        onChange={(next) => onChange(next ?? '')}
        clearable={!field.required}
      />
    );
  }
  return (
    <TextInput
      label={field.label}
      required={field.required}
      type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

export function NewRequestPage() {
  useDocumentTitle('New request · Tierline');
  const navigate = useNavigate();
  const create = useCreateTicket();
  const categories = useCategories();
  const attachments = useAttachments();
  const fields = useCustomFields();
  const [fieldValues, setFieldValues] = useState<Record<string, string>>({});
  const visibleFields = (fields.data ?? []).filter((field) => field.active && field.customerVisible);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [type, setType] = useState<TicketType>('question');
  const [urgency, setUrgency] = useState<Level>('medium');
  const [categoryId, setCategoryId] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        subject: subject.trim(),
        body: body.trim(),
        type,
        urgency,
        impact: urgency === 'critical' ? 'high' : 'low',
        categoryId: categoryId ? Number(categoryId) : undefined,
        attachmentIds: attachments.ids.length ? attachments.ids : undefined,
        customFields: visibleFields.length
          ? Object.fromEntries(
              visibleFields
                .filter((field) => fieldValues[field.key])
                .map((field) => [
                  field.key,
                  field.type === 'number' ? Number(fieldValues[field.key]) : (fieldValues[field.key] ?? ''),
                ]),
            )
          : undefined,
      },
      {
        onSuccess: (ticket) => {
          notifications.show({
            color: 'teal',
            message: `Request #${ticket.id} received. We will get back to you.`,
          });
          navigate(`/portal/requests/${ticket.id}`);
        },
      },
    );
  };

  return (
    <Box maw={760}>
      <Title order={1} size="h2">
        Open a request
      </Title>
      <Text c="dimmed" size="sm" mb="md">
        Tell us what happened and what you need. The more detail, the faster we can help.
      </Text>
      <Paper withBorder radius="md" p="lg">
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label="Subject"
              description="One line that sums it up"
              required
              value={subject}
              onChange={(event) => setSubject(event.currentTarget.value)}
              maxLength={500}
            />
            <Textarea
              label="Description"
              description="What happened, since when, what you already tried, error messages"
              required
              autosize
              minRows={6}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
            />
            <RequestSuggestions subject={subject} text={body} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Kind of request"
                data={KINDS}
                value={type}
                onChange={(value) => value && setType(value as TicketType)}
                allowDeselect={false}
              />
              <Select
                label="How urgent is it?"
                data={URGENCY}
                value={urgency}
                onChange={(value) => value && setUrgency(value as Level)}
                allowDeselect={false}
              />
              <Select
                label="Category"
                placeholder="Pick one if it fits"
                data={(categories.data ?? []).map((category) => ({
                  value: String(category.id),
                  label: category.name,
                }))}
                value={categoryId}
                onChange={setCategoryId}
                clearable
              />
            </SimpleGrid>
            {visibleFields.length > 0 && (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {visibleFields.map((field) => (
                  <CustomFieldInput
                    key={field.id}
                    field={field}
                    value={fieldValues[field.key] ?? ''}
                    onChange={(value) => setFieldValues((current) => ({ ...current, [field.key]: value }))}
                  />
                ))}
              </SimpleGrid>
            )}
            <AttachmentDropzone attachments={attachments} />
            {create.isError && (
              <Alert color="red" role="alert" title="Your request was not sent">
                {errorMessage(create.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => navigate('/portal')}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={!subject.trim() || !body.trim() || attachments.uploading}
              >
                Send request
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Box>
  );
}
