import { Alert, Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../../api/client';
import { type Article, useArticle, useKbCategories } from '../../api/knowledge';
import { isStaffRole, useSession } from '../../auth/session';
import { formatDate } from '../../lib/time';
import { QueryState } from '../admin/admin-kit';
import { HelpfulVote } from './helpful-vote';
import { ArticleBody, ArticleCounts } from './kb-shared';

/** The article as a reader sees it: used by the help centre and by the portal's suggestions. */
export function ArticleReader({ article, headingLevel = 1 }: { article: Article; headingLevel?: 1 | 2 }) {
  return (
    <Stack gap="sm">
      <Title order={headingLevel} size="h2">
        {article.title}
      </Title>
      <Group gap="md">
        <Text size="xs" c="dimmed">
          Updated {formatDate(article.updatedAt)}
        </Text>
        <ArticleCounts
          views={article.viewCount}
          helpful={article.helpfulCount}
          notHelpful={article.notHelpfulCount}
        />
      </Group>
      {article.summary && <Text c="dimmed">{article.summary}</Text>}
      <ArticleBody html={article.bodyHtml} />
      {article.attachments.length > 0 && (
        <Stack gap={4} component="ul" aria-label="Files" style={{ listStyle: 'none', padding: 0 }}>
          {article.attachments.map((file) => (
            <li key={file.id}>
              <Anchor href={file.url} size="sm" download={file.filename}>
                {file.filename}
              </Anchor>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

export function HelpArticlePage() {
  const id = Number(useParams().articleId);
  const { me } = useSession();
  const article = useArticle(id, { countView: true });
  const categories = useKbCategories();
  useDocumentTitle(article.data ? `${article.data.title} · Help centre` : 'Help centre');
  const category = article.data?.category
    ? categories.data?.find((candidate) => candidate.id === article.data?.category?.id)
    : undefined;
  const parent = category?.parentId ? categories.data?.find((c) => c.id === category.parentId) : undefined;

  if (article.isError && isNotFound(article.error)) {
    return (
      <Alert color="gray" title="Article not found" maw={640}>
        It does not exist, or it is not available to you.{' '}
        {!me && (
          <Anchor component={Link} to="/sign-in" state={{ from: `/help/articles/${id}` }}>
            Signing in
          </Anchor>
        )}
        {!me && ' may show it.'}
      </Alert>
    );
  }
  return (
    <QueryState query={article}>
      {article.data && (
        <Stack gap="lg" maw={820} component="article" aria-label={article.data.title}>
          <Breadcrumbs>
            <Anchor component={Link} to="/help" size="sm">
              Help centre
            </Anchor>
            {parent && (
              <Anchor component={Link} to={`/help/categories/${parent.id}`} size="sm">
                {parent.name}
              </Anchor>
            )}
            {category && (
              <Anchor component={Link} to={`/help/categories/${category.id}`} size="sm">
                {category.name}
              </Anchor>
            )}
          </Breadcrumbs>
          <ArticleReader article={article.data} />
          {article.data.status === 'published' && <HelpfulVote articleId={id} />}
          {me && isStaffRole(me.role) && (
            <Anchor component={Link} to={`/knowledge/articles/${id}`} size="sm">
              Open in the knowledge base
            </Anchor>
          )}
          {me && !isStaffRole(me.role) && (
            <Text size="sm" c="dimmed">
              Still stuck?{' '}
              <Anchor component={Link} to="/portal/new">
                Open a request
              </Anchor>
              .
            </Text>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
