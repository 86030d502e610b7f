import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ArticleOption, PlaybookDefinition, PlaybookStep } from '../../api/playbooks';
import { freeAnswerId, targetOf, withTarget } from './definition-editing';
import { errorUnder } from './field-errors';

export interface CardErrors {
  /** Field errors from the server, keyed by path under this step (`prompt`, `answers.0.label`). */
  fields: Map<string, string>;
  /** Reasons the script cannot run that name this step. */
  problems: string[];
}

/** One question of a playbook: its prompt, help, article, and where each answer leads. */
export function StepCard({
  step,
  index,
  definition,
  articles,
  errors,
  onChange,
  onRename,
  onRemove,
}: {
  step: PlaybookStep;
  index: number;
  definition: PlaybookDefinition;
  articles: ArticleOption[];
  errors: CardErrors;
  onChange: (step: PlaybookStep) => void;
  onRename: (to: string) => void;
  onRemove: () => void;
}) {
  const headingId = `step-heading-${index}`;
  const targets = [
    {
      group: 'Next question',
      items: definition.steps
        .filter((candidate) => candidate.id !== step.id)
        .map((candidate) => ({
          value: `step:${candidate.id}`,
          label: `${candidate.id}: ${candidate.prompt.slice(0, 60)}`,
        })),
    },
    {
      group: 'Outcome',
      items: definition.outcomes.map((outcome) => ({
        value: `outcome:${outcome.id}`,
        label: `${outcome.kind === 'solved' ? 'Solved' : 'Escalate'}: ${outcome.title || outcome.id}`,
      })),
    },
  ];
  const field = (path: string) => errors.fields.get(path);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Title order={3} size="h5" id={headingId}>
              Question {index + 1}
            </Title>
            {definition.startStepId === step.id && (
              <Badge size="sm" variant="light">
                Start
              </Badge>
            )}
          </Group>
          <Tooltip label="Remove this question">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove question ${index + 1}`}
              onClick={onRemove}
              disabled={definition.steps.length <= 1}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        {errors.problems.length > 0 && (
          <Alert color="red" role="alert" title="Cannot be published like this">
            <Stack gap={2}>
              {errors.problems.map((problem) => (
                <Text size="sm" key={problem}>
                  {problem}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <Group align="flex-start" grow>
          <TextInput
            label="Id"
            description="Short name answers refer to"
            value={step.id}
            onChange={(event) => onRename(event.currentTarget.value)}
            error={field('id')}
            maw={220}
          />
          <Select
            label="Article"
            description="Opens at this question"
            placeholder="None"
            clearable
            searchable
            data={articles.map((article) => ({ value: String(article.id), label: article.title }))}
            value={step.articleId ? String(step.articleId) : null}
            onChange={(value) => onChange({ ...step, articleId: value ? Number(value) : undefined })}
            error={field('articleId')}
          />
        </Group>
        <Textarea
          label="Question"
          required
          autosize
          minRows={1}
          value={step.prompt}
          onChange={(event) => onChange({ ...step, prompt: event.currentTarget.value })}
          error={field('prompt')}
        />
        <Textarea
          label="Help"
          description="What to tell or ask the customer, how to check"
          autosize
          minRows={1}
          maxRows={6}
          value={step.help}
          onChange={(event) => onChange({ ...step, help: event.currentTarget.value })}
          error={field('help')}
        />
        <Stack gap={6} component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" size="sm" fw={500}>
            Answers
          </Text>
          {field('answers') && (
            <Text size="xs" c="red">
              {field('answers')}
            </Text>
          )}
          {step.answers.map((answer, answerIndex) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place; the position is what stays
            <Group key={answerIndex} align="flex-start" wrap="nowrap" gap="xs">
              <TextInput
                aria-label={`Answer ${answerIndex + 1} of question ${index + 1}`}
                placeholder="Answer"
                value={answer.label}
                onChange={(event) =>
                  onChange({
                    ...step,
                    answers: step.answers.map((item, i) =>
                      i === answerIndex ? { ...item, label: event.currentTarget.value } : item,
                    ),
                  })
                }
                error={field(`answers.${answerIndex}.label`)}
                style={{ flex: 1 }}
              />
              <Select
                aria-label={`Answer ${answerIndex + 1} of question ${index + 1} leads to`}
                placeholder="Leads to…"
                data={targets}
                value={targetOf(answer)}
                onChange={(value) =>
                  onChange({
                    ...step,
                    answers: step.answers.map((item, i) =>
                      i === answerIndex ? withTarget(item, value) : item,
                    ),
                  })
                }
                error={
                  errorUnder(errors.fields, `answers.${answerIndex}`) &&
                  !field(`answers.${answerIndex}.label`)
                    ? errorUnder(errors.fields, `answers.${answerIndex}`)
                    : undefined
                }
                style={{ flex: 1 }}
                searchable
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={6}
                aria-label={`Remove answer ${answerIndex + 1} of question ${index + 1}`}
                onClick={() =>
                  onChange({ ...step, answers: step.answers.filter((_, i) => i !== answerIndex) })
                }
                disabled={step.answers.length <= 1}
              >
                <IconTrash size={15} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                onChange({ ...step, answers: [...step.answers, { id: freeAnswerId(step), label: '' }] })
              }
            >
              Add answer
            </Button>
          </Group>
        </Stack>
      </Stack>
    </Paper>
  );
}
