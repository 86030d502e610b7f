import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useBlocker, useParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { useTeams } from '../../api/directory';
import {
  type Playbook,
  type PlaybookDefinition,
  playbookEditing,
  usePlaybook,
  usePlaybookWrite,
  usePublishedArticles,
} from '../../api/playbooks';
import { useMe } from '../../auth/session';
import { QueryState, saved } from '../admin/admin-kit';
import {
  cleanDefinition,
  freeId,
  publishProblems,
  renameOutcome,
  renameStep,
  starterDefinition,
} from './definition-editing';
import { fieldErrors } from './field-errors';
import { OutcomeCard } from './outcome-card';
import { canEditPlaybooks } from './permissions';
import { StepCard } from './step-card';
import { VersionsPanel } from './versions-panel';

/** Field errors under one part of the definition, keyed relative to it. */
function scoped(errors: Map<string, string>, prefix: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const [path, message] of errors) {
    if (path.startsWith(`${prefix}.`)) result.set(path.slice(prefix.length + 1), message);
    else if (path === prefix) result.set('', message);
  }
  return result;
}

export default function PlaybookEditorPage() {
  const me = useMe();
  const id = Number(useParams().playbookId);
  const playbook = usePlaybook(id);
  useDocumentTitle(playbook.data ? `${playbook.data.name} · Playbooks · Tierline` : 'Playbook · Tierline');
  if (!canEditPlaybooks(me.role)) {
    return (
      <Box p="lg" maw={720}>
        <Alert color="gray" title="Playbooks are edited by supervisors">
          You run playbooks from a ticket: “Start a playbook…” in its side panel.
        </Alert>
      </Box>
    );
  }
  return (
    <Box p="lg" maw={1280}>
      <Anchor component={Link} to="/playbooks" size="sm">
        ← All playbooks
      </Anchor>
      <QueryState query={playbook}>
        {playbook.data && <Editor key={playbook.data.id} playbook={playbook.data} />}
      </QueryState>
    </Box>
  );
}

