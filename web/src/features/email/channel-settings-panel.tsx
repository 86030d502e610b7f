import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useChannelSettings } from '../../api/email';
import { QueryState } from '../admin/admin-kit';

function Facts({ label, rows }: { label: string; rows: [string, ReactNode][] }) {
  return (
    <Table aria-label={label} verticalSpacing={4}>
      <Table.Tbody>
        {rows.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th scope="row" w="45%" fw={500}>
              <Text size="sm" c="dimmed">
                {name}
              </Text>
            </Table.Th>
            <Table.Td>
              <Text size="sm">{value}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const onOff = (on: boolean, yes = 'Yes', no = 'No') => (
  <Badge size="sm" variant="light" color={on ? 'teal' : 'gray'}>
    {on ? yes : no}
  </Badge>
);

/** The SMTP listener and the relay are set in the environment; this shows what the server runs with. */
export function ChannelSettingsPanel() {
  const settings = useChannelSettings();
  const data = settings.data;
  return (
    <QueryState query={settings}>
      {data && (
        <Stack>
          <Text size="sm" c="dimmed">
            These are set where Tierline runs (environment variables, see the README) and apply after a
            restart. Passwords are never shown.
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder radius="md" p="md" component="section" aria-labelledby="smtp-in-title">
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h5" id="smtp-in-title">
                  Incoming: SMTP listener
                </Title>
                {onOff(data.inbound.listening, 'Listening', 'Off')}
              </Group>
              <Facts
                label="SMTP listener"
                rows={[
                  [
                    'Address',
                    data.inbound.listening
                      ? `${data.inbound.host}:${data.inbound.port}`
                      : 'Not listening (TIERLINE_SMTP_PORT unset)',
                  ],
                  ['Largest message', `${data.inbound.maxMessageMb} MB`],
                  ['STARTTLS', onOff(data.inbound.startTls, 'Offered', 'Not offered')],
                  ['Senders must log in', onOff(data.inbound.authRequired)],
                  [
                    'Thread by subject',
                    data.inbound.subjectMatchDays > 0
                      ? `Within ${data.inbound.subjectMatchDays} days`
                      : 'Off',
                  ],
                  ['Loop guard', `${data.inbound.senderLimitPerHour} messages per sender per hour`],
                ]}
              />
            </Paper>
            <Paper withBorder radius="md" p="md" component="section" aria-labelledby="smtp-out-title">
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h5" id="smtp-out-title">
                  Outgoing: SMTP relay
                </Title>
                {onOff(data.outbound.relayConfigured, 'Configured', 'Not configured')}
              </Group>
              <Facts
                label="SMTP relay"
                rows={[
                  [
                    'Relay',
                    data.outbound.host
                      ? `${data.outbound.host}:${data.outbound.port}`
                      : 'None: replies are recorded as not sent',
                  ],
                  ['TLS', data.outbound.secure ? 'From the first byte' : 'STARTTLS when offered'],
                  ['Logs in', onOff(data.outbound.authenticated)],
                  ['Default sender', data.outbound.from],
                  [
                    'Retries',
                    `${data.outbound.attempts} attempts, first retry after ${data.outbound.firstRetrySeconds} s, then doubling`,
                  ],
                ]}
              />
            </Paper>
          </SimpleGrid>
        </Stack>
      )}
    </QueryState>
  );
}
