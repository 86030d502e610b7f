import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type SearchHit, useKbCategories, useKbSearch } from '../../api/knowledge';
import { useSession } from '../../auth/session';
import { QueryState } from '../admin/admin-kit';
import { ArticleCounts, categoryPath, Highlighted } from './kb-shared';

function SearchHitCard({ hit, category }: { hit: SearchHit; category: string }) {
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={hit.title}>
      <Anchor component={Link} to={`/help/articles/${hit.articleId}`} fw={600}>
        <Highlighted html={hit.titleHighlight} />
      </Anchor>
      {category && (
        <Text size="xs" c="dimmed">
          {category}
        </Text>
      )}
      {hit.highlight ? (
        <Text size="sm" mt={6}>
          <Highlighted html={hit.highlight} />
        </Text>
      ) : (
        hit.summary && (
          <Text size="sm" mt={6}>
            {hit.summary}
          </Text>
        )
      )}
      <Group mt={6}>
        <ArticleCounts views={hit.viewCount} helpful={hit.helpfulCount} notHelpful={hit.notHelpfulCount} />
      </Group>
    </Paper>
  );
}

/** Results with the matches marked; a corrected query when the typed one had a typo. */
export function HelpSearchPage() {
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const { me } = useSession();
  const [limit, setLimit] = useState(10);
  useDocumentTitle(q ? `“${q}” · Help centre` : 'Search · Help centre');
  const categories = useKbCategories();
  const search = useKbSearch({ q, limit });
  const data = search.data;
  // Staff search everything in the agent knowledge base; here they see what customers see.
  const hits = (data?.results ?? []).filter(
    (hit) => hit.visibility === 'public' && hit.status === 'published',
  );
  const corrected = data && data.searchedFor !== data.query;

  return (
    <Stack gap="md" maw={860}>
      <Title order={1} size="h2">
        {q ? `Results for “${q}”` : 'Search'}
      </Title>
      {!q ? (
        <Text c="dimmed">Type what you are looking for in the search field above.</Text>
      ) : (
        <QueryState query={search}>
          {data?.didYouMean && (
            <Text size="sm" role="status">
              {corrected ? 'Showing results for ' : 'Did you mean '}
              <Anchor component={Link} to={`/help/search?q=${encodeURIComponent(data.didYouMean)}`} fw={600}>
                {data.didYouMean}
              </Anchor>
              {corrected ? ` — nothing matched “${data.query}”.` : '?'}
            </Text>
          )}
          {hits.length === 0 ? (
            <Alert color="gray" title="Nothing found">
              <Text size="sm">
                Try other words, or{' '}
                {me ? (
                  <Anchor component={Link} to="/portal/new">
                    ask our support team
                  </Anchor>
                ) : (
                  <Anchor component={Link} to="/sign-in" state={{ from: '/portal/new' }}>
                    sign in to ask our support team
                  </Anchor>
                )}
                .
              </Text>
            </Alert>
          ) : (
            <Stack gap="sm" component="section" aria-label="Search results">
              <Group gap="xs">
                <Badge variant="light" color="gray">
                  {hits.length}
                  {data?.hasMore ? '+' : ''} {hits.length === 1 ? 'article' : 'articles'}
                </Badge>
              </Group>
              {hits.map((hit) => (
                <SearchHitCard
                  key={hit.articleId}
                  hit={hit}
                  category={categoryPath(categories.data, hit.categoryId)}
                />
              ))}
              {data?.hasMore && limit < 50 && (
                <Group justify="center">
                  <Button variant="default" onClick={() => setLimit(50)} loading={search.isFetching}>
                    Show more results
                  </Button>
                </Group>
              )}
            </Stack>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
