import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { useAddMessage, useTicket, useUpdateTicket } from '../../api/tickets';
import type { TicketMessage } from '../../api/types';
import { STAFF_ROLES } from '../../api/types';
import { useMe } from '../../auth/session';
import { RelativeTime } from '../../lib/relative-time';
import { formatDateTime } from '../../lib/time';
import { StatusBadge } from '../tickets/badges';
import { AttachmentList, MessageBody } from '../tickets/message-card';
import { useAttachments } from '../tickets/use-attachments';
import { AttachmentDropzone } from './attachment-dropzone';

function PortalMessage({ message, myId }: { message: TicketMessage; myId: number }) {
  const fromSupport = message.author ? STAFF_ROLES.includes(message.author.role) : false;
  const mine = message.author?.id === myId;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="article"
      className="message"
      data-kind={fromSupport ? 'agent' : 'customer'}
      aria-label={`Message from ${fromSupport ? 'support' : (message.author?.name ?? 'you')}`}
    >
      <Group justify="space-between" mb={6}>
        <Group gap={6}>
          <Text fw={600} size="sm">
            {mine ? 'You' : (message.author?.name ?? 'Unknown')}
          </Text>
          {fromSupport && (
            <Badge size="xs" variant="light" color="teal">
              Support
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          <RelativeTime value={message.createdAt} />
        </Text>
      </Group>
      <MessageBody message={message} />
      <AttachmentList attachments={message.attachments} />
    </Paper>
  );
}

export function RequestPage() {
  const { ticketId } = useParams();
  const id = Number(ticketId);
  const me = useMe();
  const ticket = useTicket(id);
  const reply = useAddMessage(id);
  const update = useUpdateTicket(id);
  const attachments = useAttachments();
  const [body, setBody] = useState('');
  useDocumentTitle(ticket.data ? `#${id} ${ticket.data.subject} · Tierline` : 'Request · Tierline');

  if (ticket.isPending) {
    return (
      <Center h={300}>
        <Loader aria-label="Loading request" />
      </Center>
    );
  }
  if (ticket.isError || !ticket.data) {
    const missing = ticket.error instanceof ApiError && ticket.error.status === 404;
    return (
      <Alert
        color={missing ? 'gray' : 'red'}
        title={missing ? 'Request not found' : 'Could not load the request'}
      >
        {missing ? 'It does not exist, or it is not yours to see.' : errorMessage(ticket.error)}
      </Alert>
    );
  }
  const data = ticket.data;
  const closed = data.status === 'closed';
  const solved = data.status === 'solved';

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    reply.mutate(
      {
        body: body.trim(),
        internal: false,
        attachmentIds: attachments.ids.length ? attachments.ids : undefined,
      },
      {
        onSuccess: () => {
          setBody('');
          attachments.clear();
          notifications.show({ color: 'teal', message: 'Your reply was sent' });
        },
      },
    );
  };
  const setStatus = (status: 'solved' | 'open') =>
    update.mutate(
      { status },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: status === 'solved' ? 'Marked as solved. Thank you!' : 'Request reopened',
          }),
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );

  return (
    <Stack gap="md" maw={860}>
      <Anchor component={Link} to="/portal" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden="true" /> All requests
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={1} size="h2">
            {data.subject}
          </Title>
          <Group gap={8} mt={4}>
            <Text c="dimmed" size="sm">
              #{data.id} · opened {formatDateTime(data.createdAt)}
              {data.requester.id !== me.id ? ` by ${data.requester.name}` : ''}
            </Text>
            <StatusBadge status={data.status} />
          </Group>
        </div>
        {!closed &&
          (solved ? (
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => setStatus('open')}
              loading={update.isPending}
            >
              Reopen
            </Button>
          ) : (
            <Button
              variant="light"
              color="teal"
              leftSection={<IconCircleCheck size={16} />}
              onClick={() => setStatus('solved')}
              loading={update.isPending}
            >
              Mark as solved
            </Button>
          ))}
      </Group>
      {solved && (
        <Alert color="teal" title="This request is solved">
          If the problem is back, reply below or reopen the request.
        </Alert>
      )}
      <Stack gap="sm" component="section" aria-label="Conversation">
        {data.messages.map((message) => (
          <PortalMessage key={message.id} message={message} myId={me.id} />
        ))}
      </Stack>
      {closed ? (
        <Alert color="gray" title="This request is closed">
          <Text size="sm">
            Need more help?{' '}
            <Anchor component={Link} to="/portal/new">
              Open a new request
            </Anchor>
            .
          </Text>
        </Alert>
      ) : (
        <Paper withBorder radius="md" p="md" component="form" onSubmit={send}>
          <Stack gap="sm">
            <Textarea
              label="Your reply"
              autosize
              minRows={4}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
            />
            <AttachmentDropzone attachments={attachments} />
            {reply.isError && (
              <Alert color="red" role="alert">
                {errorMessage(reply.error)}
              </Alert>
            )}
            <Box>
              <Button
                type="submit"
                loading={reply.isPending}
                disabled={!body.trim() || attachments.uploading}
              >
                Send reply
              </Button>
            </Box>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
