import { Alert, Anchor, Box, Button, Group, Paper, Select, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { articleActions, useArticleAction } from '../../api/knowledge';
import { useMe } from '../../auth/session';
import { ArticleContentForm, type ContentValue } from './article-content-form';
import { SettingsFields, type SettingsValue } from './article-settings';
import { LANGUAGE_NAMES } from './kb-shared';

/** A new article starts as a draft in one language; review and publishing follow on its page. */
export function NewArticlePage() {
  useDocumentTitle('New article · Knowledge base');
  const me = useMe();
  const navigate = useNavigate();
  const [language, setLanguage] = useState('en');
  const [content, setContent] = useState<ContentValue>({
    title: '',
    summary: '',
    keywords: [],
    bodyHtml: '',
  });
  const [settings, setSettings] = useState<SettingsValue>({
    categoryId: null,
    visibility: 'public',
    organisationIds: [],
    ownerId: me.id,
    reviewBy: null,
  });
  const create = useArticleAction(() =>
    articleActions.create({
      language,
      ...content,
      ...settings,
      organisationIds: settings.visibility === 'public' ? settings.organisationIds : [],
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, {
      onSuccess: (article) => {
        notifications.show({ color: 'teal', message: 'Draft saved' });
        if (article) navigate(`/knowledge/articles/${article.id}`, { replace: true });
      },
    });
  };
  return (
    <Box p="md" maw={1280}>
      <Anchor component={Link} to="/knowledge" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden="true" /> Knowledge base
        </Group>
      </Anchor>
      <Title order={1} size="h3" mt="xs" mb="md">
        New article
      </Title>
      <form onSubmit={submit}>
        <div className="kb-editor-layout">
          <Stack gap="sm">
            <ArticleContentForm
              value={content}
              onChange={(changes) => setContent((current) => ({ ...current, ...changes }))}
              editorKey="new"
            />
            {create.isError && (
              <Alert color="red" role="alert" title="Not saved">
                {errorMessage(create.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/knowledge">
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!content.title.trim()}>
                Save draft
              </Button>
            </Group>
          </Stack>
          <Paper withBorder radius="md" p="md" component="aside" aria-label="Article settings">
            <Stack gap="sm">
              <Select
                label="Language"
                size="xs"
                allowDeselect={false}
                data={Object.entries(LANGUAGE_NAMES).map(([value, label]) => ({ value, label }))}
                value={language}
                onChange={(value) => value && setLanguage(value)}
              />
              <SettingsFields
                value={settings}
                onChange={(changes) => setSettings((current) => ({ ...current, ...changes }))}
              />
            </Stack>
          </Paper>
        </div>
      </form>
    </Box>
  );
}
