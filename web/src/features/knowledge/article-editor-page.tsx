import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconDeviceFloppy,
  IconExternalLink,
  IconThumbDown,
  IconThumbUp,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage, isNotFound } from '../../api/client';
import {
  type Article,
  articleActions,
  kbKeys,
  useArticle,
  useArticleAction,
  useArticleTickets,
  useArticleVotes,
} from '../../api/knowledge';
import { useMe } from '../../auth/session';
import { RelativeTime } from '../../lib/relative-time';
import { QueryState } from '../admin/admin-kit';
import { StatusBadge } from '../tickets/badges';
import { ArticleContentForm, type ContentValue } from './article-content-form';
import { ArticleHistory } from './article-history';
import { ArticleSettingsPanel } from './article-settings';
import {
  ArticleCounts,
  ArticleStatusBadge,
  canPublish,
  LANGUAGE_NAMES,
  languageName,
  StaleBadge,
} from './kb-shared';

const contentOf = (article: Article): ContentValue => ({
  title: article.title,
  summary: article.summary,
  keywords: article.keywords,
  bodyHtml: article.bodyHtml,
});
const sameContent = (a: ContentValue, b: ContentValue) =>
  a.title === b.title &&
  a.summary === b.summary &&
  a.bodyHtml === b.bodyHtml &&
  a.keywords.join('\n') === b.keywords.join('\n');

