import {
  ActionIcon,
  Box,
  Button,
  FileButton,
  Group,
  Menu,
  SegmentedControl,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconLock, IconMessage, IconPaperclip, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../../api/client';
import { useStaff } from '../../../api/directory';
import { ticketKeys, useAddMessage } from '../../../api/tickets';
import type { Ticket, TicketEvent, TicketStatus, User } from '../../../api/types';
import { useMe } from '../../../auth/session';
import { STATUS_LABEL } from '../../../lib/labels';
import { useTypingAnnouncer } from '../../../live/live-provider';
import { useComposerInsertTarget } from '../../knowledge/composer-bridge';
import { MacroPicker } from '../../macros/macro-picker';
import { AttachmentChips } from '../attachment-chips';
import type { NameLookup } from '../describe-event';
import { useAttachments, useFileDrop } from '../use-attachments';
import { CollisionModal } from './collision-modal';
import { EditorToolbar } from './editor-toolbar';
import { MentionList, type MentionQuery, mentionCandidates } from './mention-list';

export type ComposerMode = 'reply' | 'note';

export interface ComposerProps {
  ticket: Ticket;
  mode: ComposerMode;
  onModeChange: (mode: ComposerMode) => void;
  /** Increments when the page wants the editor focused (r / n shortcuts). */
  focusRequest: number;
  names: NameLookup;
}

/** Dark amber: reads as "note" and keeps white text above 4.5:1. */
const NOTE_BUTTON = '#8f5400';
const draftKey = (ticketId: number) => `tierline-draft-${ticketId}`;
/** Events that are no reason to stop someone from sending. */
const QUIET_EVENTS = new Set(['watcher.added', 'watcher.removed']);

export default function Composer({ ticket, mode, onModeChange, focusRequest, names }: ComposerProps) {
  const me = useMe();
  const staff = useStaff();
  const client = useQueryClient();
  const addMessage = useAddMessage(ticket.id);
  const attachments = useAttachments();
  const typing = useTypingAnnouncer(ticket.id);
  const drop = useFileDrop(attachments.add);
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [mentionIndex, setMentionIndex] = useState(0);
  const [collision, setCollision] = useState<{ events: TicketEvent[]; status?: TicketStatus } | null>(null);
  const mentioned = useRef(new Map<number, string>());
  /** The last history entry the agent had seen when they started writing. */
  const baseline = useRef<number | null>(null);
  const latestEventId = () => {
    const cached = client.getQueryData<{ events: TicketEvent[] }>(ticketKeys.events(ticket.id));
    return cached?.events.at(-1)?.id ?? 0;
  };

  const candidates = useMemo(
    () => (mention ? mentionCandidates(staff.data ?? [], mention.query) : []),
    [mention, staff.data],
  );
  const keyState = useRef({ mention, candidates, mentionIndex });
  keyState.current = { mention, candidates, mentionIndex };
  const sendRef = useRef<(status?: TicketStatus) => void>(() => {});

  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false, autolink: true } })],
    content: sessionStorage.getItem(draftKey(ticket.id)) ?? '',
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': mode === 'note' ? 'Internal note' : 'Reply to the customer',
      },
      handleKeyDown: (_view, event) => {
        const { mention: open, candidates: list, mentionIndex: index } = keyState.current;
        if (open && list.length > 0) {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            setMentionIndex((index + (event.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length);
            return true;
          }
          if (event.key === 'Enter' || event.key === 'Tab') {
            pickRef.current(list[index]!);
            return true;
          }
          if (event.key === 'Escape') {
            setMention(null);
            return true;
          }
        }
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          sendRef.current();
          return true;
        }
        if (event.key === 'Escape') {
          (document.activeElement as HTMLElement | null)?.blur();
          return true;
        }
        return false;
      },
    },
    onUpdate: ({ editor: current, transaction }) => {
      if (!transaction.docChanged) return;
      if (current.isEmpty) {
        sessionStorage.removeItem(draftKey(ticket.id));
      } else {
        sessionStorage.setItem(draftKey(ticket.id), current.getHTML());
        baseline.current ??= latestEventId();
        typing.typed();
      }
    },
    onSelectionUpdate: ({ editor: current }) => {
      const { $from, empty } = current.state.selection;
      if (!empty) return setMention(null);
      const before = $from.parent.textBetween(
        Math.max(0, $from.parentOffset - 40),
        $from.parentOffset,
        undefined,
        '\ufffc',
      );
      const match = /(?:^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(before);
      if (!match) return setMention(null);
      const query = match[1] ?? '';
      setMention({ query, from: $from.pos - query.length - 1, to: $from.pos });
      setMentionIndex(0);
    },
  });

  const pickRef = useRef<(user: User) => void>(() => {});
  pickRef.current = (user: User) => {
    if (!mention) return;
    editor.chain().focus().insertContentAt({ from: mention.from, to: mention.to }, `@${user.name} `).run();
    mentioned.current.set(user.id, user.name);
    setMention(null);
  };

  const empty = useEditorState({ editor, selector: ({ editor: current }) => current.isEmpty });
  useComposerInsertTarget(ticket.id, editor);

  useEffect(() => {
    editor.setOptions({
      editorProps: {
        ...editor.options.editorProps,
        attributes: {
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': mode === 'note' ? 'Internal note' : 'Reply to the customer',
        },
      },
    });
  }, [editor, mode]);

  useEffect(() => {
    if (focusRequest > 0) editor.commands.focus('end');
  }, [focusRequest, editor]);

  const deliver = (status?: TicketStatus) => {
    const text = editor.getText({ blockSeparator: '\n\n' }).trim();
    const mentions = [...mentioned.current].filter(([, name]) => text.includes(`@${name}`)).map(([id]) => id);
    addMessage.mutate(
      {
        body: text,
        bodyHtml: editor.getHTML(),
        internal: mode === 'note',
        mentions: mentions.length ? mentions : undefined,
        attachmentIds: attachments.ids.length ? attachments.ids : undefined,
        status,
      },
      {
        onSuccess: () => {
          editor.commands.clearContent(true);
          sessionStorage.removeItem(draftKey(ticket.id));
          attachments.clear();
          mentioned.current.clear();
          baseline.current = null;
          typing.stop();
          notifications.show({
            color: 'teal',
            message: `${mode === 'note' ? 'Note added' : 'Reply sent'}${status ? ` · status ${STATUS_LABEL[status]}` : ''}`,
          });
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not sent', message: errorMessage(error) }),
      },
    );
  };

  const send = async (status?: TicketStatus) => {
    if (editor.isEmpty || attachments.uploading || addMessage.isPending) return;
    const since = baseline.current;
    if (since !== null) {
      try {
        const latest = await client.fetchQuery({
          queryKey: ticketKeys.events(ticket.id),
          queryFn: () => api<{ events: TicketEvent[] }>(`/api/tickets/${ticket.id}/events`),
          staleTime: 0,
        });
        const foreign = latest.events.filter(
          (event) => event.id > since && event.actor?.id !== me.id && !QUIET_EVENTS.has(event.type),
        );
        if (foreign.length > 0) {
          setCollision({ events: foreign, status });
          return;
        }
      } catch {
        // If the history cannot be read, sending is still better than losing the reply.
      }
    }
    deliver(status);
  };
  sendRef.current = (status?: TicketStatus) => void send(status);

  const disabled = ticket.status === 'closed' || ticket.mergedIntoId !== null;
  const isNote = mode === 'note';
  const sendLabel = isNote ? 'Add note' : 'Send reply';

  return (
    <Box className="composer" px="md" py="sm">
      <Box className="composer-box" data-mode={mode} data-dragging={drop.dragging} {...drop.handlers}>
        {drop.dragging && <div className="drop-overlay">Drop files to attach</div>}
        <MentionList
          candidates={candidates}
          activeIndex={mentionIndex}
          onPick={(user) => pickRef.current(user)}
        />
        <Group justify="space-between" wrap="nowrap" style={{ borderBottom: '1px solid var(--tl-border)' }}>
          <EditorToolbar editor={editor}>
            <FileButton onChange={(files) => attachments.add(files)} multiple>
              {(props) => (
                <Tooltip label="Attach files (or drop them here)">
                  <ActionIcon {...props} size="sm" variant="subtle" color="gray" aria-label="Attach files">
                    <IconPaperclip size={15} />
                  </ActionIcon>
                </Tooltip>
              )}
            </FileButton>
            <MacroPicker ticket={ticket} editor={editor} disabled={disabled} onVisibility={onModeChange} />
          </EditorToolbar>
          <SegmentedControl
            size="xs"
            mr={6}
            value={mode}
            onChange={(value) => onModeChange(value as ComposerMode)}
            aria-label="Message type"
            data={[
              {
                value: 'reply',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconMessage size={13} aria-hidden="true" />
                    Public reply
                  </Group>
                ),
              },
              {
                value: 'note',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconLock size={13} aria-hidden="true" />
                    Internal note
                  </Group>
                ),
              },
            ]}
          />
        </Group>
        <Box className="composer-editor" style={{ position: 'relative' }}>
          {empty && (
            <div className="composer-placeholder" aria-hidden="true">
              {disabled
                ? 'This ticket is closed or merged.'
                : isNote
                  ? 'Internal note, only staff see it. Type @ to mention a colleague.'
                  : `Reply to ${ticket.requester.name || ticket.requester.email}…`}
            </div>
          )}
          <EditorContent editor={editor} />
        </Box>
        <Group justify="space-between" px={8} pb={8} gap="xs" wrap="nowrap">
          <Box style={{ minWidth: 0 }}>
            <AttachmentChips items={attachments.items} onRemove={attachments.remove} />
            {attachments.items.length === 0 && (
              <Text size="xs" c="dimmed">
                {isNote ? 'Visible to staff only' : 'The customer receives this reply'} · Ctrl+Enter to send
              </Text>
            )}
          </Box>
          <Group gap={0} wrap="nowrap">
            <Button
              size="xs"
              color={isNote ? NOTE_BUTTON : 'blue'}
              leftSection={isNote ? <IconLock size={14} /> : <IconSend size={14} />}
              onClick={() => void send()}
              loading={addMessage.isPending}
              disabled={disabled || empty || attachments.uploading}
              style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
            >
              {sendLabel}
            </Button>
            <Menu position="top-end" shadow="md">
              <Menu.Target>
                <ActionIcon
                  size={30}
                  color={isNote ? NOTE_BUTTON : 'blue'}
                  variant="filled"
                  aria-label={`${sendLabel} and set status`}
                  disabled={disabled || empty || attachments.uploading}
                  style={{
                    borderTopLeftRadius: 0,
                    borderBottomLeftRadius: 0,
                    borderLeft: '1px solid rgba(255,255,255,0.4)',
                  }}
                >
                  <IconChevronDown size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{sendLabel} and set status</Menu.Label>
                {(['open', 'pending', 'on_hold', 'solved'] as const).map((status) => (
                  <Menu.Item key={status} onClick={() => void send(status)}>
                    {sendLabel} · {STATUS_LABEL[status]}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </Box>
      <CollisionModal
        events={collision?.events ?? null}
        names={names}
        onReview={() => {
          baseline.current = latestEventId();
          setCollision(null);
        }}
        onSendAnyway={() => {
          const status = collision?.status;
          setCollision(null);
          deliver(status);
        }}
      />
    </Box>
  );
}
