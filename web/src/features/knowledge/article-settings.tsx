import { Alert, Button, Group, MultiSelect, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useOrganisations, useStaff } from '../../api/directory';
import {
  type Article,
  type ArticleSettings,
  type ArticleStatus,
  type ArticleVisibility,
  articleActions,
  useArticleAction,
  useKbCategories,
} from '../../api/knowledge';
import { useMe } from '../../auth/session';
import { formatDateTime } from '../../lib/time';
import { PanelSection } from '../tickets/panel-section';
import {
  ArticleStatusBadge,
  canManageKb,
  canPublish,
  categoryOptions,
  STATUS_LABEL,
  VISIBILITY_LABEL,
} from './kb-shared';

export interface SettingsValue {
  categoryId: number | null;
  visibility: ArticleVisibility;
  organisationIds: number[];
  ownerId: number | null;
  reviewBy: string | null;
}

/** Category, visibility, organisations, owner, review date: the same fields for a new or saved article. */
export function SettingsFields({
  value,
  onChange,
  disabled = false,
}: {
  value: SettingsValue;
  onChange: (changes: Partial<SettingsValue>) => void;
  disabled?: boolean;
}) {
  const categories = useKbCategories();
  const organisations = useOrganisations();
  const staff = useStaff();
  return (
    <>
      <Select
        label="Category"
        size="xs"
        placeholder="None"
        clearable
        searchable
        disabled={disabled}
        data={categoryOptions(categories.data)}
        value={value.categoryId === null ? null : String(value.categoryId)}
        onChange={(next) => onChange({ categoryId: next ? Number(next) : null })}
      />
      <Select
        label="Visibility"
        size="xs"
        allowDeselect={false}
        disabled={disabled}
        data={(['public', 'internal'] as const).map((visibility) => ({
          value: visibility,
          label: VISIBILITY_LABEL[visibility],
        }))}
        value={value.visibility}
        onChange={(next) => next && onChange({ visibility: next as ArticleVisibility })}
      />
      {value.visibility === 'public' && (
        <MultiSelect
          label="Only for these organisations"
          description="Empty: everyone, signed in or not"
          size="xs"
          searchable
          clearable
          disabled={disabled}
          data={(organisations.data ?? []).map((organisation) => ({
            value: String(organisation.id),
            label: organisation.name,
          }))}
          value={value.organisationIds.map(String)}
          onChange={(next) => onChange({ organisationIds: next.map(Number) })}
        />
      )}
      <Select
        label="Owner"
        size="xs"
        placeholder="Nobody"
        clearable
        searchable
        disabled={disabled}
        data={(staff.data ?? []).map((user) => ({ value: String(user.id), label: user.name }))}
        value={value.ownerId === null ? null : String(value.ownerId)}
        onChange={(next) => onChange({ ownerId: next ? Number(next) : null })}
      />
      <TextInput
        label="Review by"
        description="Flagged as stale from this day"
        size="xs"
        type="date"
        disabled={disabled}
        value={value.reviewBy ?? ''}
        onChange={(event) => onChange({ reviewBy: event.currentTarget.value || null })}
      />
    </>
  );
}

const NEXT_STEPS: Record<ArticleStatus, { to: ArticleStatus; label: string; reviewer: boolean }[]> = {
  draft: [
    { to: 'in_review', label: 'Submit for review', reviewer: false },
    { to: 'published', label: 'Publish', reviewer: true },
  ],
  in_review: [
    { to: 'published', label: 'Publish', reviewer: true },
    { to: 'draft', label: 'Back to draft', reviewer: false },
  ],
  published: [
    { to: 'archived', label: 'Archive', reviewer: true },
    { to: 'draft', label: 'Unpublish to draft', reviewer: true },
  ],
  archived: [
    { to: 'published', label: 'Publish again', reviewer: true },
    { to: 'draft', label: 'Back to draft', reviewer: true },
  ],
};

