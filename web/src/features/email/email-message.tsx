import { Badge, Box, Button, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconMail, IconPhotoOff } from '@tabler/icons-react';
import { type ReactNode, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useSave } from '../../api/directory';
import { type Delivery, emailApi, useDeliveries, useMessageHtml } from '../../api/email';
import type { TicketMessage } from '../../api/types';
import { RelativeTime } from '../../lib/relative-time';
import { sanitizeHtml } from '../../lib/sanitize';
import { formatDateTime } from '../../lib/time';
import { DELIVERY_COLOR, DELIVERY_LABEL, ERROR_TEXT } from './email-labels';

/** The server folds quoted history into <details data-tierline-quoted>; it is shown only on request. */
function splitQuoted(html: string): { main: string; quoted: string | null } {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const folded = parsed.body.querySelectorAll('details[data-tierline-quoted]');
  if (folded.length === 0) return { main: html, quoted: null };
  const quoted: string[] = [];
  for (const element of folded) {
    element.querySelector(':scope > summary')?.remove();
    quoted.push(element.innerHTML);
    element.remove();
  }
  return { main: parsed.body.innerHTML, quoted: quoted.join('') };
}

const QUOTED_STYLE = {
  borderLeft: '3px solid var(--mantine-color-default-border)',
  paddingLeft: 'var(--mantine-spacing-sm)',
  marginTop: 4,
  color: 'var(--mantine-color-dimmed)',
};

function HeaderLine({ label, values }: { label: string; values: string[] }) {
  if (values.length === 0) return null;
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={34} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="xs" style={{ wordBreak: 'break-word' }}>
        {values.join(', ')}
      </Text>
    </Group>
  );
}

/**
 * A message that came in by mail: its From/To/Cc, the HTML the server made safe (sanitised again
 * here), remote images only when the viewer asks, and the quoted history folded away.
 */
export function EmailMessageBody({
  ticketId,
  message,
  fallback,
}: {
  ticketId: number;
  message: TicketMessage;
  /** The plain rendering, for when the email view cannot be had. */
  fallback: ReactNode;
}) {
  const [remote, setRemote] = useState(false);
  const [showQuoted, setShowQuoted] = useState(false);
  const mail = useMessageHtml(ticketId, message.id, remote);
  const parts = useMemo(() => {
    if (!mail.data) return null;
    const { main, quoted } = splitQuoted(mail.data.html);
    const options = { ownImages: true, remoteImages: mail.data.remoteShown };
    return {
      main: sanitizeHtml(main, options),
      quoted: quoted === null ? null : sanitizeHtml(quoted, options),
    };
  }, [mail.data]);
  if (mail.isPending && !mail.data) return <Skeleton h={48} radius="sm" aria-label="Loading the email" />;
  // Without the email view (an older server, a network error) the message still reads as before.
  if (!mail.data || !parts) return fallback;
  const headers = mail.data.email;
  const quotedId = `quoted-${message.id}`;
  const hasQuote = parts.quoted !== null || Boolean(mail.data.quotedText);
  return (
    <Stack gap={6}>
      {headers && (
        <Box
          aria-label="Email details"
          role="group"
          px={8}
          py={4}
          style={{
            borderRadius: 'var(--mantine-radius-sm)',
            background: 'var(--mantine-color-default-hover)',
          }}
        >
          <HeaderLine label="From" values={headers.from ? [headers.from] : []} />
          <HeaderLine label="To" values={headers.to} />
          <HeaderLine label="Cc" values={headers.cc} />
          {headers.date && !Number.isNaN(Date.parse(headers.date)) && (
            <HeaderLine label="Date" values={[formatDateTime(new Date(headers.date).toISOString())]} />
          )}
        </Box>
      )}
      {mail.data.hasRemoteContent && !mail.data.remoteShown && (
        <Group gap={6} className="remote-blocked">
          <IconPhotoOff size={14} aria-hidden="true" />
          <Text size="xs" c="dimmed">
            Remote images are blocked to protect your privacy.
          </Text>
          <Button size="compact-xs" variant="subtle" onClick={() => setRemote(true)}>
            Show remote images
          </Button>
        </Group>
      )}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server and again with the allowlist */}
      <div className="message-body" dangerouslySetInnerHTML={{ __html: parts.main }} />
      {hasQuote && (
        <div>
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            aria-expanded={showQuoted}
            aria-controls={quotedId}
            onClick={() => setShowQuoted((shown) => !shown)}
          >
            {showQuoted ? 'Hide quoted text' : 'Show quoted text'}
          </Button>
          {showQuoted &&
            (parts.quoted !== null ? (
              <div
                id={quotedId}
                className="message-body"
                style={QUOTED_STYLE}
                // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server and again with the allowlist
                dangerouslySetInnerHTML={{ __html: parts.quoted }}
              />
            ) : (
              <div id={quotedId} className="message-body plain" style={QUOTED_STYLE}>
                {mail.data.quotedText}
              </div>
            ))}
        </div>
      )}
    </Stack>
  );
}