function Feedback({ articleId }: { articleId: number }) {
  const votes = useArticleVotes(articleId);
  return (
    <QueryState query={votes}>
      {votes.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          No votes yet.
        </Text>
      ) : (
        <Stack
          gap="xs"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label="Votes"
        >
          {votes.data?.map((vote) => (
            <Paper key={vote.id} withBorder radius="md" p="sm" component="li">
              <Group gap="xs">
                {vote.helpful ? (
                  <IconThumbUp size={16} color="var(--mantine-color-teal-7)" aria-label="Helpful" />
                ) : (
                  <IconThumbDown size={16} color="var(--mantine-color-red-7)" aria-label="Not helpful" />
                )}
                <Text size="sm" fw={500}>
                  {vote.voter?.name ?? 'Anonymous reader'}
                </Text>
                <Text size="xs" c="dimmed">
                  <RelativeTime value={vote.at} /> · {languageName(vote.language)}
                </Text>
              </Group>
              {vote.comment && (
                <Text size="sm" mt={4}>
                  {vote.comment}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      )}
    </QueryState>
  );
}

/** "Articles that solved tickets": where this article was used, or what it was written from. */
function SolvedTickets({ articleId }: { articleId: number }) {
  const tickets = useArticleTickets(articleId);
  return (
    <QueryState query={tickets}>
      {tickets.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not used on a ticket yet. Agents link it from the ticket page’s knowledge panel.
        </Text>
      ) : (
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="Tickets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ticket</Table.Th>
                <Table.Th w={110}>Status</Table.Th>
                <Table.Th w={140}>How</Table.Th>
                <Table.Th w={120}>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tickets.data?.map((ticket) => (
                <Table.Tr key={ticket.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/tickets/${ticket.id}`} size="sm">
                      #{ticket.id} {ticket.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={ticket.status} />
                  </Table.Td>
                  <Table.Td>{ticket.source === 'created_from' ? 'Written from it' : 'Used on it'}</Table.Td>
                  <Table.Td>
                    <RelativeTime value={ticket.linkedAt} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </QueryState>
  );
}

function ContentTab({
  article,
  language,
  onSaved,
}: {
  article: Article;
  language: string;
  onSaved: () => void;
}) {
  const me = useMe();
  const client = useQueryClient();
  const isNewTranslation = !article.languages.includes(language);
  const loaded = contentOf(article);
  const [content, setContent] = useState<ContentValue>(loaded);
  const [note, setNote] = useState('');
  const readOnly = !canPublish(me.role) && (article.status === 'published' || article.status === 'archived');
  const dirty = isNewTranslation || !sameContent(content, loaded);
  const save = useArticleAction(() =>
    articleActions.saveTranslation(article.id, language, {
      ...content,
      note: note.trim() || (isNewTranslation ? `${languageName(language)} translation` : ''),
      baseVersion: isNewTranslation ? undefined : article.version,
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        setNote('');
        notifications.show({
          color: 'teal',
          message: isNewTranslation ? 'Translation added' : 'Saved as a new version',
        });
        onSaved();
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'article_changed') {
          notifications.show({
            color: 'orange',
            title: 'Someone else saved this article meanwhile',
            message: 'Your text stays here; open History to see their version before you save again.',
          });
          void client.invalidateQueries({ queryKey: kbKeys.versions(article.id, language) });
        } else {
          notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
        }
      },
    });
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        {isNewTranslation && (
          <Alert color="blue" variant="light">
            New {languageName(language)} translation, started from the {languageName(article.language)} text.
          </Alert>
        )}
        {readOnly && (
          <Alert color="gray" variant="light">
            This article is {article.status}; engineers and supervisors edit what readers see.
          </Alert>
        )}
        <ArticleContentForm
          value={content}
          onChange={(changes) => setContent((current) => ({ ...current, ...changes }))}
          editorKey={`${article.id}-${language}`}
          readOnly={readOnly}
        />
        {!readOnly && (
          <Group align="flex-end" gap="sm">
            <TextInput
              label="What changed"
              placeholder="Shown in the version history"
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              maxLength={500}
              style={{ flex: 1 }}
            />
            <Button
              type="submit"
              leftSection={<IconDeviceFloppy size={16} />}
              loading={save.isPending}
              disabled={!dirty || !content.title.trim()}
            >
              {isNewTranslation ? 'Add translation' : 'Save'}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

export function ArticleEditorPage() {
  const id = Number(useParams().articleId);
  const navigate = useNavigate();
  const [language, setLanguage] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('content');
  const [revision, setRevision] = useState(0);
  const article = useArticle(id, { language: language ?? undefined });
  const data = article.data;
  const current = language ?? data?.language ?? 'en';
  useDocumentTitle(data ? `${data.title} · Knowledge base` : 'Knowledge base · Tierline');

  if (article.isPending) {
    return (
      <Center h="50vh">
        <Loader aria-label="Loading article" />
      </Center>
    );
  }
  if (!data) {
    return (
      <Box p="md" maw={640}>
        <Alert
          color={isNotFound(article.error) ? 'gray' : 'red'}
          title={isNotFound(article.error) ? 'Article not found' : 'Could not load the article'}
        >
          {isNotFound(article.error) ? 'It may have been deleted.' : errorMessage(article.error)}
        </Alert>
      </Box>
    );
  }
  const languageOptions = [
    ...data.languages.map((tag) => ({
      value: tag,
      label: `${languageName(tag)}${tag === data.sourceLanguage ? ' (original)' : ''}`,
    })),
    ...Object.keys(LANGUAGE_NAMES)
      .filter((tag) => !data.languages.includes(tag))
      .map((tag) => ({ value: tag, label: `${languageName(tag)} — add translation` })),
  ];

  return (
    <Box p="md" maw={1280}>
      <Anchor component={Link} to="/knowledge" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden="true" /> Knowledge base
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" mt="xs" mb="md" wrap="nowrap">
        <div>
          <Title order={1} size="h3">
            {data.title}
          </Title>
          <Group gap="xs" mt={4}>
            <ArticleStatusBadge status={data.status} />
            {data.stale && <StaleBadge reason={data.staleReason} />}
            <ArticleCounts
              views={data.viewCount}
              helpful={data.helpfulCount}
              notHelpful={data.notHelpfulCount}
            />
            {data.sourceTicketId !== null && (
              <Anchor component={Link} to={`/tickets/${data.sourceTicketId}`} size="xs">
                Written from ticket #{data.sourceTicketId}
              </Anchor>
            )}
          </Group>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Select
            aria-label="Language"
            size="xs"
            searchable
            allowDeselect={false}
            data={languageOptions}
            value={current}
            onChange={(value) => value && setLanguage(value)}
            w={240}
          />
          {data.status === 'published' && (
            <Button
              component={Link}
              to={`/help/articles/${data.id}`}
              target="_blank"
              size="xs"
              variant="default"
              leftSection={<IconExternalLink size={14} />}
            >
              View
            </Button>
          )}
        </Group>
      </Group>
      <div className="kb-editor-layout">
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="content">Content</Tabs.Tab>
            <Tabs.Tab value="history">History</Tabs.Tab>
            <Tabs.Tab value="feedback">Feedback</Tabs.Tab>
            <Tabs.Tab value="tickets">Tickets</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="content">
            <ContentTab
              key={`${data.id}-${current}-${revision}`}
              article={data}
              language={current}
              onSaved={() => setLanguage(current)}
            />
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <ArticleHistory
              articleId={data.id}
              language={data.languages.includes(current) ? current : data.language}
              onRestored={() => {
                setRevision((value) => value + 1);
                setTab('content');
              }}
            />
          </Tabs.Panel>
          <Tabs.Panel value="feedback">
            <Feedback articleId={data.id} />
          </Tabs.Panel>
          <Tabs.Panel value="tickets">
            <SolvedTickets articleId={data.id} />
          </Tabs.Panel>
        </Tabs>
        <ArticleSettingsPanel
          article={data}
          onDeleted={() => {
            notifications.show({ color: 'teal', message: 'Article deleted' });
            navigate('/knowledge');
          }}
        />
      </div>
    </Box>
  );
}