function StaleFlag({ article }: { article: Article }) {
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const flag = useArticleAction(async (text: string) => {
    await (text ? articleActions.flagStale(article.id, text) : articleActions.clearStale(article.id));
    return undefined;
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    flag.mutate(reason.trim(), {
      onSuccess: () => {
        setOpen(false);
        setReason('');
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
    });
  };
  if (article.stale) {
    return (
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Stale" p="xs">
        <Text size="xs">{article.staleReason ?? `Past its review date (${article.reviewBy})`}</Text>
        {article.staleReason && (
          <Button
            size="compact-xs"
            variant="subtle"
            mt={4}
            loading={flag.isPending}
            onClick={() =>
              flag.mutate('', {
                onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
              })
            }
          >
            Clear the flag
          </Button>
        )}
      </Alert>
    );
  }
  if (article.status !== 'published') return null;
  return open ? (
    <form onSubmit={submit}>
      <Stack gap={6}>
        <TextInput
          size="xs"
          label="What is out of date?"
          required
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={1000}
        />
        <Group gap={6}>
          <Button size="compact-xs" type="submit" loading={flag.isPending} disabled={!reason.trim()}>
            Flag
          </Button>
          <Button size="compact-xs" variant="default" onClick={() => setOpen(false)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  ) : (
    <Button size="compact-xs" variant="subtle" color="orange" onClick={() => setOpen(true)}>
      Flag as out of date…
    </Button>
  );
}

/** The side of a saved article: where it is in the workflow, its settings, and whether it is stale. */
export function ArticleSettingsPanel({ article, onDeleted }: { article: Article; onDeleted: () => void }) {
  const me = useMe();
  const reviewer = canPublish(me.role);
  const status = useArticleAction((to: ArticleStatus) => articleActions.changeStatus(article.id, to));
  const update = useArticleAction((changes: ArticleSettings) => articleActions.update(article.id, changes));
  const remove = useArticleAction(async () => {
    await articleActions.remove(article.id);
    return undefined;
  });
  const lockedForMe = !reviewer && (article.status === 'published' || article.status === 'archived');
  const fail = (title: string) => (error: unknown) =>
    notifications.show({ color: 'red', title, message: errorMessage(error) });

  return (
    <Stack gap="lg" component="aside" aria-label="Article settings">
      <PanelSection title="Status">
        <Group gap="xs">
          <ArticleStatusBadge status={article.status} />
          {article.publishedAt && (
            <Text size="xs" c="dimmed">
              published {formatDateTime(article.publishedAt)}
            </Text>
          )}
        </Group>
        <Group gap="xs">
          {NEXT_STEPS[article.status]
            .filter((step) => reviewer || !step.reviewer)
            .map((step) => (
              <Button
                key={step.to}
                size="xs"
                variant={step.to === 'published' || step.to === 'in_review' ? 'filled' : 'default'}
                loading={status.isPending && status.variables === step.to}
                onClick={() =>
                  status.mutate(step.to, {
                    onSuccess: () =>
                      notifications.show({
                        color: 'teal',
                        message: `Now ${STATUS_LABEL[step.to].toLowerCase()}`,
                      }),
                    onError: fail('Status not changed'),
                  })
                }
              >
                {step.label}
              </Button>
            ))}
        </Group>
        {lockedForMe && (
          <Text size="xs" c="dimmed">
            Engineers and supervisors change published articles.
          </Text>
        )}
        <StaleFlag article={article} />
      </PanelSection>
      <PanelSection title="Settings">
        <SettingsFields
          disabled={lockedForMe || update.isPending}
          value={{
            categoryId: article.category?.id ?? null,
            visibility: article.visibility,
            organisationIds: article.organisationIds,
            ownerId: article.owner?.id ?? null,
            reviewBy: article.reviewBy,
          }}
          onChange={(changes) => update.mutate(changes, { onError: fail('Not saved') })}
        />
      </PanelSection>
      {canManageKb(me.role) && article.publishedAt === null && (
        <Paper withBorder radius="md" p="sm">
          <Button
            size="xs"
            color="red"
            variant="subtle"
            loading={remove.isPending}
            onClick={() =>
              window.confirm(`Delete “${article.title}” with all its versions?`) &&
              remove.mutate(undefined, { onSuccess: onDeleted, onError: fail('Not deleted') })
            }
          >
            Delete this article
          </Button>
        </Paper>
      )}
    </Stack>
  );
}
