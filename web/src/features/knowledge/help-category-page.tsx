import { Anchor, Breadcrumbs, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { useArticles, useKbCategories } from '../../api/knowledge';
import { QueryState } from '../admin/admin-kit';
import { ArticleLinkList, HELP_CENTRE_FILTER } from './help-home-page';

/** A category with its own articles and one block per section. */
export function HelpCategoryPage() {
  const id = Number(useParams().categoryId);
  const categories = useKbCategories();
  const articles = useArticles({ ...HELP_CENTRE_FILTER, categoryId: id, sort: 'title', limit: 200 });
  const category = categories.data?.find((candidate) => candidate.id === id);
  const parent = category?.parentId ? categories.data?.find((c) => c.id === category.parentId) : undefined;
  const sections = (categories.data ?? [])
    .filter((candidate) => candidate.parentId === id)
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  useDocumentTitle(category ? `${category.name} · Help centre` : 'Help centre');
  const list = articles.data?.articles ?? [];
  const own = list.filter((article) => article.category?.id === id);

  return (
    <QueryState query={categories}>
      {!category ? (
        <Text>This topic does not exist.</Text>
      ) : (
        <Stack gap="lg" maw={860}>
          <Breadcrumbs>
            <Anchor component={Link} to="/help" size="sm">
              Help centre
            </Anchor>
            {parent && (
              <Anchor component={Link} to={`/help/categories/${parent.id}`} size="sm">
                {parent.name}
              </Anchor>
            )}
          </Breadcrumbs>
          <div>
            <Title order={1} size="h2">
              {category.name}
            </Title>
            {category.description && <Text c="dimmed">{category.description}</Text>}
          </div>
          <QueryState query={articles}>
            {own.length > 0 && <ArticleLinkList articles={own} label={`Articles in ${category.name}`} />}
            {sections.map((section) => {
              const inSection = list.filter((article) => article.category?.id === section.id);
              return (
                <Paper
                  key={section.id}
                  withBorder
                  radius="md"
                  p="md"
                  component="section"
                  aria-labelledby={`kb-section-${section.id}`}
                >
                  <Title order={2} size="h4" mb="xs" id={`kb-section-${section.id}`}>
                    {section.name}
                  </Title>
                  {inSection.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No articles here yet.
                    </Text>
                  ) : (
                    <ArticleLinkList articles={inSection} label={`Articles in ${section.name}`} />
                  )}
                </Paper>
              );
            })}
            {list.length === 0 && (
              <Text c="dimmed" size="sm">
                No articles in this topic yet.
              </Text>
            )}
          </QueryState>
        </Stack>
      )}
    </QueryState>
  );
}
