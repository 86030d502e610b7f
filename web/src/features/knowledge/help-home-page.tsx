import { Anchor, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';
import { type ArticleListItem, type KbCategory, useArticles, useKbCategories } from '../../api/knowledge';
import { QueryState } from '../admin/admin-kit';
import { HelpSearchBox } from './help-shell';

/** What the help centre shows: published public articles (staff see internal ones in the agent KB). */
export const HELP_CENTRE_FILTER = { status: ['published' as const], visibility: 'public' as const };

export function ArticleLinkList({ articles, label }: { articles: ArticleListItem[]; label: string }) {
  return (
    <Stack gap={6} component="ul" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {articles.map((article) => (
        <li key={article.id}>
          <Anchor component={Link} to={`/help/articles/${article.id}`} size="sm" fw={500}>
            {article.title}
          </Anchor>
          {article.summary && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {article.summary}
            </Text>
          )}
        </li>
      ))}
    </Stack>
  );
}

function CategoryCard({ category, sections }: { category: KbCategory; sections: KbCategory[] }) {
  const total = category.articleCount + sections.reduce((sum, section) => sum + section.articleCount, 0);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={`kb-category-${category.id}`}>
      <Anchor
        component={Link}
        to={`/help/categories/${category.id}`}
        fw={600}
        id={`kb-category-${category.id}`}
        c="var(--mantine-color-text)"
      >
        {category.name}
      </Anchor>
      {category.description && (
        <Text size="sm" c="dimmed" mt={4}>
          {category.description}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt={6}>
        {total} {total === 1 ? 'article' : 'articles'}
        {sections.length > 0 ? ` · ${sections.map((section) => section.name).join(', ')}` : ''}
      </Text>
    </Paper>
  );
}

export function HelpHomePage() {
  useDocumentTitle('Help centre · Tierline');
  const categories = useKbCategories();
  const popular = useArticles({ ...HELP_CENTRE_FILTER, sort: 'views', limit: 8 });
  const top = (categories.data ?? [])
    .filter((category) => category.parentId === null)
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const sectionsOf = (id: number) => (categories.data ?? []).filter((category) => category.parentId === id);

  return (
    <Stack gap="xl">
      <Stack align="center" gap="sm" py="lg">
        <Title order={1} size="h2" ta="center">
          How can we help?
        </Title>
        <Text c="dimmed" ta="center">
          Search our articles or browse by topic. Most questions are answered here in a minute.
        </Text>
        <HelpSearchBox size="lg" />
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="kb-topics">
        <Title order={2} size="h4" id="kb-topics">
          Topics
        </Title>
        <QueryState query={categories}>
          {top.length === 0 ? (
            <Text c="dimmed" size="sm">
              No topics yet.
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
              {top.map((category) => (
                <CategoryCard key={category.id} category={category} sections={sectionsOf(category.id)} />
              ))}
            </SimpleGrid>
          )}
        </QueryState>
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="kb-popular">
        <Title order={2} size="h4" id="kb-popular">
          Popular articles
        </Title>
        {popular.isPending ? (
          <Skeleton h={80} />
        ) : (
          <ArticleLinkList articles={popular.data?.articles ?? []} label="Popular articles" />
        )}
      </Stack>
    </Stack>
  );
}
