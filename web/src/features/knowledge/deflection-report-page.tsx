import {
  Anchor,
  Box,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { type DeflectionInterval, useDeflectionReport } from '../../api/knowledge';
import { AdminHeader, QueryState } from '../admin/admin-kit';

const day = (date: Date) => date.toISOString().slice(0, 10);
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`);

function RateCell({ rate }: { rate: number | null }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" w={56} ta="right">
        {percent(rate)}
      </Text>
      {rate !== null && <Progress value={rate * 100} w={120} color="teal" aria-hidden="true" />}
    </Group>
  );
}

function Figure({ label, value, hint }: { label: string; value: string | number; hint: string }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  );
}

/**
 * Tier 0 deflection: requests customers began, opened a suggested article for, and did not send.
 * Tables rather than a chart: the questions are "which articles work" and "how many", read exactly.
 */
export function DeflectionReportPage() {
  useDocumentTitle('Deflection · Knowledge base');
  const today = new Date();
  const [from, setFrom] = useState(day(new Date(today.getTime() - 84 * 86_400_000)));
  const [to, setTo] = useState(day(today));
  const [interval, setInterval] = useState<DeflectionInterval>('week');
  // "to" is inclusive on screen, exclusive in the API.
  const toExclusive = day(new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000));
  const report = useDeflectionReport({ from, to: toExclusive, interval });
  const data = report.data;

  return (
    <Box p="md" maw={1100}>
      <AdminHeader
        title="Deflection"
        description="Requests customers started writing, where a suggested article answered them and no ticket followed."
        actions={
          <Anchor component={Link} to="/knowledge" size="sm">
            Knowledge base
          </Anchor>
        }
      />
      <Group gap="sm" mb="md" align="flex-end">
        <TextInput
          type="date"
          label="From"
          value={from}
          max={to}
          onChange={(event) => event.currentTarget.value && setFrom(event.currentTarget.value)}
        />
        <TextInput
          type="date"
          label="To"
          value={to}
          min={from}
          onChange={(event) => event.currentTarget.value && setTo(event.currentTarget.value)}
        />
        <SegmentedControl
          aria-label="Period"
          value={interval}
          onChange={(value) => setInterval(value as DeflectionInterval)}
          data={[
            { value: 'day', label: 'By day' },
            { value: 'week', label: 'By week' },
            { value: 'month', label: 'By month' },
          ]}
        />
      </Group>
      <QueryState query={report}>
        {data && (
          <Stack gap="lg">
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Figure
                label="Deflection rate"
                value={percent(data.total.rate)}
                hint={`of ${data.total.decided} decided requests`}
              />
              <Figure
                label="Deflected"
                value={data.total.deflected}
                hint="answered by an article, no ticket"
              />
              <Figure
                label="Went on to a ticket"
                value={data.total.ticketed}
                hint="after seeing suggestions"
              />
              <Figure
                label="Sessions"
                value={data.total.sessions}
                hint={`decided after ${data.expiryMinutes} min quiet`}
              />
            </SimpleGrid>
            <Stack gap="xs" component="section" aria-labelledby="deflection-periods">
              <Title order={2} size="h5" id="deflection-periods">
                By {interval}
              </Title>
              <Paper withBorder radius="md" style={{ overflowX: 'auto' }}>
                <Table verticalSpacing="xs" aria-labelledby="deflection-periods">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Starting</Table.Th>
                      <Table.Th ta="right">Sessions</Table.Th>
                      <Table.Th ta="right">Decided</Table.Th>
                      <Table.Th ta="right">Opened an article</Table.Th>
                      <Table.Th ta="right">Deflected</Table.Th>
                      <Table.Th ta="right">Ticket</Table.Th>
                      <Table.Th>Rate</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.byPeriod.map((period) => (
                      <Table.Tr key={period.periodStart}>
                        <Table.Td>{period.periodStart}</Table.Td>
                        <Table.Td ta="right">{period.sessions}</Table.Td>
                        <Table.Td ta="right">{period.decided}</Table.Td>
                        <Table.Td ta="right">{period.opened}</Table.Td>
                        <Table.Td ta="right">{period.deflected}</Table.Td>
                        <Table.Td ta="right">{period.ticketed}</Table.Td>
                        <Table.Td>
                          <RateCell rate={period.rate} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {data.byPeriod.length === 0 && (
                  <Text size="sm" c="dimmed" p="md">
                    No suggestions were shown in this period.
                  </Text>
                )}
              </Paper>
            </Stack>
            <Stack gap="xs" component="section" aria-labelledby="deflection-articles">
              <Title order={2} size="h5" id="deflection-articles">
                By article
              </Title>
              <Paper withBorder radius="md" style={{ overflowX: 'auto' }}>
                <Table verticalSpacing="xs" aria-labelledby="deflection-articles">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Article</Table.Th>
                      <Table.Th ta="right">Suggested</Table.Th>
                      <Table.Th ta="right">Opened</Table.Th>
                      <Table.Th ta="right">Deflected</Table.Th>
                      <Table.Th>Rate when opened</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.byArticle.map((article) => (
                      <Table.Tr key={article.articleId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/knowledge/articles/${article.articleId}`} size="sm">
                            {article.title || `Article ${article.articleId}`}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right">{article.suggested}</Table.Td>
                        <Table.Td ta="right">{article.opened}</Table.Td>
                        <Table.Td ta="right">{article.deflected}</Table.Td>
                        <Table.Td>
                          <RateCell rate={article.rate} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {data.byArticle.length === 0 && (
                  <Text size="sm" c="dimmed" p="md">
                    No articles were suggested in this period.
                  </Text>
                )}
              </Paper>
            </Stack>
          </Stack>
        )}
      </QueryState>
    </Box>
  );
}
