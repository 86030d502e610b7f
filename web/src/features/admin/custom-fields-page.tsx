import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { directory, useCustomFields, useSave } from '../../api/directory';
import type { CustomField, CustomFieldType } from '../../api/types';
import { CUSTOM_FIELD_TYPES } from '../../api/types';
import { AdminHeader, QueryState, saved } from './admin-kit';

const TYPE_LABEL: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  select: 'Choice list',
};

function FieldModal({
  field,
  opened,
  onClose,
}: {
  field: CustomField | null;
  opened: boolean;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState({
    key: '',
    label: '',
    type: 'text' as CustomFieldType,
    options: [] as string[],
    required: false,
    customerVisible: false,
    active: true,
    position: 0,
  });
  useEffect(() => {
    if (!opened) return;
    setDraft(
      field
        ? { ...field }
        : {
            key: '',
            label: '',
            type: 'text',
            options: [],
            required: false,
            customerVisible: false,
            active: true,
            position: 0,
          },
    );
  }, [opened, field]);
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const save = useSave(async () => {
    const common = {
      label: draft.label.trim(),
      options: draft.type === 'select' ? draft.options : [],
      required: draft.required,
      customerVisible: draft.customerVisible,
      position: draft.position,
    };
    return field
      ? directory.updateCustomField(field.id, { ...common, active: draft.active })
      : directory.createCustomField({ ...common, key: draft.key.trim(), type: draft.type });
  }, ['custom-fields']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        saved(`Field "${draft.label}" saved`);
        onClose();
      },
    });
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={field ? `Edit field ${field.key}` : 'New custom field'}
      size="lg"
    >
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput
              label="Label"
              required
              value={draft.label}
              onChange={(e) => {
                const label = e.currentTarget.value;
                setDraft((current) => ({
                  ...current,
                  label,
                  key: field
                    ? current.key
                    : label
                        .toLowerCase()
                        .replace(/[^a-z0-9]+/g, '_')
                        .replace(/^_+|_+$/g, '')
                        .replace(/^[^a-z]+/, '')
                        .slice(0, 63),
                }));
              }}
              data-autofocus
            />
            <TextInput
              label="Key"
              description="Stored on tickets; cannot change later"
              required
              disabled={Boolean(field)}
              value={draft.key}
              onChange={(e) => set('key', e.currentTarget.value)}
            />
            <Select
              label="Type"
              disabled={Boolean(field)}
              data={CUSTOM_FIELD_TYPES.map((type) => ({ value: type, label: TYPE_LABEL[type] }))}
              value={draft.type}
              allowDeselect={false}
              onChange={(value) => value && set('type', value as CustomFieldType)}
            />
            <NumberInput
              label="Position"
              min={0}
              max={10000}
              value={draft.position}
              onChange={(value) => set('position', Number(value) || 0)}
            />
          </SimpleGrid>
          {draft.type === 'select' && (
            <TagsInput
              label="Choices"
              required
              value={draft.options}
              onChange={(value) => set('options', value)}
            />
          )}
          <Group>
            <Checkbox
              label="Required"
              checked={draft.required}
              onChange={(e) => set('required', e.currentTarget.checked)}
            />
            <Checkbox
              label="Customers see and fill it in"
              checked={draft.customerVisible}
              onChange={(e) => set('customerVisible', e.currentTarget.checked)}
            />
            {field && (
              <Checkbox
                label="Active"
                checked={draft.active}
                onChange={(e) => set('active', e.currentTarget.checked)}
              />
            )}
          </Group>
          {save.isError && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!draft.label.trim() || !draft.key.trim()}
            >
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function CustomFieldsPage() {
  useDocumentTitle('Custom fields · Administration · Tierline');
  const fields = useCustomFields();
  const [editing, setEditing] = useState<CustomField | null>(null);
  const [opened, modal] = useDisclosure(false);
  const open = (field: CustomField | null) => {
    setEditing(field);
    modal.open();
  };
  return (
    <>
      <AdminHeader
        title="Custom fields"
        description="Extra ticket fields: shown in the ticket side panel, and to customers when you say so."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
            New field
          </Button>
        }
      />
      <QueryState query={fields}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="Custom fields">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Label</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Flags</Table.Th>
                <Table.Th w={80}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(fields.data ?? []).map((field) => (
                <Table.Tr key={field.id} style={{ opacity: field.active ? 1 : 0.6 }}>
                  <Table.Td fw={500}>{field.label}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {field.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {TYPE_LABEL[field.type]}
                    {field.type === 'select' && (
                      <Text size="xs" c="dimmed">
                        {field.options.join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {field.required && <Badge size="xs">Required</Badge>}
                      {field.customerVisible && (
                        <Badge size="xs" color="teal" variant="light">
                          Customers
                        </Badge>
                      )}
                      {!field.active && (
                        <Badge size="xs" color="gray" variant="light">
                          Retired
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => open(field)}
                      aria-label={`Edit ${field.label}`}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {fields.data?.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              No custom fields yet.
            </Text>
          )}
        </Paper>
      </QueryState>
      <FieldModal field={editing} opened={opened} onClose={modal.close} />
    </>
  );
}
