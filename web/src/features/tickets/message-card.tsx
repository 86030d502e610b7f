import { Anchor, Avatar, Badge, Box, Group, Stack, Text } from '@mantine/core';
import { IconLock, IconPaperclip } from '@tabler/icons-react';
import { useMemo } from 'react';
import { attachmentUrl } from '../../api/tickets';
import type { TicketMessage } from '../../api/types';
import { STAFF_ROLES } from '../../api/types';
import { CHANNEL_LABEL } from '../../lib/labels';
import { RelativeTime } from '../../lib/relative-time';
import { sanitizeHtml } from '../../lib/sanitize';
import { formatBytes } from '../../lib/time';
import { EmailMessageBody, MessageDeliveries } from '../email/email-message';
import { initials } from '../shell/user-menu';

export type MessageKind = 'customer' | 'agent' | 'note';

export function messageKind(message: TicketMessage): MessageKind {
  if (message.visibility === 'internal') return 'note';
  return message.author && STAFF_ROLES.includes(message.author.role) ? 'agent' : 'customer';
}

export function MessageBody({ message }: { message: TicketMessage }) {
  const html = useMemo(() => (message.bodyHtml ? sanitizeHtml(message.bodyHtml) : null), [message.bodyHtml]);
  if (html) {
    // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised with an allowlist above
    return <div className="message-body" dangerouslySetInnerHTML={{ __html: html }} />;
  }
  return <div className="message-body plain">{message.body}</div>;
}

export function AttachmentList({ attachments }: { attachments: TicketMessage['attachments'] }) {
  if (attachments.length === 0) return null;
  return (
    <Group
      gap="xs"
      mt="xs"
      component="ul"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      aria-label="Attachments"
    >
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          <Anchor href={attachmentUrl(attachment.id)} size="xs" download={attachment.filename}>
            <Group gap={4} wrap="nowrap">
              <IconPaperclip size={13} aria-hidden="true" />
              {attachment.filename}
              <Text span size="xs" c="dimmed">
                ({formatBytes(attachment.size)})
              </Text>
            </Group>
          </Anchor>
        </li>
      ))}
    </Group>
  );
}

const KIND_LABEL: Record<MessageKind, string> = {
  customer: 'Customer message',
  agent: 'Agent reply',
  note: 'Internal note',
};

export function MessageCard({
  message,
  highlight = false,
  ticketId,
}: {
  message: TicketMessage;
  highlight?: boolean;
  /** On the agent's ticket page: email details and outgoing-mail state of the message. */
  ticketId?: number;
}) {
  const kind = messageKind(message);
  const name = message.author?.name ?? 'Unknown sender';
  return (
    <Box
      component="article"
      className="message"
      data-kind={kind}
      data-message-id={message.id}
      p="sm"
      aria-label={`${KIND_LABEL[kind]} from ${name}`}
      style={highlight ? { outline: '2px solid var(--mantine-color-blue-5)' } : undefined}
    >
      <Group justify="space-between" wrap="nowrap" mb={6} align="flex-start">
        <Group gap="xs" wrap="nowrap">
          <Avatar
            size={28}
            radius="xl"
            color={kind === 'customer' ? 'blue' : kind === 'note' ? 'yellow' : 'teal'}
          >
            {initials(name)}
          </Avatar>
          <Stack gap={0}>
            <Group gap={6}>
              <Text size="sm" fw={600}>
                {name}
              </Text>
              {kind === 'note' ? (
                <Badge
                  size="xs"
                  color="yellow"
                  variant="light"
                  leftSection={<IconLock size={10} />}
                  className="note-badge"
                >
                  Internal note
                </Badge>
              ) : (
                <Text size="xs" c="dimmed">
                  {kind === 'customer' ? 'Customer' : 'Agent'}
                  {message.channel && message.channel !== 'api'
                    ? ` · via ${CHANNEL_LABEL[message.channel as keyof typeof CHANNEL_LABEL] ?? message.channel}`
                    : ''}
                </Text>
              )}
            </Group>
          </Stack>
        </Group>
        <Text size="xs" c="dimmed">
          <RelativeTime value={message.createdAt} />
        </Text>
      </Group>
      <Box pl={36}>
        {ticketId !== undefined && message.channel === 'email' ? (
          <EmailMessageBody
            ticketId={ticketId}
            message={message}
            fallback={<MessageBody message={message} />}
          />
        ) : (
          <MessageBody message={message} />
        )}
        <AttachmentList attachments={message.attachments} />
        {ticketId !== undefined && <MessageDeliveries ticketId={ticketId} messageId={message.id} />}
      </Box>
    </Box>
  );
}
