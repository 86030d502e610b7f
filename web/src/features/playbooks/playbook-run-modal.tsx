import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Kbd,
  Loader,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconArrowBigUpLines, IconCircleCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useTeams } from '../../api/directory';
import {
  type PlaybookAnswer,
  type PlaybookOutcome,
  type PlaybookRun,
  playbookKeys,
  useAbandonRun,
  useAnswerRun,
  usePlaybookVersion,
  useRun,
} from '../../api/playbooks';
import { PRIORITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '../../lib/labels';
import { RUN_STATUS } from './run-status';
import { StepArticle } from './step-article';

/** What an outcome does to the ticket, in words, before the operator commits to it. */
function outcomeEffects(outcome: PlaybookOutcome, teamName: (id: number) => string): string[] {
  if (outcome.kind === 'solved') {
    return [
      'Solves the ticket',
      ...(outcome.articleId ? ['links the article that solved it'] : []),
      ...(outcome.reply.trim() ? ['sends the customer the prepared reply'] : []),
    ];
  }
  const fields = outcome.fields;
  return [
    `Escalates to ${teamName(outcome.teamId)} with a hand-over note holding every answer`,
    ...(fields.priority ? [`priority ${PRIORITY_LABEL[fields.priority]}`] : []),
    ...(fields.type ? [`type ${TYPE_LABEL[fields.type]}`] : []),
    ...(fields.status ? [`status ${STATUS_LABEL[fields.status]}`] : []),
    ...(fields.addTags?.length ? [`tags +${fields.addTags.join(' +')}`] : []),
  ];
}

/** Walks one playbook run: the current question, its answers as buttons (1–9), then the outcome. */
export function PlaybookRunModal({
  ticketId,
  runId,
  onClose,
}: {
  ticketId: number;
  runId: number | null;
  onClose: () => void;
}) {
  const run = useRun(runId);
  return (
    <Modal
      opened={runId !== null}
      onClose={onClose}
      size="lg"
      title={run.data ? `${run.data.playbookName} · version ${run.data.version}` : 'Playbook'}
    >
      {run.isPending ? (
        <Loader size="sm" aria-label="Loading the playbook run" />
      ) : run.isError ? (
        <Alert color="red" role="alert" title="Could not load the run">
          {errorMessage(run.error)}
        </Alert>
      ) : (
        <RunWalkthrough ticketId={ticketId} run={run.data} onClose={onClose} />
      )}
    </Modal>
  );
}

function RunWalkthrough({
  ticketId,
  run,
  onClose,
}: {
  ticketId: number;
  run: PlaybookRun;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const version = usePlaybookVersion(run.playbookId, run.version);
  const teams = useTeams();
  const answer = useAnswerRun(ticketId);
  const abandon = useAbandonRun(ticketId);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState<PlaybookAnswer | null>(null);
  const [stale, setStale] = useState(false);
  const step = run.currentStep;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new question starts with an empty note
  useEffect(() => {
    setNote('');
    setConfirming(null);
  }, [step?.id]);

  const outcomeOf = (choice: PlaybookAnswer) =>
    choice.outcomeId
      ? version.data?.definition.outcomes.find((item) => item.id === choice.outcomeId)
      : undefined;
  const teamName = (id: number) => {
    const team = teams.data?.find((candidate) => candidate.id === id);
    return team ? `${team.name} (Tier ${team.tier})` : `team ${id}`;
  };

  const send = (choice: PlaybookAnswer) => {
    if (!step || answer.isPending) return;
    setStale(false);
    answer.mutate(
      { runId: run.runId, stepId: step.id, answerId: choice.id, note },
      {
        onSuccess: () => setConfirming(null),
        onError: (error) => {
          if (
            error instanceof ApiError &&
            (error.code === 'step_not_current' || error.code === 'run_finished')
          ) {
            setStale(true);
            setConfirming(null);
            void client.invalidateQueries({ queryKey: playbookKeys.run(run.runId) });
          }
        },
      },
    );
  };
  const choose = (choice: PlaybookAnswer) => {
    // An answer that ends the run changes the ticket; say how before doing it.
    if (choice.outcomeId) setConfirming(choice);
    else send(choice);
  };

  useHotkeys(
    (step?.answers ?? [])
      .slice(0, 9)
      .map((choice, index) => [String(index + 1), () => !confirming && choose(choice)]),
  );

  const stop = () => {
    if (window.confirm('Stop this playbook without an outcome? The answers so far stay on the ticket.'))
      abandon.mutate(run.runId);
  };

  const pending = confirming ? outcomeOf(confirming) : undefined;
  return (
    <Stack gap="md">
      {run.answers.length > 0 && (
        <Box component="section" aria-label="Answers so far">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={4}>
            Answers so far
          </Text>
          <Box component="ol" m={0} pl="lg">
            {run.answers.map((item) => (
              <Text component="li" size="sm" key={`${item.stepId}-${item.answeredAt}`}>
                {item.prompt} — <strong>{item.answer}</strong>
                {item.note && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    (note: {item.note})
                  </Text>
                )}
              </Text>
            ))}
          </Box>
        </Box>
      )}

      {stale && (
        <Alert color="orange" role="alert" title="This step was answered meanwhile">
          Someone else moved this run on; it now shows where it stands.
        </Alert>
      )}

      {step ? (
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="playbook-question">
          <Stack gap="sm">
            <Text size="xs" c="dimmed">
              Question {run.answers.length + 1}
            </Text>
            <Title order={2} size="h4" id="playbook-question">
              {step.prompt}
            </Title>
            {step.help && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {step.help}
              </Text>
            )}
            {step.articleId && <StepArticle articleId={step.articleId} />}
            <Textarea
              label="Note"
              description="What you saw or were told; kept with the answer"
              autosize
              minRows={1}
              maxRows={4}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
            />
            {confirming ? (
              <Alert
                color={pending?.kind === 'solved' ? 'teal' : 'grape'}
                title={pending ? `This ends the playbook: ${pending.title}` : 'This answer ends the playbook'}
                icon={
                  pending?.kind === 'solved' ? (
                    <IconCircleCheck size={18} />
                  ) : (
                    <IconArrowBigUpLines size={18} />
                  )
                }
              >
                <Stack gap="xs">
                  <Text size="sm">
                    “{confirming.label}”.{' '}
                    {pending
                      ? `${outcomeEffects(pending, teamName).join('; ')}.`
                      : 'The outcome changes the ticket.'}
                  </Text>
                  {pending?.note && (
                    <Text size="sm" c="dimmed">
                      {pending.note}
                    </Text>
                  )}
                  <Group gap="xs">
                    <Button
                      size="xs"
                      color={pending?.kind === 'solved' ? 'teal' : 'grape'}
                      onClick={() => send(confirming)}
                      loading={answer.isPending}
                      data-autofocus
                    >
                      {pending?.kind === 'solved'
                        ? 'Solve the ticket'
                        : pending
                          ? 'Escalate the ticket'
                          : 'Confirm'}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setConfirming(null)}>
                      Back
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            ) : (
              <Group gap="xs" role="group" aria-label="Answers">
                {step.answers.map((choice, index) => (
                  <Button
                    key={choice.id}
                    variant="light"
                    onClick={() => choose(choice)}
                    loading={answer.isPending && answer.variables?.answerId === choice.id}
                    leftSection={index < 9 ? <Kbd size="xs">{index + 1}</Kbd> : undefined}
                  >
                    {choice.label}
                  </Button>
                ))}
              </Group>
            )}
            {answer.isError && !stale && (
              <Alert color="red" role="alert" title="Answer not recorded">
                {errorMessage(answer.error)}
              </Alert>
            )}
          </Stack>
        </Paper>
      ) : (
        <RunResult run={run} />
      )}

      <Group justify="space-between">
        {run.status === 'in_progress' ? (
          <Button variant="subtle" color="red" size="xs" onClick={stop} loading={abandon.isPending}>
            Stop playbook
          </Button>
        ) : (
          <div />
        )}
        <Button variant="default" onClick={onClose}>
          {run.status === 'in_progress' ? 'Continue later' : 'Close'}
        </Button>
      </Group>
      {abandon.isError && (
        <Alert color="red" role="alert">
          {errorMessage(abandon.error)}
        </Alert>
      )}
    </Stack>
  );
}

function RunResult({ run }: { run: PlaybookRun }) {
  const status = RUN_STATUS[run.status];
  return (
    <Alert color={status.color} title={run.outcome ? run.outcome.title : status.label} role="status">
      <Stack gap={4}>
        <Group gap={6}>
          <Badge color={status.color} variant="light">
            {status.label}
          </Badge>
        </Group>
        {run.status === 'escalated' && (
          <Text size="sm">
            The ticket went to the next team with a hand-over note that carries every answer.
          </Text>
        )}
        {run.status === 'solved' && <Text size="sm">The ticket is solved.</Text>}
        {run.outcome?.note && <Text size="sm">{run.outcome.note}</Text>}
      </Stack>
    </Alert>
  );
}
