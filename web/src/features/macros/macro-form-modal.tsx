import {
  Alert,
  Box,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useStaff, useTeams } from '../../api/directory';
import {
  type Macro,
  type MacroActions,
  type ReplyVisibility,
  useDeleteMacro,
  useMacroVariables,
  useSaveMacro,
} from '../../api/macros';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../api/types';
import { useMe } from '../../auth/session';
import { PRIORITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '../../lib/labels';
import { saved } from '../admin/admin-kit';
import { errorUnder, fieldErrors } from '../playbooks/field-errors';
import { renderSample, unknownVariables } from './macro-text';

const ME = 'me';
const NOBODY = 'none';

const normaliseTags = (tags: string[]) => [
  ...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean)),
];

/** Create, edit (or, for shared macros others manage, read) a macro, with its variables and a preview. */
export function MacroFormModal({
  macro,
  opened,
  readOnly,
  canShare,
  onClose,
}: {
  macro: Macro | null;
  opened: boolean;
  readOnly: boolean;
  canShare: boolean;
  onClose: () => void;
}) {
  const me = useMe();
  const variables = useMacroVariables(opened);
  const teams = useTeams(opened);
  const staff = useStaff(opened);
  const save = useSaveMacro();
  const remove = useDeleteMacro();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<ReplyVisibility>('public');
  const [shared, setShared] = useState(false);
  const [active, setActive] = useState(true);
  const [actions, setActions] = useState<MacroActions>({});

  useEffect(() => {
    if (!opened) return;
    setTitle(macro?.title ?? '');
    setDescription(macro?.description ?? '');
    setBody(macro?.body ?? '');
    setVisibility(macro?.replyVisibility ?? 'public');
    setShared(macro?.shared ?? false);
    setActive(macro?.active ?? true);
    setActions(macro?.actions ?? {});
    save.reset();
  }, [opened, macro, save.reset]);

  const known = (variables.data ?? []).map((variable) => variable.name);
  const unknown = variables.data ? unknownVariables(body, known) : [];
  const errors = fieldErrors(save.error);
  const serverBodyError =
    save.error instanceof ApiError && save.error.code === 'unknown_variable' ? save.error.message : undefined;
  const otherError =
    save.isError && errors.size === 0 && !serverBodyError ? errorMessage(save.error) : undefined;

  const insertVariable = (name: string) => {
    const element = bodyRef.current;
    const token = `{{${name}}}`;
    const start = element?.selectionStart ?? body.length;
    const end = element?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + token + body.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const setAction = <K extends keyof MacroActions>(key: K, value: MacroActions[K] | undefined) =>
    setActions((current) => {
      const next = { ...current };
      if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
      else next[key] = value;
      return next;
    });

  const assigneeValue = actions.assignToMe
    ? ME
    : actions.assigneeId === null
      ? NOBODY
      : actions.assigneeId === undefined
        ? null
        : String(actions.assigneeId);
  const teamValue =
    actions.teamId === null ? NOBODY : actions.teamId === undefined ? null : String(actions.teamId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    save.mutate(
      {
        id: macro?.id ?? null,
        input: {
          title: title.trim(),
          description: description.trim(),
          body,
          replyVisibility: visibility,
          actions,
          active,
          ...(macro ? {} : { shared }),
        },
      },
      {
        onSuccess: () => {
          saved(`Macro “${title.trim()}” saved`);
          onClose();
        },
      },
    );
  };

  const destroy = () => {
    if (!macro || !window.confirm(`Delete the macro “${macro.title}”?`)) return;
    remove.mutate(macro.id, {
      onSuccess: () => {
        saved(`Macro “${macro.title}” deleted`);
        onClose();
      },
    });
  };

  const heading = readOnly ? macro?.title : macro ? `Edit “${macro.title}”` : 'New macro';
  return (
    <Modal opened={opened} onClose={onClose} title={heading} size="xl">
      <form onSubmit={submit}>
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack>
            {readOnly && (
              <Alert color="gray">Shared macros are managed by supervisors; you can use this one.</Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Title"
                required
                data-autofocus
                value={title}
                onChange={(event) => setTitle(event.currentTarget.value)}
                error={errors.get('title')}
              />
              <TextInput
                label="Description"
                description="When to use it"
                value={description}
                onChange={(event) => setDescription(event.currentTarget.value)}
                error={errors.get('description')}
              />
            </SimpleGrid>
            <Group gap="lg">
              <Stack gap={4}>
                <Text size="sm" fw={500} id="macro-visibility-label">
                  Writes
                </Text>
                <SegmentedControl
                  aria-labelledby="macro-visibility-label"
                  value={visibility}
                  onChange={(value) => setVisibility(value as ReplyVisibility)}
                  data={[
                    { value: 'public', label: 'A public reply' },
                    { value: 'internal', label: 'An internal note' },
                  ]}
                />
              </Stack>
              {!macro && canShare && (
                <Checkbox
                  label="Shared with all staff"
                  checked={shared}
                  onChange={(event) => setShared(event.currentTarget.checked)}
                />
              )}
              {macro && (
                <Switch
                  label="Active (offered in the composer)"
                  checked={active}
                  onChange={(event) => setActive(event.currentTarget.checked)}
                />
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <Textarea
                ref={bodyRef}
                label="Text"
                description="Variables in {{double braces}} are filled in for each ticket"
                autosize
                minRows={7}
                maxRows={16}
                value={body}
                onChange={(event) => setBody(event.currentTarget.value)}
                error={
                  errors.get('body') ??
                  serverBodyError ??
                  (unknown.length ? `Unknown variables: ${unknown.join(', ')}` : undefined)
                }
              />
              <Paper withBorder p="xs" radius="md" component="section" aria-labelledby="macro-variables">
                <Title order={2} size="h6" id="macro-variables" mb={4}>
                  Variables
                </Title>
                <ScrollArea.Autosize mah={220} type="auto">
                  <Stack gap={0}>
                    {(variables.data ?? []).map((variable) => (
                      <UnstyledButton
                        key={variable.name}
                        onClick={() => insertVariable(variable.name)}
                        disabled={readOnly}
                        aria-label={`Insert ${variable.name}: ${variable.description}`}
                        display="block"
                        w="100%"
                        px={6}
                        py={3}
                      >
                        <Group gap={6} wrap="nowrap" justify="space-between">
                          <Text span size="xs" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                            {`{{${variable.name}}}`}
                          </Text>
                          <Text size="xs" c="dimmed" ta="right">
                            {variable.description}
                          </Text>
                        </Group>
                      </UnstyledButton>
                    ))}
                  </Stack>
                </ScrollArea.Autosize>
              </Paper>
            </SimpleGrid>
            <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="macro-preview">
              <Title order={2} size="h6" id="macro-preview">
                Preview
              </Title>
              <Text size="xs" c="dimmed" mb={6}>
                As it reads on an example ticket, applied by you
              </Text>
              <Box style={{ whiteSpace: 'pre-wrap' }} data-testid="macro-preview">
                <Text size="sm">
                  {body.trim() ? renderSample(body, me, known) : 'No text: the macro only changes fields.'}
                </Text>
              </Box>
            </Paper>
            <Title order={2} size="h6">
              Field changes
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Status"
                placeholder="No change"
                clearable
                data={TICKET_STATUSES.filter((status) => status !== 'new').map((status) => ({
                  value: status,
                  label: STATUS_LABEL[status],
                }))}
                value={actions.status ?? null}
                onChange={(value) => setAction('status', (value as MacroActions['status']) ?? undefined)}
              />
              <Select
                label="Priority"
                placeholder="No change"
                clearable
                data={PRIORITIES.map((priority) => ({ value: priority, label: PRIORITY_LABEL[priority] }))}
                value={actions.priority ?? null}
                onChange={(value) => setAction('priority', (value as MacroActions['priority']) ?? undefined)}
              />
              <Select
                label="Type"
                placeholder="No change"
                clearable
                data={TICKET_TYPES.map((type) => ({ value: type, label: TYPE_LABEL[type] }))}
                value={actions.type ?? null}
                onChange={(value) => setAction('type', (value as MacroActions['type']) ?? undefined)}
              />
              <Select
                label="Team"
                placeholder="No change"
                clearable
                searchable
                data={[
                  { value: NOBODY, label: 'No team' },
                  ...(teams.data ?? []).map((team) => ({
                    value: String(team.id),
                    label: `${team.name} · Tier ${team.tier}`,
                  })),
                ]}
                value={teamValue}
                onChange={(value) =>
                  setAction('teamId', value === null ? undefined : value === NOBODY ? null : Number(value))
                }
                error={errors.get('actions.teamId')}
              />
              <Select
                label="Assignee"
                placeholder="No change"
                clearable
                searchable
                data={[
                  { value: ME, label: 'Whoever applies the macro' },
                  { value: NOBODY, label: 'Unassigned' },
                  ...(staff.data ?? []).map((user) => ({ value: String(user.id), label: user.name })),
                ]}
                value={assigneeValue}
                onChange={(value) =>
                  setActions((current) => {
                    const { assignToMe: _me, assigneeId: _id, ...rest } = current;
                    if (value === ME) return { ...rest, assignToMe: true };
                    if (value === NOBODY) return { ...rest, assigneeId: null };
                    return value === null ? rest : { ...rest, assigneeId: Number(value) };
                  })
                }
              />
              <div />
              <TagsInput
                label="Add tags"
                value={actions.addTags ?? []}
                onChange={(tags) => setAction('addTags', normaliseTags(tags))}
                splitChars={[',', ' ']}
                error={errorUnder(errors, 'actions.addTags')}
              />
              <TagsInput
                label="Remove tags"
                value={actions.removeTags ?? []}
                onChange={(tags) => setAction('removeTags', normaliseTags(tags))}
                splitChars={[',', ' ']}
                error={errorUnder(errors, 'actions.removeTags')}
              />
            </SimpleGrid>
            {otherError && (
              <Alert color="red" role="alert" title="Not saved">
                {otherError}
              </Alert>
            )}
            {remove.isError && (
              <Alert color="red" role="alert" title="Not deleted">
                {errorMessage(remove.error)}
              </Alert>
            )}
          </Stack>
        </fieldset>
        <Group justify="space-between" mt="md">
          <div>
            {macro && !readOnly && (
              <Button variant="subtle" color="red" onClick={destroy} loading={remove.isPending}>
                Delete
              </Button>
            )}
          </div>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {readOnly ? 'Close' : 'Cancel'}
            </Button>
            {!readOnly && (
              <Button type="submit" loading={save.isPending} disabled={!title.trim() || unknown.length > 0}>
                Save macro
              </Button>
            )}
          </Group>
        </Group>
      </form>
    </Modal>
  );
}
