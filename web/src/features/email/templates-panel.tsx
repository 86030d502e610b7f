import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLanguage } from '@tabler/icons-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useSave } from '../../api/directory';
import {
  type EmailTemplate,
  emailApi,
  NOTIFICATION_KINDS,
  type NotificationKind,
  useEmailTemplates,
} from '../../api/email';
import { RelativeTime } from '../../lib/relative-time';
import { failed, QueryState, saved } from '../admin/admin-kit';
import { KIND_HINT, KIND_LABEL } from './email-labels';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i;

interface Editing {
  kind: NotificationKind;
  language: string;
  subject: string;
  body: string;
  /** An existing row (customised or built-in) rather than a new translation. */
  existing: EmailTemplate | null;
}

function TemplateModal({
  editing,
  variables,
  opened,
  onClose,
}: {
  editing: Editing | null;
  variables: string[];
  opened: boolean;
  onClose: () => void;
}) {
  const [kind, setKind] = useState<NotificationKind>('agent_reply');
  const [language, setLanguage] = useState('en');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const save = useSave(
    () => emailApi.saveTemplate(kind, language.trim().toLowerCase(), { subject, body }),
    ['email-templates'],
  );
  const preview = useSave(() => emailApi.previewTemplate({ kind, subject, body }), []);
  const { reset: resetPreview } = preview;
  const { reset: resetSave } = save;
  useEffect(() => {
    if (!opened || !editing) return;
    setKind(editing.kind);
    setLanguage(editing.language);
    setSubject(editing.subject);
    setBody(editing.body);
    resetPreview();
    resetSave();
  }, [opened, editing, resetPreview, resetSave]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        saved(`${KIND_LABEL[kind]} (${language}) saved`);
        onClose();
      },
    });
  };
  const insert = (variable: string) => {
    const token = `{{${variable}}}`;
    const area = bodyRef.current;
    const start = area?.selectionStart ?? body.length;
    const end = area?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + token + body.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  const languageValid = LANGUAGE_TAG.test(language.trim());
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing?.existing ? `Edit “${KIND_LABEL[kind]}” (${language})` : 'New translation'}
      size="xl"
    >
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={2}>
            <Select
              label="Notification"
              data={NOTIFICATION_KINDS.map((value) => ({ value, label: KIND_LABEL[value] }))}
              value={kind}
              allowDeselect={false}
              disabled={Boolean(editing?.existing)}
              onChange={(value) => value && setKind(value as NotificationKind)}
            />
            <TextInput
              label="Language"
              description="A language tag such as de, fr or pt-br; recipients get their first language that has one"
              required
              disabled={Boolean(editing?.existing)}
              value={language}
              error={language && !languageValid ? 'Use a language tag such as de or pt-br' : undefined}
              onChange={(e) => setLanguage(e.currentTarget.value)}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {KIND_HINT[kind]}. Tierline adds the ticket number [#…] to the subject when it is missing.
          </Text>
          <TextInput
            label="Subject"
            required
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            data-autofocus
          />
          <Textarea
            ref={bodyRef}
            label="Body"
            description="Plain text; blank lines make paragraphs in the HTML part"
            required
            autosize
            minRows={6}
            maxRows={16}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="template-variables">
              Variables (insert at the cursor)
            </Text>
            <Group gap={6} role="group" aria-labelledby="template-variables">
              {variables.map((variable) => (
                <UnstyledButton
                  key={variable}
                  onClick={() => insert(variable)}
                  aria-label={`Insert ${variable}`}
                >
                  <Code>{`{{${variable}}}`}</Code>
                </UnstyledButton>
              ))}
            </Group>
          </Stack>
          {preview.data && (
            <Paper withBorder radius="md" p="sm" component="section" aria-label="Preview">
              <Title order={3} size="h6" mb={4}>
                Preview with example values
              </Title>
              <Text size="sm" fw={600}>
                {preview.data.subject}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mt={6}>
                {preview.data.text}
              </Text>
            </Paper>
          )}
          {(save.isError || preview.isError) && (
            <Alert color="red" role="alert">
              {errorMessage(save.error ?? preview.error)}
            </Alert>
          )}
          <Group justify="space-between">
            <Button
              variant="default"
              loading={preview.isPending}
              disabled={!subject.trim() || !body.trim()}
              onClick={() => preview.mutate(undefined)}
            >
              Preview
            </Button>
            <Group>
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={save.isPending}
                disabled={!subject.trim() || !body.trim() || !languageValid}
              >
                Save
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function TemplatesPanel() {
  const templates = useEmailTemplates();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [opened, modal] = useDisclosure(false);
  const reset = useSave(
    (template: EmailTemplate) => emailApi.resetTemplate(template.kind, template.language),
    ['email-templates'],
  );
  const open = (value: Editing) => {
    setEditing(value);
    modal.open();
  };
  const rows = templates.data?.templates ?? [];
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          The mail Tierline sends on its own. Edit the built-in English text or add a translation.
        </Text>
        <Button
          leftSection={<IconLanguage size={16} />}
          onClick={() => {
            const english = rows.find((row) => row.kind === 'agent_reply' && row.language === 'en');
            open({
              kind: 'agent_reply',
              language: '',
              subject: english?.subject ?? '',
              body: english?.body ?? '',
              existing: null,
            });
          }}
        >
          New translation
        </Button>
      </Group>
      <QueryState query={templates}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="Notification templates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Notification</Table.Th>
                <Table.Th w={90}>Language</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th w={150}>Changed</Table.Th>
                <Table.Th w={170}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((template) => (
                <Table.Tr key={`${template.kind}-${template.language}`}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {KIND_LABEL[template.kind]}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {KIND_HINT[template.kind]}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm">
                      {template.language}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" lineClamp={1}>
                      {template.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {template.customised && template.updatedAt ? (
                      <Text size="xs">
                        <RelativeTime value={template.updatedAt} />
                      </Text>
                    ) : (
                      <Text size="xs" c="dimmed">
                        Built-in
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        aria-label={`Edit ${KIND_LABEL[template.kind]} (${template.language})`}
                        onClick={() => open({ ...template, existing: template })}
                      >
                        Edit
                      </Button>
                      {template.customised && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          aria-label={`Reset ${KIND_LABEL[template.kind]} (${template.language})`}
                          onClick={() =>
                            window.confirm(
                              template.language === 'en'
                                ? 'Go back to the built-in text?'
                                : `Remove the ${template.language} translation? English is sent instead.`,
                            ) &&
                            reset.mutate(template, {
                              onSuccess: () => saved('Template reset'),
                              onError: failed,
                            })
                          }
                        >
                          {template.language === 'en' ? 'Reset' : 'Remove'}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </QueryState>
      <TemplateModal
        editing={editing}
        variables={templates.data?.variables ?? []}
        opened={opened}
        onClose={modal.close}
      />
    </>
  );
}
