import { Box, Button, Paper, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBook } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, errorMessage } from '../../api/client';
import { sanitizeHtml } from '../../lib/sanitize';

interface Article {
  id: number;
  title: string;
  bodyHtml: string;
}

/** The knowledge article a step points at, readable in place so the operator stays on the call. */
export function StepArticle({ articleId }: { articleId: number }) {
  const [opened, toggle] = useDisclosure(false);
  const article = useQuery({
    queryKey: ['playbooks', 'article', articleId],
    queryFn: ({ signal }) => api<Article>(`/api/kb/articles/${articleId}?countView=false`, { signal }),
    staleTime: 60_000,
    retry: false,
  });
  const html = useMemo(() => (article.data ? sanitizeHtml(article.data.bodyHtml) : ''), [article.data]);
  const bodyId = `step-article-${articleId}`;
  if (article.isError)
    return (
      <Text size="xs" c="dimmed">
        Article {articleId} could not be loaded: {errorMessage(article.error)}
      </Text>
    );
  return (
    <Paper withBorder radius="sm" p="xs">
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconBook size={14} aria-hidden="true" />}
        onClick={toggle.toggle}
        aria-expanded={opened}
        aria-controls={bodyId}
        loading={article.isPending}
      >
        {article.data ? article.data.title : 'Article'}
      </Button>
      <Box id={bodyId} hidden={!opened} mt={opened ? 'xs' : 0}>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised with an allowlist above */}
        <div className="message-body" dangerouslySetInnerHTML={{ __html: html }} />
      </Box>
    </Paper>
  );
}
