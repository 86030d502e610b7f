import {
  Alert,
  Box,
  Button,
  Group,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Tabs,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { directory, useSave } from '../../api/directory';
import { meKey, useMe } from '../../auth/session';
import { ROLE_LABEL } from '../../lib/labels';
import { saved, TIME_ZONES } from '../admin/admin-kit';
import { NotificationPreferencesPanel } from '../email/notification-preferences';
import { TokensPanel } from './tokens-panel';

function ProfileForm() {
  const me = useMe();
  const client = useQueryClient();
  const [name, setName] = useState(me.name);
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const [languages, setLanguages] = useState(me.languages);
  const [currentPassword, setCurrentPassword] = useState('');
  const [password, setPassword] = useState('');
  const save = useSave((body: Record<string, unknown>) => directory.updateMe(body), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { name: name.trim(), timeZone, languages };
    if (password) Object.assign(body, { password, currentPassword });
    save.mutate(body, {
      onSuccess: () => {
        saved('Profile saved');
        setPassword('');
        setCurrentPassword('');
        void client.invalidateQueries({ queryKey: meKey });
      },
    });
  };
  return (
    <Paper withBorder radius="md" p="lg" component="form" onSubmit={submit} maw={640}>
      <Stack>
        <Text size="sm" c="dimmed">
          {me.email} · {ROLE_LABEL[me.role]}
          {me.teams.length
            ? ` · ${me.teams.map((team) => `${team.name} (Tier ${team.tier})`).join(', ')}`
            : ''}
        </Text>
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select
          label="Time zone"
          description="All times in Tierline show in this zone"
          searchable
          data={TIME_ZONES}
          value={timeZone}
          allowDeselect={false}
          onChange={(value) => value && setTimeZone(value)}
        />
        <TagsInput label="Languages" value={languages} onChange={setLanguages} />
        <Title order={2} size="h6" mt="sm">
          Change password
        </Title>
        <Group grow>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={password && password.length < 10 ? 'At least 10 characters' : undefined}
          />
        </Group>
        {save.isError && (
          <Alert color="red" role="alert">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export default function ProfilePage() {
  useDocumentTitle('Profile · Tierline');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'tokens' ? 'tokens' : 'profile';
  return (
    <Box p="lg" maw={1100}>
      <Title order={1} size="h3" mb="md">
        Your profile
      </Title>
      <Tabs value={tab} onChange={(value) => setParams(value === 'tokens' ? { tab: 'tokens' } : {})}>
        <Tabs.List mb="md">
          <Tabs.Tab value="profile">Profile</Tabs.Tab>
          <Tabs.Tab value="tokens">API tokens</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile">
          <Stack>
            <ProfileForm />
            <NotificationPreferencesPanel />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="tokens">
          <TokensPanel />
        </Tabs.Panel>
      </Tabs>
    </Box>
  );
}
