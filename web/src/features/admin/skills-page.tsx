import { Alert, Badge, Button, Group, Paper, Table, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, useSave, useSkills } from '../../api/directory';
import { AdminHeader, QueryState, saved } from './admin-kit';

export default function SkillsPage() {
  useDocumentTitle('Skills · Administration · Tierline');
  const skills = useSkills();
  const [name, setName] = useState('');
  const [category, setCategory] = useState('software');
  const create = useSave(
    (body: { name: string; category: string }) => directory.createSkill(body),
    ['skills'],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), category: category.trim() || 'software' },
      {
        onSuccess: () => {
          saved(`Skill ${name} added`);
          setName('');
        },
      },
    );
  };
  return (
    <>
      <AdminHeader
        title="Skills"
        description="What people can be rated in (1–5) for routing: software, hardware, network, …"
      />
      <Paper withBorder radius="md" p="md" mb="md" component="form" onSubmit={submit}>
        <Group align="end">
          <TextInput label="Skill" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput label="Category" value={category} onChange={(e) => setCategory(e.currentTarget.value)} />
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Add skill
          </Button>
        </Group>
        {create.isError && (
          <Alert color="red" mt="sm" role="alert">
            {errorMessage(create.error)}
          </Alert>
        )}
      </Paper>
      <QueryState query={skills}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="Skills">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Skill</Table.Th>
                <Table.Th>Category</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(skills.data ?? []).map((skill) => (
                <Table.Tr key={skill.id}>
                  <Table.Td fw={500}>{skill.name}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray">
                      {skill.category}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </QueryState>
    </>
  );
}