function retryHint(delivery: Delivery, maxAttempts: number, retrySeconds: number): string {
  if (delivery.attempts === 0) return 'waiting to be sent';
  const wait = Math.min(retrySeconds * 2 ** (delivery.attempts - 1), retrySeconds * 64);
  const next = new Date(Date.parse(delivery.updatedAt) + wait * 1000).toISOString();
  return `attempt ${delivery.attempts} of ${maxAttempts} failed, next try about ${formatDateTime(next)}`;
}

/** Outgoing mail of one message (a reply): sending, sent, or not delivered with why and a retry. */
export function MessageDeliveries({ ticketId, messageId }: { ticketId: number; messageId: number }) {
  const deliveries = useDeliveries(ticketId);
  const retry = useSave(
    (deliveryId: number) => emailApi.retryDelivery(ticketId, deliveryId),
    ['ticket-deliveries'],
  );
  const mine = (deliveries.data?.deliveries ?? []).filter((delivery) => delivery.messageId === messageId);
  if (mine.length === 0 || !deliveries.data) return null;
  const { maxAttempts, retrySeconds } = deliveries.data;
  return (
    <Stack
      gap={4}
      mt="xs"
      component="ul"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      aria-label="Email delivery"
    >
      {mine.map((delivery) => {
        const problem = delivery.state === 'failed' || delivery.state === 'bounced';
        return (
          <Box component="li" key={delivery.id} className="delivery" data-state={delivery.state}>
            <Group gap={6} wrap="wrap">
              {problem ? (
                <IconAlertTriangle size={13} color="var(--mantine-color-red-6)" aria-hidden="true" />
              ) : (
                <IconMail size={13} aria-hidden="true" />
              )}
              <Badge size="xs" variant="light" color={DELIVERY_COLOR[delivery.state]}>
                {DELIVERY_LABEL[delivery.state]}
              </Badge>
              <Tooltip label={[...delivery.to, ...delivery.cc.map((cc) => `Cc ${cc}`)].join(', ')}>
                <Text size="xs" c="dimmed">
                  to {delivery.to.join(', ')}
                  {delivery.cc.length > 0 ? ` · Cc ${delivery.cc.length}` : ''}
                </Text>
              </Tooltip>
              {delivery.state === 'sent' && delivery.sentAt && (
                <Text size="xs" c="dimmed">
                  <RelativeTime value={delivery.sentAt} />
                </Text>
              )}
              {delivery.state === 'queued' && (
                <Text size="xs" c="dimmed">
                  {retryHint(delivery, maxAttempts, retrySeconds)}
                </Text>
              )}
              {delivery.state === 'failed' && (
                <Button
                  size="compact-xs"
                  variant="light"
                  color="red"
                  loading={retry.isPending && retry.variables === delivery.id}
                  onClick={() =>
                    retry.mutate(delivery.id, {
                      onError: (error) =>
                        notifications.show({
                          color: 'red',
                          title: 'Not sent again',
                          message: errorMessage(error),
                        }),
                    })
                  }
                >
                  Send again
                </Button>
              )}
            </Group>
            {delivery.lastError &&
              (problem || delivery.state === 'queued' || delivery.state === 'suppressed') && (
                <Text
                  size="xs"
                  c={problem ? ERROR_TEXT : 'dimmed'}
                  pl={19}
                  role={problem ? 'alert' : undefined}
                >
                  {problem ? `After ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}: ` : ''}
                  {delivery.lastError}
                </Text>
              )}
          </Box>
        );
      })}
    </Stack>
  );
}
