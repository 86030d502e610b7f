import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, useCategories, useSave } from '../../api/directory';
import type { Category } from '../../api/types';
import { AdminHeader, failed, QueryState, saved } from './admin-kit';

function flatten(categories: Category[]): { category: Category; depth: number }[] {
  const children = Map.groupBy(categories, (category) => category.parentId ?? 0);
  const out: { category: Category; depth: number }[] = [];
  const walk = (parentId: number, depth: number) => {
    for (const category of (children.get(parentId) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ category, depth });
      if (depth < 10) walk(category.id, depth + 1);
    }
  };
  walk(0, 0);
  return out;
}

function CategoryRow({ category, depth }: { category: Category; depth: number }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(category.name);
  const rename = useSave(
    (value: string) => directory.updateCategory(category.id, { name: value }),
    ['categories'],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate(name.trim(), { onSuccess: () => setEditing(false), onError: failed });
  };
  return (
    <Group
      justify="space-between"
      px="md"
      py={6}
      pl={16 + depth * 24}
      style={{ borderBottom: '1px solid var(--tl-border)' }}
    >
      {editing ? (
        <form onSubmit={submit}>
          <Group gap={6}>
            <TextInput
              size="xs"
              aria-label="Category name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              autoFocus
            />
            <Button size="xs" type="submit" loading={rename.isPending}>
              Save
            </Button>
            <Button size="xs" variant="default" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </Group>
        </form>
      ) : (
        <Text size="sm" fw={depth === 0 ? 600 : 400}>
          {depth > 0 ? '↳ ' : ''}
          {category.name}
        </Text>
      )}
      {!editing && (
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => setEditing(true)}
          aria-label={`Rename ${category.name}`}
        >
          Rename
        </Button>
      )}
    </Group>
  );
}

export default function CategoriesPage() {
  useDocumentTitle('Categories · Administration · Tierline');
  const categories = useCategories();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState<string | null>(null);
  const create = useSave((body: Record<string, unknown>) => directory.createCategory(body), ['categories']);
  const rows = flatten(categories.data ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), parentId: parentId ? Number(parentId) : null },
      {
        onSuccess: () => {
          saved(`Category ${name} added`);
          setName('');
        },
      },
    );
  };
  return (
    <>
      <AdminHeader title="Categories" description="A tree of ticket categories, for routing and reports." />
      <Paper withBorder radius="md" p="md" mb="md" component="form" onSubmit={submit}>
        <Group align="end">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select
            label="Under"
            placeholder="Top level"
            clearable
            data={rows.map(({ category, depth }) => ({
              value: String(category.id),
              label: `${'· '.repeat(depth)}${category.name}`,
            }))}
            value={parentId}
            onChange={setParentId}
          />
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Add category
          </Button>
        </Group>
        {create.isError && (
          <Alert color="red" mt="sm" role="alert">
            {errorMessage(create.error)}
          </Alert>
        )}
      </Paper>
      <QueryState query={categories}>
        <Paper withBorder radius="md">
          <Stack gap={0} aria-label="Categories" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {rows.map(({ category, depth }) => (
              <li key={category.id}>
                <CategoryRow category={category} depth={depth} />
              </li>
            ))}
            {rows.length === 0 && (
              <Text c="dimmed" ta="center" py="lg">
                No categories yet.
              </Text>
            )}
          </Stack>
        </Paper>
      </QueryState>
    </>
  );
}
