import { Alert, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../api/client';
import { useSave } from '../../api/directory';
import {
  emailApi,
  emailKeys,
  type NotificationPreference,
  useNotificationPreferences,
} from '../../api/email';
import { QueryState, saved } from '../admin/admin-kit';
import { KIND_HINT, KIND_LABEL } from './email-labels';

/** Which notification mails the signed-in person gets; each switch saves at once. */
export function NotificationPreferencesPanel() {
  const preferences = useNotificationPreferences();
  const client = useQueryClient();
  const save = useSave((preference: NotificationPreference) => emailApi.savePreferences([preference]), []);
  const toggle = (preference: NotificationPreference) =>
    save.mutate(preference, {
      onSuccess: (result) => {
        client.setQueryData(emailKeys.preferences, result.preferences);
        saved(
          `${KIND_LABEL[preference.kind]}: ${preference.email ? 'you will get these mails' : 'no more mails'}`,
        );
      },
    });
  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      maw={640}
      component="section"
      aria-labelledby="mail-preferences-title"
    >
      <Title order={2} size="h6" id="mail-preferences-title">
        Email notifications
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Choose which mails Tierline sends you. Everything stays visible in Tierline either way.
      </Text>
      <QueryState query={preferences}>
        <Stack gap="sm">
          {(preferences.data ?? []).map((preference) => (
            <Switch
              key={preference.kind}
              label={KIND_LABEL[preference.kind]}
              description={KIND_HINT[preference.kind]}
              checked={preference.email}
              disabled={save.isPending}
              onChange={(event) => toggle({ kind: preference.kind, email: event.currentTarget.checked })}
            />
          ))}
          {save.isError && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
        </Stack>
      </QueryState>
    </Paper>
  );
}

/** The portal's page for a customer's mail preferences. */
export default function PortalNotificationsPage() {
  useDocumentTitle('Email notifications · Support');
  return (
    <Stack>
      <Title order={1} size="h3">
        Email notifications
      </Title>
      <NotificationPreferencesPanel />
    </Stack>
  );
}
