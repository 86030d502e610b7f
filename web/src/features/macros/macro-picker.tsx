import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBolt, IconLock, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Editor } from '@tiptap/react';
import { type KeyboardEvent, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { type Macro, useApplyMacro, useMacroPreview, useMacros } from '../../api/macros';
import { ticketKeys } from '../../api/tickets';
import type { Ticket } from '../../api/types';
import { useNames } from '../tickets/use-names';
import { describeActions, describeChanges, textToHtml } from './macro-text';

const matches = (macro: Macro, query: string) => {
  const needle = query.trim().toLowerCase();
  return (
    !needle || macro.title.toLowerCase().includes(needle) || macro.description.toLowerCase().includes(needle)
  );
};

/** Puts a macro's reply into the composer: after what is there, or as the whole draft when empty. */
export function insertIntoComposer(editor: Editor, text: string) {
  const html = textToHtml(text);
  if (!html) return;
  if (editor.isEmpty) editor.commands.setContent(html);
  else editor.commands.insertContentAt(editor.state.doc.content.size, html);
}

/**
 * The composer's macro button and its picker (m on the ticket page): search, see the reply filled in
 * for this ticket and the field changes, Enter applies. The changes are made at once; the reply
 * lands in the composer to be read and sent.
 */
export function MacroPicker({
  ticket,
  editor,
  disabled,
  onVisibility,
}: {
  ticket: Ticket;
  editor: Editor;
  disabled: boolean;
  /** Internal macros write a note rather than a public reply. */
  onVisibility: (mode: 'reply' | 'note') => void;
}) {
  const [opened, modal] = useDisclosure(false);
  useHotkeys([['m', () => !disabled && modal.open()]]);
  return (
    <>
      <Tooltip label="Apply a macro (m)">
        <ActionIcon
          size="sm"
          variant="subtle"
          color="gray"
          aria-label="Apply a macro"
          aria-haspopup="dialog"
          disabled={disabled}
          onMouseDown={(event) => event.preventDefault()}
          onClick={modal.open}
        >
          <IconBolt size={15} />
        </ActionIcon>
      </Tooltip>
      <Modal
        opened={opened}
        onClose={modal.close}
        title="Apply a macro"
        size="xl"
        // Whether a macro was applied or not, writing goes on in the composer.
        returnFocus={false}
        onExitTransitionEnd={() => editor.commands.focus('end')}
      >
        {opened && (
          <MacroSearch
            ticket={ticket}
            onApplied={(body, visibility) => {
              onVisibility(visibility === 'internal' ? 'note' : 'reply');
              insertIntoComposer(editor, body);
              modal.close();
            }}
          />
        )}
      </Modal>
    </>
  );
}

function MacroSearch({
  ticket,
  onApplied,
}: {
  ticket: Ticket;
  onApplied: (body: string, visibility: Macro['replyVisibility']) => void;
}) {
  const macros = useMacros();
  const names = useNames(ticket);
  const client = useQueryClient();
  const apply = useApplyMacro(ticket.id);
  const [query, setQuery] = useState('');
  const [activeId, setActiveId] = useState<number | null>(null);
  const found = useMemo(
    () => (macros.data ?? []).filter((macro) => matches(macro, query)),
    [macros.data, query],
  );
  const active = found.find((macro) => macro.id === activeId) ?? found[0] ?? null;
  useEffect(() => {
    if (active && active.id !== activeId) setActiveId(active.id);
  }, [active, activeId]);
  const preview = useMacroPreview(ticket.id, active?.id ?? null, ticket.version);

  const run = (macro: Macro | null) => {
    if (!macro || apply.isPending) return;
    apply.mutate(
      { macroId: macro.id, version: ticket.version },
      {
        onSuccess: (result) => {
          const changed = describeChanges(result.changes, names);
          notifications.show({
            color: 'teal',
            message: `Macro “${macro.title}” applied${changed.length ? ` · ${changed.join(', ')}` : ''}`,
          });
          onApplied(result.body, result.replyVisibility);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'ticket_changed')
            void client.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) });
        },
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (found.length === 0) return;
    const index = Math.max(
      0,
      found.findIndex((macro) => macro.id === active?.id),
    );
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (index + (event.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length;
      setActiveId(found[next]?.id ?? null);
      document.getElementById(`macro-option-${found[next]?.id}`)?.scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(active);
    }
  };

  if (macros.isPending) return <Loader size="sm" aria-label="Loading macros" />;
  if (macros.isError)
    return (
      <Alert color="red" role="alert" title="Macros could not be loaded">
        {errorMessage(macros.error)}
      </Alert>
    );

  return (
    <Stack>
      <TextInput
        data-autofocus
        label="Search macros"
        placeholder="Type to filter, ↑↓ to choose, Enter to apply"
        leftSection={<IconSearch size={16} aria-hidden="true" />}
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded={found.length > 0}
        aria-controls="macro-listbox"
        aria-autocomplete="list"
        aria-activedescendant={active ? `macro-option-${active.id}` : undefined}
      />
      {(macros.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          No macros yet.{' '}
          <Anchor component={Link} to="/macros">
            Create one
          </Anchor>{' '}
          to answer common requests in one step.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <ScrollArea.Autosize mah={360} type="auto">
            <div role="listbox" id="macro-listbox" aria-label="Macros">
              {found.length === 0 && (
                <Text size="sm" c="dimmed" p="xs">
                  No macro matches “{query}”.
                </Text>
              )}
              {found.map((macro) => (
                <UnstyledButton
                  key={macro.id}
                  id={`macro-option-${macro.id}`}
                  role="option"
                  aria-selected={macro.id === active?.id}
                  tabIndex={-1}
                  onClick={() => setActiveId(macro.id)}
                  onDoubleClick={() => run(macro)}
                  display="block"
                  w="100%"
                  px={10}
                  py={6}
                  style={{
                    borderRadius: 6,
                    background: macro.id === active?.id ? 'var(--tl-row-active)' : undefined,
                  }}
                >
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600} truncate>
                      {macro.title}
                    </Text>
                    {macro.replyVisibility === 'internal' && (
                      <IconLock size={13} aria-label="internal note" />
                    )}
                    <Badge size="xs" variant="light" color={macro.shared ? 'blue' : 'gray'}>
                      {macro.shared ? 'Shared' : 'Personal'}
                    </Badge>
                  </Group>
                  {macro.description && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {macro.description}
                    </Text>
                  )}
                </UnstyledButton>
              ))}
            </div>
          </ScrollArea.Autosize>
          <Paper
            withBorder
            p="sm"
            radius="md"
            aria-live="polite"
            aria-label="Macro preview"
            component="section"
          >
            {active ? (
              <MacroPreview
                macro={active}
                body={preview.data?.body}
                loading={preview.isPending}
                error={preview.isError ? errorMessage(preview.error) : null}
                changes={describeActions(active.actions, names)}
              />
            ) : (
              <Text size="sm" c="dimmed">
                Choose a macro to see it filled in for #{ticket.id}.
              </Text>
            )}
          </Paper>
        </SimpleGrid>
      )}
      {apply.isError && (
        <Alert color="red" role="alert" title="Macro not applied">
          {errorMessage(apply.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={() => run(active)} loading={apply.isPending} disabled={!active}>
          Apply macro
        </Button>
      </Group>
    </Stack>
  );
}

function MacroPreview({
  macro,
  body,
  loading,
  error,
  changes,
}: {
  macro: Macro;
  body: string | undefined;
  loading: boolean;
  error: string | null;
  changes: string[];
}) {
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {macro.replyVisibility === 'internal' ? 'Internal note' : 'Reply'}
      </Text>
      {loading ? (
        <Loader size="xs" aria-label="Filling in the macro" />
      ) : error ? (
        <Text size="sm" c="red">
          {error}
        </Text>
      ) : body?.trim() ? (
        <Box style={{ whiteSpace: 'pre-wrap' }}>
          <Text size="sm">{body}</Text>
        </Box>
      ) : (
        <Text size="sm" c="dimmed">
          No reply text; only field changes.
        </Text>
      )}
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="xs">
        Changes
      </Text>
      <Text size="sm">{changes.length ? changes.join(' · ') : 'None'}</Text>
    </Stack>
  );
}
