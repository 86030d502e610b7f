import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useSave } from '../../api/directory';
import { articleActions, useKbCategories } from '../../api/knowledge';
import { saved } from '../admin/admin-kit';

/** Supervisors add the help centre's topics: a category, or a section of one. */
export function CategoryModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const categories = useKbCategories();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [parentId, setParentId] = useState<string | null>(null);
  const create = useSave(articleActions.createCategory, ['kb']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), description: description.trim(), parentId: parentId ? Number(parentId) : null },
      {
        onSuccess: () => {
          saved(parentId ? 'Section added' : 'Category added');
          setName('');
          setDescription('');
          setParentId(null);
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Add a category or section">
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={200}
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Select
            label="Section of"
            description="Leave empty for a top-level category"
            clearable
            data={(categories.data ?? [])
              .filter((category) => category.parentId === null)
              .map((category) => ({ value: String(category.id), label: category.name }))}
            value={parentId}
            onChange={setParentId}
          />
          {create.isError && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
