import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, useOrganisations, useSave, useSkills } from '../../api/directory';
import type { Role, User } from '../../api/types';
import { ROLES } from '../../api/types';
import { useMe } from '../../auth/session';
import { ROLE_LABEL } from '../../lib/labels';
import { saved, TIME_ZONES } from './admin-kit';

const CUSTOMER_ROLES: Role[] = ['customer', 'client_admin'];

interface Draft {
  name: string;
  email: string;
  role: Role;
  organisationId: string | null;
  password: string;
  position: string;
  phone: string;
  timeZone: string;
  languages: string[];
  active: boolean;
  skills: { skillId: number; level: number }[];
}

const emptyDraft = (): Draft => ({
  name: '',
  email: '',
  role: 'operator',
  organisationId: null,
  password: '',
  position: '',
  phone: '',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  languages: ['en'],
  active: true,
  skills: [],
});

const draftOf = (user: User): Draft => ({
  name: user.name,
  email: user.email,
  role: user.role,
  organisationId: user.organisationId ? String(user.organisationId) : null,
  password: '',
  position: user.position,
  phone: user.phone,
  timeZone: user.timeZone,
  languages: user.languages,
  active: user.active,
  skills: user.skills.map((skill) => ({ skillId: skill.id, level: skill.level })),
});

/** Create or edit a person: staff with role, teams come from the Teams page; customers with organisation. */
export function UserFormModal({
  user,
  opened,
  onClose,
}: {
  user: User | null;
  opened: boolean;
  onClose: () => void;
}) {
  const me = useMe();
  const organisations = useOrganisations(opened);
  const skills = useSkills(opened);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setDraft(user ? draftOf(user) : emptyDraft());
      setError(null);
    }
  }, [opened, user]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const customer = CUSTOMER_ROLES.includes(draft.role);
  const roles = me.role === 'admin' ? ROLES : CUSTOMER_ROLES;

  const save = useSave(
    async (value: Draft) => {
      const body: Record<string, unknown> = {
        name: value.name.trim(),
        email: value.email.trim(),
        role: value.role,
        organisationId: customer && value.organisationId ? Number(value.organisationId) : null,
        position: value.position.trim(),
        phone: value.phone.trim(),
        timeZone: value.timeZone,
        languages: value.languages.length ? value.languages : ['en'],
      };
      if (value.password) body.password = value.password;
      if (user) {
        body.active = value.active;
        const updated = await directory.updateUser(user.id, body);
        const before = JSON.stringify(draftOf(user).skills);
        if (!customer && JSON.stringify(value.skills) !== before)
          await directory.setUserSkills(user.id, value.skills);
        return updated;
      }
      const created = await directory.createUser(body);
      if (!customer && value.skills.length) await directory.setUserSkills(created.id, value.skills);
      return created;
    },
    ['users', 'teams'],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    save.mutate(draft, {
      onSuccess: () => {
        saved(user ? `${draft.name} updated` : `${draft.name} can now sign in`);
        onClose();
      },
      onError: (failure) => setError(errorMessage(failure)),
    });
  };

  const skillOptions = (skills.data ?? []).map((skill) => ({ value: String(skill.id), label: skill.name }));
  return (
    <Modal opened={opened} onClose={onClose} title={user ? `Edit ${user.name}` : 'New user'} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Name"
              required
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              data-autofocus
            />
            <TextInput
              label="Email"
              type="email"
              required
              value={draft.email}
              onChange={(e) => set('email', e.currentTarget.value)}
            />
            <Select
              label="Role"
              required
              data={roles.map((role) => ({ value: role, label: ROLE_LABEL[role] }))}
              value={draft.role}
              allowDeselect={false}
              onChange={(value) => value && set('role', value as Role)}
            />
            {customer ? (
              <Select
                label="Organisation"
                required={draft.role === 'client_admin'}
                clearable
                searchable
                data={(organisations.data ?? []).map((org) => ({ value: String(org.id), label: org.name }))}
                value={draft.organisationId}
                onChange={(value) => set('organisationId', value)}
              />
            ) : (
              <TextInput
                label="Position"
                value={draft.position}
                onChange={(e) => set('position', e.currentTarget.value)}
              />
            )}
            <PasswordInput
              label={user ? 'New password' : 'Password'}
              description={
                user
                  ? 'Leave empty to keep the current one'
                  : 'At least 10 characters; leave empty for SSO-only'
              }
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => set('password', e.currentTarget.value)}
              error={draft.password && draft.password.length < 10 ? 'At least 10 characters' : undefined}
            />
            <TextInput
              label="Phone"
              value={draft.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
            />
            <Select
              label="Time zone"
              searchable
              data={TIME_ZONES}
              value={draft.timeZone}
              allowDeselect={false}
              onChange={(value) => value && set('timeZone', value)}
            />
            <TagsInput
              label="Languages"
              description="Language tags such as en, de, fr-CH"
              value={draft.languages}
              onChange={(value) => set('languages', value)}
            />
          </SimpleGrid>
          {!customer && (
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                Skills
              </Text>
              {draft.skills.map((entry, index) => (
                <Group key={entry.skillId} gap="xs" wrap="nowrap">
                  <Text size="sm" style={{ flex: 1 }}>
                    {skillOptions.find((option) => option.value === String(entry.skillId))?.label ??
                      entry.skillId}
                  </Text>
                  <NumberInput
                    size="xs"
                    w={110}
                    min={1}
                    max={5}
                    aria-label="Level (1–5)"
                    prefix="Level "
                    value={entry.level}
                    onChange={(value) =>
                      set(
                        'skills',
                        draft.skills.map((skill, i) =>
                          i === index ? { ...skill, level: Number(value) || 1 } : skill,
                        ),
                      )
                    }
                  />
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() =>
                      set(
                        'skills',
                        draft.skills.filter((_, i) => i !== index),
                      )
                    }
                  >
                    Remove
                  </Button>
                </Group>
              ))}
              <Select
                size="xs"
                placeholder={skills.isError ? 'Skills unavailable' : 'Add a skill'}
                aria-label="Add a skill"
                data={skillOptions.filter(
                  (option) => !draft.skills.some((skill) => String(skill.skillId) === option.value),
                )}
                value={null}
                searchable
                onChange={(value) =>
                  value && set('skills', [...draft.skills, { skillId: Number(value), level: 3 }])
                }
              />
            </Stack>
          )}
          {user && (
            <Switch
              label="Active (may sign in and be assigned tickets)"
              checked={draft.active}
              onChange={(e) => set('active', e.currentTarget.checked)}
            />
          )}
          {error && (
            <Alert color="red" role="alert" title="Not saved">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!draft.name.trim() || !draft.email.trim()}
            >
              {user ? 'Save changes' : 'Create user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
