import {
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconChartBar, IconExternalLink, IconFolderPlus, IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import {
  type ArticleListParams,
  type ArticleSort,
  type ArticleStatus,
  type ArticleVisibility,
  useArticles,
  useKbCategories,
  useKbSearch,
} from '../../api/knowledge';
import { useMe } from '../../auth/session';
import { RelativeTime } from '../../lib/relative-time';
import { formatDate } from '../../lib/time';
import { AdminHeader, QueryState } from '../admin/admin-kit';
import { CategoryModal } from './category-modal';
import {
  ArticleStatusBadge,
  canManageKb,
  canReadDeflection,
  categoryOptions,
  categoryPath,
  Highlighted,
  StaleBadge,
} from './kb-shared';

const SCOPES = [
  { value: 'active', label: 'All' },
  { value: 'draft', label: 'Drafts' },
  { value: 'in_review', label: 'In review' },
  { value: 'published', label: 'Published' },
  { value: 'stale', label: 'Stale' },
  { value: 'archived', label: 'Archived' },
] as const;
type Scope = (typeof SCOPES)[number]['value'];

const SORT_OPTIONS: { value: ArticleSort; label: string }[] = [
  { value: 'updated_desc', label: 'Recently updated' },
  { value: 'title', label: 'Title' },
  { value: 'views', label: 'Most viewed' },
  { value: 'helpful', label: 'Most helpful' },
  { value: 'review_by', label: 'Review date' },
];

function scopeFilter(scope: Scope): Pick<ArticleListParams, 'status' | 'stale'> {
  if (scope === 'active') return {};
  if (scope === 'stale') return { stale: true };
  return { status: [scope as ArticleStatus] };
}

/** The agents' knowledge base: every article, the review queue and what needs a review. */
export function KbListPage() {
  useDocumentTitle('Knowledge base · Tierline');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [categoryOpen, categoryModal] = useDisclosure(false);
  const scope = (params.get('scope') as Scope | null) ?? 'active';
  const text = params.get('q') ?? '';
  const categoryId = params.get('category') ? Number(params.get('category')) : undefined;
  const visibility = (params.get('visibility') as ArticleVisibility | null) ?? undefined;
  const sort = (params.get('sort') as ArticleSort | null) ?? 'updated_desc';
  const mine = params.get('mine') === '1';
  const limit = Number(params.get('limit') ?? 50);
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  const set = (key: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        if (key !== 'limit') next.delete('limit');
        return next;
      },
      { replace: true },
    );

  const categories = useKbCategories();
  const searching = debouncedText.length > 0;
  const filters = scopeFilter(scope);
  const list = useArticles(
    { ...filters, categoryId, visibility, sort, ownerId: mine ? me.id : undefined, limit },
    !searching,
  );
  const search = useKbSearch({
    q: debouncedText,
    categoryId,
    status: filters.status ?? ['draft', 'in_review', 'published'],
    limit: 50,
  });

  return (
    <Box p="md" maw={1280}>
      <AdminHeader
        title="Knowledge base"
        description="Write, review and keep articles current. Published public articles appear in the help centre."
        actions={
          <>
            <Button
              component={Link}
              to="/help"
              target="_blank"
              variant="subtle"
              size="xs"
              leftSection={<IconExternalLink size={14} />}
            >
              Help centre
            </Button>
            {canReadDeflection(me.role) && (
              <Button
                component={Link}
                to="/knowledge/reports/deflection"
                variant="default"
                size="xs"
                leftSection={<IconChartBar size={14} />}
              >
                Deflection report
              </Button>
            )}
            {canManageKb(me.role) && (
              <Button
                variant="default"
                size="xs"
                leftSection={<IconFolderPlus size={14} />}
                onClick={categoryModal.open}
              >
                Add category
              </Button>
            )}
            <Button component={Link} to="/knowledge/new" size="xs" leftSection={<IconPlus size={14} />}>
              New article
            </Button>
          </>
        }
      />
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <TextInput
          type="search"
          label="Search"
          placeholder="Words from the title or text"
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={text}
          onChange={(event) => set('q', event.currentTarget.value)}
          w={260}
        />
        <SegmentedControl
          aria-label="Which articles"
          value={scope}
          onChange={(value) => set('scope', value === 'active' ? null : value)}
          data={SCOPES.map((option) => ({ ...option }))}
        />
        <Select
          label="Category"
          placeholder="Any"
          clearable
          searchable
          data={categoryOptions(categories.data)}
          value={categoryId ? String(categoryId) : null}
          onChange={(value) => set('category', value)}
          w={220}
        />
        {!searching && (
          <>
            <Select
              label="Visibility"
              placeholder="Any"
              clearable
              data={[
                { value: 'public', label: 'Public' },
                { value: 'internal', label: 'Internal' },
              ]}
              value={visibility ?? null}
              onChange={(value) => set('visibility', value)}
              w={140}
            />
            <Select
              label="Sort"
              data={SORT_OPTIONS}
              value={sort}
              allowDeselect={false}
              onChange={(value) => set('sort', value === 'updated_desc' ? null : value)}
              w={180}
            />
            <Button
              variant={mine ? 'light' : 'default'}
              aria-pressed={mine}
              onClick={() => set('mine', mine ? null : '1')}
            >
              Owned by me
            </Button>
          </>
        )}
      </Group>
      {searching ? (
        <QueryState query={search}>
          {search.data?.didYouMean && (
            <Text size="sm" role="status">
              Did you mean{' '}
              <Anchor
                component="button"
                type="button"
                onClick={() => set('q', search.data?.didYouMean ?? '')}
              >
                {search.data.didYouMean}
              </Anchor>
              ?
            </Text>
          )}
          <Paper withBorder radius="md">
            <Table verticalSpacing="sm" aria-label="Search results">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Article</Table.Th>
                  <Table.Th w={120}>Status</Table.Th>
                  <Table.Th w={110}>Visibility</Table.Th>
                  <Table.Th w={90}>Views</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(search.data?.results ?? []).map((hit) => (
                  <Table.Tr key={hit.articleId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/knowledge/articles/${hit.articleId}`} fw={500}>
                        <Highlighted html={hit.titleHighlight} />
                      </Anchor>
                      {hit.highlight && (
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          <Highlighted html={hit.highlight} />
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ArticleStatusBadge status={hit.status} />
                    </Table.Td>
                    <Table.Td>{hit.visibility === 'public' ? 'Public' : 'Internal'}</Table.Td>
                    <Table.Td>{hit.viewCount}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {search.data?.results.length === 0 && (
              <Text c="dimmed" size="sm" p="md">
                No article matches “{debouncedText}”.
              </Text>
            )}
          </Paper>
        </QueryState>
      ) : (
        <QueryState query={list}>
          <Paper withBorder radius="md" style={{ overflowX: 'auto' }}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Articles">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Title</Table.Th>
                  <Table.Th w={150}>Status</Table.Th>
                  <Table.Th w={100}>Visibility</Table.Th>
                  <Table.Th w={180}>Category</Table.Th>
                  <Table.Th w={150}>Owner</Table.Th>
                  <Table.Th w={120}>Review by</Table.Th>
                  <Table.Th w={70}>Views</Table.Th>
                  <Table.Th w={90}>Helpful</Table.Th>
                  <Table.Th w={110}>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(list.data?.articles ?? []).map((article) => (
                  <Table.Tr key={article.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/knowledge/articles/${article.id}`} fw={500}>
                        {article.title}
                      </Anchor>
                      {article.languages.length > 1 && (
                        <Text span size="xs" c="dimmed" ml={6}>
                          {article.languages.join(' · ')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <ArticleStatusBadge status={article.status} />
                        {article.stale && <StaleBadge reason={article.staleReason} />}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {article.visibility === 'internal' ? (
                        <Badge size="sm" variant="outline" color="grape">
                          Internal
                        </Badge>
                      ) : article.organisationIds.length > 0 ? (
                        <Badge size="sm" variant="outline" color="blue">
                          Restricted
                        </Badge>
                      ) : (
                        'Public'
                      )}
                    </Table.Td>
                    <Table.Td>{categoryPath(categories.data, article.category?.id) || '—'}</Table.Td>
                    <Table.Td>{article.owner?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      {article.reviewBy ? formatDate(`${article.reviewBy}T12:00:00Z`) : '—'}
                    </Table.Td>
                    <Table.Td>{article.viewCount}</Table.Td>
                    <Table.Td>
                      {article.helpfulCount + article.notHelpfulCount > 0
                        ? `${article.helpfulCount}/${article.helpfulCount + article.notHelpfulCount}`
                        : '—'}
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime value={article.updatedAt} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {list.data?.articles.length === 0 && (
              <Text c="dimmed" size="sm" p="md">
                No articles here.
              </Text>
            )}
          </Paper>
          {list.data?.hasMore && (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => set('limit', String(Math.min(200, limit + 50)))}
                loading={list.isFetching}
              >
                Load more
              </Button>
            </Group>
          )}
        </QueryState>
      )}
      <CategoryModal opened={categoryOpen} onClose={categoryModal.close} />
    </Box>
  );
}
