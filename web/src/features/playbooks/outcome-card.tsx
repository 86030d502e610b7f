import {
  ActionIcon,
  Alert,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { ArticleOption, EscalationFields, PlaybookOutcome } from '../../api/playbooks';
import type { Team } from '../../api/types';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../api/types';
import { PRIORITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '../../lib/labels';
import { withKind } from './definition-editing';
import type { CardErrors } from './step-card';

/** How a run ends: solved (an article, a reply) or escalated to a team with field changes. */
export function OutcomeCard({
  outcome,
  index,
  teams,
  articles,
  errors,
  onChange,
  onRename,
  onRemove,
  removable,
}: {
  outcome: PlaybookOutcome;
  index: number;
  teams: Team[];
  articles: ArticleOption[];
  errors: CardErrors;
  onChange: (outcome: PlaybookOutcome) => void;
  onRename: (to: string) => void;
  onRemove: () => void;
  removable: boolean;
}) {
  const headingId = `outcome-heading-${index}`;
  const field = (path: string) => errors.fields.get(path);
  const setFields = (fields: EscalationFields) => {
    if (outcome.kind === 'escalate') onChange({ ...outcome, fields });
  };
  const setField = <K extends keyof EscalationFields>(key: K, value: EscalationFields[K] | undefined) => {
    if (outcome.kind !== 'escalate') return;
    const next = { ...outcome.fields };
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
    else next[key] = value;
    setFields(next);
  };
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5" id={headingId}>
            Outcome {index + 1}
          </Title>
          <Tooltip label="Remove this outcome">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove outcome ${index + 1}`}
              onClick={onRemove}
              disabled={!removable}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        {errors.problems.length > 0 && (
          <Alert color="red" role="alert" title="Cannot be published like this">
            {errors.problems.map((problem) => (
              <Text size="sm" key={problem}>
                {problem}
              </Text>
            ))}
          </Alert>
        )}
        <Group align="flex-end" gap="md">
          <TextInput
            label="Id"
            value={outcome.id}
            onChange={(event) => onRename(event.currentTarget.value)}
            error={field('id')}
            maw={200}
          />
          <SegmentedControl
            aria-label={`Outcome ${index + 1} kind`}
            value={outcome.kind}
            onChange={(value) => onChange(withKind(outcome, value as PlaybookOutcome['kind']))}
            data={[
              { value: 'solved', label: 'Solved' },
              { value: 'escalate', label: 'Escalate' },
            ]}
          />
        </Group>
        <TextInput
          label="Title"
          value={outcome.title}
          onChange={(event) => onChange({ ...outcome, title: event.currentTarget.value })}
          error={field('title')}
        />
        {outcome.kind === 'solved' ? (
          <>
            <Select
              label="Article that solves it"
              description="Linked to the ticket"
              placeholder="None"
              clearable
              searchable
              data={articles.map((article) => ({ value: String(article.id), label: article.title }))}
              value={outcome.articleId ? String(outcome.articleId) : null}
              onChange={(value) => onChange({ ...outcome, articleId: value ? Number(value) : undefined })}
              error={field('articleId')}
            />
            <Textarea
              label="Reply to the customer"
              description="Sent when the run ends here; {{variables}} as in macros"
              autosize
              minRows={2}
              maxRows={8}
              value={outcome.reply}
              onChange={(event) => onChange({ ...outcome, reply: event.currentTarget.value })}
              error={field('reply')}
            />
          </>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Team that takes over"
              required
              searchable
              placeholder="Choose a team"
              data={teams.map((team) => ({
                value: String(team.id),
                label: `Tier ${team.tier} · ${team.name}`,
              }))}
              value={outcome.teamId ? String(outcome.teamId) : null}
              onChange={(value) => onChange({ ...outcome, teamId: value ? Number(value) : 0 })}
              error={field('teamId')}
            />
            <Select
              label="Priority"
              placeholder="No change"
              clearable
              data={PRIORITIES.map((priority) => ({ value: priority, label: PRIORITY_LABEL[priority] }))}
              value={outcome.fields.priority ?? null}
              onChange={(value) => setField('priority', (value as EscalationFields['priority']) ?? undefined)}
            />
            <Select
              label="Type"
              placeholder="No change"
              clearable
              data={TICKET_TYPES.map((type) => ({ value: type, label: TYPE_LABEL[type] }))}
              value={outcome.fields.type ?? null}
              onChange={(value) => setField('type', (value as EscalationFields['type']) ?? undefined)}
            />
            <Select
              label="Status"
              placeholder="No change"
              clearable
              data={TICKET_STATUSES.filter((status) => status !== 'new' && status !== 'closed').map(
                (status) => ({
                  value: status,
                  label: STATUS_LABEL[status],
                }),
              )}
              value={outcome.fields.status ?? null}
              onChange={(value) => setField('status', (value as EscalationFields['status']) ?? undefined)}
            />
            <TagsInput
              label="Add tags"
              value={outcome.fields.addTags ?? []}
              onChange={(tags) =>
                setField('addTags', [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))])
              }
              splitChars={[',', ' ']}
              error={field('fields.addTags')}
            />
          </SimpleGrid>
        )}
        <Textarea
          label="Note"
          description="Shown to the operator when the run ends here"
          autosize
          minRows={1}
          maxRows={4}
          value={outcome.note}
          onChange={(event) => onChange({ ...outcome, note: event.currentTarget.value })}
          error={field('note')}
        />
      </Stack>
    </Paper>
  );
}
