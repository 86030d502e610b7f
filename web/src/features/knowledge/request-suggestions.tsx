import {
  Alert,
  Anchor,
  Button,
  Drawer,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBook2, IconCircleCheck, IconExternalLink } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { deflection, helpArticlePath, type SearchHit, useArticle } from '../../api/knowledge';
import { QueryState } from '../admin/admin-kit';
import { ArticleReader } from './help-article-page';
import { Highlighted } from './kb-shared';

/** Enough typed to be worth a search: a few letters in the subject or the description. */
const worthAsking = (subject: string, text: string) => `${subject} ${text}`.trim().length >= 4;

function SuggestedArticle({
  articleId,
  sessionId,
  onClose,
}: {
  articleId: number;
  sessionId: string;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const article = useArticle(articleId, { countView: true });
  const [resolving, setResolving] = useState(false);
  const solved = () => {
    setResolving(true);
    deflection
      .resolved(sessionId, articleId)
      .then(() => {
        notifications.show({ color: 'teal', message: 'Glad it helped. No request was sent.' });
        navigate('/portal');
      })
      .catch((error: unknown) => {
        setResolving(false);
        notifications.show({ color: 'red', message: errorMessage(error) });
      });
  };
  return (
    <QueryState query={article}>
      {article.data && (
        <Stack gap="lg">
          <ArticleReader article={article.data} headingLevel={2} />
          <Anchor href={helpArticlePath(articleId)} target="_blank" size="sm">
            <Group gap={4}>
              Open in the help centre <IconExternalLink size={14} aria-hidden="true" />
            </Group>
          </Anchor>
          <Paper withBorder radius="md" p="md">
            <Text fw={600} mb="sm">
              Did this solve your problem?
            </Text>
            <Group gap="sm">
              <Button
                color="teal.8"
                leftSection={<IconCircleCheck size={16} />}
                onClick={solved}
                loading={resolving}
              >
                Yes, I no longer need help
              </Button>
              <Button variant="default" onClick={onClose}>
                No, back to my request
              </Button>
            </Group>
          </Paper>
        </Stack>
      )}
    </QueryState>
  );
}

/**
 * Tier 0 while a customer writes a request: articles suggested from the subject and description as
 * they type. Opening one is recorded for the session; leaving without sending counts as a deflection
 * on the server once the session goes quiet (or at once on "that solved it").
 */
export function RequestSuggestions({ subject, text }: { subject: string; text: string }) {
  const [sessionId] = useState(() => `portal-${crypto.randomUUID()}`);
  const [openId, setOpenId] = useState<number | null>(null);
  const [debounced] = useDebouncedValue({ subject: subject.trim(), text: text.trim() }, 450);
  const enabled = worthAsking(debounced.subject, debounced.text);
  const suggestions = useQuery({
    queryKey: ['kb', 'suggest', sessionId, debounced],
    queryFn: ({ signal }) =>
      deflection.suggest({ subject: debounced.subject, text: debounced.text, sessionId, limit: 5 }, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const hits: SearchHit[] = enabled ? (suggestions.data?.articles ?? []) : [];

  const open = (articleId: number) => {
    setOpenId(articleId);
    // Best effort: a failed record must not stand between the customer and the answer.
    void deflection.opened(sessionId, articleId).catch(() => {});
  };

  return (
    <section aria-label="Suggested articles" aria-live="polite">
      {hits.length > 0 && (
        <Paper withBorder radius="md" p="md" bg="var(--tl-surface)">
          <Group gap={6} mb={6}>
            <IconBook2 size={18} aria-hidden="true" />
            <Text fw={600}>These articles may answer your question</Text>
            {suggestions.isFetching && <Loader size={14} aria-label="Looking for articles" />}
          </Group>
          <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {hits.map((hit) => (
              <li key={hit.articleId}>
                <UnstyledButton onClick={() => open(hit.articleId)} aria-haspopup="dialog">
                  <Text size="sm" fw={500} c="blue">
                    <Highlighted html={hit.titleHighlight} />
                  </Text>
                  {hit.summary && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {hit.summary}
                    </Text>
                  )}
                </UnstyledButton>
              </li>
            ))}
          </Stack>
        </Paper>
      )}
      {suggestions.isError && enabled && (
        <Alert color="gray" variant="light">
          Suggestions are not available right now; you can still send your request.
        </Alert>
      )}
      <Drawer
        opened={openId !== null}
        onClose={() => setOpenId(null)}
        position="right"
        size="lg"
        title="Suggested article"
      >
        {openId !== null && (
          <SuggestedArticle articleId={openId} sessionId={sessionId} onClose={() => setOpenId(null)} />
        )}
      </Drawer>
    </section>
  );
}