function Editor({ playbook }: { playbook: Playbook }) {
  const teams = useTeams();
  const articles = usePublishedArticles();
  const [definition, setDefinition] = useState<PlaybookDefinition>(
    () => playbook.draft ?? playbook.definition ?? starterDefinition(),
  );
  const [dirty, setDirty] = useState(false);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm('Leave this playbook? Changes that are not saved as a draft or published are lost.'))
      blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const [note, setNote] = useState('');
  const saveDraft = usePlaybookWrite((input: PlaybookDefinition) =>
    playbookEditing.saveDraft(playbook.id, cleanDefinition(input)),
  );
  const publish = usePlaybookWrite((input: { definition: PlaybookDefinition; note: string }) =>
    playbookEditing.publish(playbook.id, cleanDefinition(input.definition), input.note),
  );
  const defaultTeam = useMemo(
    () => (teams.data ?? []).find((team) => team.tier >= 2)?.id ?? teams.data?.[0]?.id ?? 0,
    [teams.data],
  );
  // A new playbook's starter escalates to the first higher-tier team until the editor picks another.
  useEffect(() => {
    if (!defaultTeam) return;
    setDefinition((current) => ({
      ...current,
      outcomes: current.outcomes.map((outcome) =>
        outcome.kind === 'escalate' && outcome.teamId === 0 ? { ...outcome, teamId: defaultTeam } : outcome,
      ),
    }));
  }, [defaultTeam]);

  const lastError = publish.error ?? saveDraft.error;
  const errors = fieldErrors(lastError);
  const problems = publishProblems(publish.error, definition);
  const definitionErrors = scoped(errors, 'definition');
  const unplaced = [
    ...problems.general,
    ...(lastError &&
    errors.size === 0 &&
    problems.byStep.size + problems.byOutcome.size + problems.general.length === 0
      ? [errorMessage(lastError)]
      : []),
    ...(definitionErrors.get('startStepId') ? [`Start: ${definitionErrors.get('startStepId')}`] : []),
  ];

  const edit = (next: PlaybookDefinition) => {
    setDefinition(next);
    setDirty(true);
  };
  const onSaveDraft = () =>
    saveDraft.mutate(definition, {
      onSuccess: () => {
        setDirty(false);
        publish.reset();
        saved('Draft saved');
      },
    });
  const onPublish = () =>
    publish.mutate(
      { definition, note },
      {
        onSuccess: (result) => {
          setDirty(false);
          setNote('');
          saveDraft.reset();
          saved(`Version ${result.currentVersion} published`);
        },
      },
    );

  const changes = dirty || playbook.draft !== null;
  return (
    <Stack gap="md" mt="xs">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Group gap="xs">
            <Title order={1} size="h3">
              {playbook.name}
            </Title>
            {playbook.currentVersion === null ? (
              <Badge variant="light" color="gray">
                Not published
              </Badge>
            ) : (
              <Badge variant="light" color="teal">
                Version {playbook.currentVersion} live
              </Badge>
            )}
            {changes && (
              <Badge variant="light" color="orange">
                Unpublished changes
              </Badge>
            )}
            {!playbook.active && (
              <Badge variant="outline" color="gray">
                Inactive
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {playbook.description || 'Questions lead to other questions or to an outcome.'}
          </Text>
        </div>
        <Group gap="xs" align="flex-end">
          <TextInput
            label="What changed"
            placeholder="Note for this version"
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            w={240}
          />
          <Button variant="default" onClick={onSaveDraft} loading={saveDraft.isPending}>
            Save draft
          </Button>
          <Button onClick={onPublish} loading={publish.isPending}>
            Publish
          </Button>
        </Group>
      </Group>

      {unplaced.length > 0 && (
        <Alert color="red" role="alert" title={publish.isError ? 'Not published' : 'Not saved'}>
          <Stack gap={2}>
            {unplaced.map((problem) => (
              <Text size="sm" key={problem}>
                {problem}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {(problems.byStep.size > 0 || problems.byOutcome.size > 0 || errors.size > 0) && (
        <Alert color="red" role="alert" title={publish.isError ? 'Not published' : 'Not saved'}>
          The questions and outcomes marked below need attention.
        </Alert>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Select
              label="First question"
              data={definition.steps.map((step, index) => ({
                value: step.id,
                label: `Question ${index + 1}: ${step.prompt.slice(0, 80)}`,
              }))}
              value={definition.startStepId}
              onChange={(value) => value && edit({ ...definition, startStepId: value })}
              allowDeselect={false}
              maw={520}
            />
            {definition.steps.map((step, index) => (
              <StepCard
                // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place; the position is what stays
                key={index}
                step={step}
                index={index}
                definition={definition}
                articles={articles.data ?? []}
                errors={{
                  fields: scoped(definitionErrors, `steps.${index}`),
                  problems: problems.byStep.get(step.id) ?? [],
                }}
                onChange={(next) =>
                  edit({
                    ...definition,
                    steps: definition.steps.map((item, i) => (i === index ? next : item)),
                  })
                }
                onRename={(to) => edit(renameStep(definition, step.id, to))}
                onRemove={() =>
                  edit({
                    ...definition,
                    steps: definition.steps.filter((_, i) => i !== index),
                    startStepId:
                      definition.startStepId === step.id
                        ? (definition.steps.find((_, i) => i !== index)?.id ?? '')
                        : definition.startStepId,
                  })
                }
              />
            ))}
            <Group>
              <Button
                variant="light"
                leftSection={<IconPlus size={16} />}
                onClick={() =>
                  edit({
                    ...definition,
                    steps: [
                      ...definition.steps,
                      {
                        id: freeId('step', definition),
                        prompt: '',
                        help: '',
                        answers: [{ id: 'yes', label: 'Yes' }],
                      },
                    ],
                  })
                }
              >
                Add question
              </Button>
            </Group>
            <Title order={2} size="h4" mt="md">
              Outcomes
            </Title>
            {definition.outcomes.map((outcome, index) => (
              <OutcomeCard
                // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place; the position is what stays
                key={index}
                outcome={outcome}
                index={index}
                teams={teams.data ?? []}
                articles={articles.data ?? []}
                errors={{
                  fields: scoped(definitionErrors, `outcomes.${index}`),
                  problems: problems.byOutcome.get(outcome.id) ?? [],
                }}
                onChange={(next) =>
                  edit({
                    ...definition,
                    outcomes: definition.outcomes.map((item, i) =>
                      i === index
                        ? next.kind === 'escalate' && next.teamId === 0
                          ? { ...next, teamId: defaultTeam }
                          : next
                        : item,
                    ),
                  })
                }
                onRename={(to) => edit(renameOutcome(definition, outcome.id, to))}
                onRemove={() =>
                  edit({ ...definition, outcomes: definition.outcomes.filter((_, i) => i !== index) })
                }
                removable={definition.outcomes.length > 1}
              />
            ))}
            <Group>
              <Button
                variant="light"
                leftSection={<IconPlus size={16} />}
                onClick={() =>
                  edit({
                    ...definition,
                    outcomes: [
                      ...definition.outcomes,
                      {
                        id: freeId('outcome', definition),
                        kind: 'solved',
                        title: 'Solved',
                        reply: '',
                        note: '',
                      },
                    ],
                  })
                }
              >
                Add outcome
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <DetailsPanel playbook={playbook} />
            <VersionsPanel
              playbookId={playbook.id}
              currentVersion={playbook.currentVersion}
              onLoad={(loaded, version) => {
                edit(loaded);
                setNote(`Based on version ${version}`);
              }}
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function DetailsPanel({ playbook }: { playbook: Playbook }) {
  const [name, setName] = useState(playbook.name);
  const [description, setDescription] = useState(playbook.description);
  const update = usePlaybookWrite((input: { name?: string; description?: string; active?: boolean }) =>
    playbookEditing.update(playbook.id, input),
  );
  const errors = fieldErrors(update.error);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="details-heading">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate(
            { name: name.trim(), description: description.trim() },
            { onSuccess: () => saved('Playbook details saved') },
          );
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h5" id="details-heading">
            Details
          </Title>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.get('name')}
          />
          <Textarea
            label="Description"
            description="When an operator should run it"
            autosize
            minRows={2}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={errors.get('description')}
          />
          <Switch
            label="Active (operators can start it)"
            checked={playbook.active}
            onChange={(event) => update.mutate({ active: event.currentTarget.checked })}
          />
          {update.isError && errors.size === 0 && (
            <Alert color="red" role="alert">
              {errorMessage(update.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" variant="default" loading={update.isPending} disabled={!name.trim()}>
              Save details
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
