import { Badge, Button, Group, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRestore } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import {
  type ArticleVersion,
  articleActions,
  useArticleAction,
  useArticleVersions,
  useVersionCompare,
  type VersionField,
} from '../../api/knowledge';
import { RelativeTime } from '../../lib/relative-time';
import { QueryState } from '../admin/admin-kit';
import { diffLines, htmlToLines } from './line-diff';

const FIELD_LABEL: Record<VersionField, string> = {
  title: 'Title',
  summary: 'Summary',
  keywords: 'Keywords',
  body: 'Text',
};

const linesOf = (version: ArticleVersion, field: VersionField): string[] => {
  if (field === 'body') return htmlToLines(version.bodyHtml);
  if (field === 'keywords') return version.keywords;
  return version[field] ? [version[field]] : [];
};

function FieldDiff({ field, from, to }: { field: VersionField; from: ArticleVersion; to: ArticleVersion }) {
  const lines = useMemo(() => diffLines(linesOf(from, field), linesOf(to, field)), [field, from, to]);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {FIELD_LABEL[field]}
      </Text>
      <Paper withBorder radius="sm" py={4}>
        <ul className="kb-diff" aria-label={`Changes to ${FIELD_LABEL[field].toLowerCase()}`}>
          {lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines of a diff have no identity but their place
            <li key={index} data-change={line.change}>
              {line.change === 'same' ? null : (
                <span className="sr-only">{line.change === 'added' ? 'Added: ' : 'Removed: '}</span>
              )}
              <span aria-hidden="true">
                {line.change === 'added' ? '+ ' : line.change === 'removed' ? '− ' : '  '}
              </span>
              {line.text}
            </li>
          ))}
        </ul>
      </Paper>
    </Stack>
  );
}

/** Versions of one translation: pick two to see what changed, restore an older one as the newest. */
export function ArticleHistory({
  articleId,
  language,
  onRestored,
}: {
  articleId: number;
  language: string;
  onRestored: () => void;
}) {
  const versions = useArticleVersions(articleId, language);
  const list = versions.data ?? [];
  const latest = list[0]?.version ?? null;
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const fromVersion = from ?? list[1]?.version ?? null;
  const toVersion = to ?? latest;
  const compare = useVersionCompare(articleId, language, fromVersion, toVersion);
  const restore = useArticleAction((version: number) => articleActions.restore(articleId, version, language));

  const confirmRestore = (version: number) => {
    if (
      !window.confirm(`Restore version ${version}? It is saved again as the newest version; nothing is lost.`)
    )
      return;
    restore.mutate(version, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: `Version ${version} restored` });
        setFrom(null);
        setTo(null);
        onRestored();
      },
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Not restored', message: errorMessage(error) }),
    });
  };

  return (
    <QueryState query={versions}>
      <Paper withBorder radius="md" style={{ overflowX: 'auto' }}>
        <Table verticalSpacing="xs" aria-label="Versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>From</Table.Th>
              <Table.Th w={70}>To</Table.Th>
              <Table.Th w={120}>Version</Table.Th>
              <Table.Th>Change</Table.Th>
              <Table.Th w={160}>By</Table.Th>
              <Table.Th w={120}>When</Table.Th>
              <Table.Th w={110} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((item) => (
              <Table.Tr key={item.version}>
                <Table.Td>
                  <Radio
                    aria-label={`Compare from version ${item.version}`}
                    name="kb-compare-from"
                    checked={fromVersion === item.version}
                    onChange={() => setFrom(item.version)}
                  />
                </Table.Td>
                <Table.Td>
                  <Radio
                    aria-label={`Compare to version ${item.version}`}
                    name="kb-compare-to"
                    checked={toVersion === item.version}
                    onChange={() => setTo(item.version)}
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {item.version}
                    {item.version === latest && (
                      <Badge size="xs" variant="light">
                        current
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{item.note || item.title}</Text>
                  {item.restoredFrom !== null && (
                    <Text size="xs" c="dimmed">
                      Restored from version {item.restoredFrom}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{item.author?.name ?? '—'}</Table.Td>
                <Table.Td>
                  <RelativeTime value={item.createdAt} />
                </Table.Td>
                <Table.Td>
                  {item.version !== latest && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconRestore size={12} />}
                      onClick={() => confirmRestore(item.version)}
                      aria-label={`Restore version ${item.version}`}
                    >
                      Restore
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {list.length < 2 ? (
        <Text size="sm" c="dimmed">
          Only one version so far: saving the article adds the next.
        </Text>
      ) : fromVersion === toVersion ? (
        <Text size="sm" c="dimmed">
          Pick two different versions to compare.
        </Text>
      ) : (
        <Stack gap="sm" component="section" aria-labelledby="kb-diff-title">
          <Title order={2} size="h5" id="kb-diff-title">
            Changes from version {fromVersion} to {toVersion}
          </Title>
          <QueryState query={compare}>
            {compare.data &&
              (compare.data.changed.length === 0 ? (
                <Text size="sm" c="dimmed">
                  These versions are the same.
                </Text>
              ) : (
                compare.data.changed.map((field) => (
                  <FieldDiff key={field} field={field} from={compare.data.from} to={compare.data.to} />
                ))
              ))}
          </QueryState>
        </Stack>
      )}
    </QueryState>
  );
}
