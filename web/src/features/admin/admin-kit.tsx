import { Alert, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { errorMessage, isNotFound } from '../../api/client';

export function AdminHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description: string;
  actions?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="nowrap">
      <div>
        <Title order={1} size="h3">
          {title}
        </Title>
        <Text c="dimmed" size="sm">
          {description}
        </Text>
      </div>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

/** Loading, failure and "this server has no such endpoint yet" for a query, in one place. */
export function QueryState({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  children: ReactNode;
}) {
  if (query.isPending) {
    return (
      <Center py="xl">
        <Loader size="sm" aria-label="Loading" />
      </Center>
    );
  }
  if (query.isError) {
    return (
      <Alert
        color={isNotFound(query.error) ? 'gray' : 'red'}
        title={isNotFound(query.error) ? 'Not available' : 'Could not load'}
      >
        {isNotFound(query.error)
          ? 'This server does not offer this yet. Update Tierline to manage it here.'
          : errorMessage(query.error)}
      </Alert>
    );
  }
  return <Stack gap="md">{children}</Stack>;
}

export const saved = (message: string) => notifications.show({ color: 'teal', message });
export const failed = (error: unknown) =>
  notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });

export const TIME_ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
  }
})();
