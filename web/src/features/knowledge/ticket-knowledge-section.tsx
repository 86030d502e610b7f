import { ActionIcon, Anchor, Badge, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFilePlus, IconLink, IconTextPlus, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../../api/client';
import {
  type Article,
  draftFromTicket,
  helpArticleUrl,
  useLinkArticle,
  useTicketArticles,
  useTicketSuggestions,
  useUnlinkArticle,
} from '../../api/knowledge';
import type { Ticket } from '../../api/types';
import { useLive } from '../../live/live-provider';
import { PanelSection } from '../tickets/panel-section';
import { insertIntoComposer } from './composer-bridge';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const textToHtml = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');

/** Articles linked from elsewhere (another agent, a playbook) show up here without a reload. */
function useLiveArticleLinks(ticketId: number) {
  const live = useLive();
  const client = useQueryClient();
  useEffect(() => {
    if (!live) return;
    return live.subscribe((message) => {
      if (message.ticketId === ticketId && message.type.startsWith('article.')) {
        void client.invalidateQueries({ queryKey: ['ticket-kb', ticketId] });
      }
    });
  }, [live, client, ticketId]);
}

/**
 * The knowledge side of a ticket: articles suggested from its subject and first message, similar
 * solved tickets, the articles used on it, and writing a new article from it. One click puts a link
 * or the text into the reply and records the article as used on the ticket.
 */
export function TicketKnowledgeSection({ ticket, readOnly }: { ticket: Ticket; readOnly: boolean }) {
  const navigate = useNavigate();
  const suggestions = useTicketSuggestions(ticket.id);
  const linked = useTicketArticles(ticket.id);
  const link = useLinkArticle(ticket.id);
  const unlink = useUnlinkArticle(ticket.id);
  const [busy, setBusy] = useState<string | null>(null);
  useLiveArticleLinks(ticket.id);

  const put = (html: string) => {
    if (insertIntoComposer(ticket.id, html)) return true;
    notifications.show({
      color: 'orange',
      message: 'The reply box is not ready yet; try again in a moment.',
    });
    return false;
  };
  const use = async (articleId: number, title: string, how: 'link' | 'text') => {
    setBusy(`${how}-${articleId}`);
    try {
      let html: string;
      if (how === 'link') {
        html = `<p><a href="${helpArticleUrl(articleId)}">${escapeHtml(title)}</a></p>`;
      } else {
        const article = await api<Article>(`/api/kb/articles/${articleId}?countView=false`);
        html = article.bodyHtml || textToHtml(article.summary);
      }
      if (put(html)) await link.mutateAsync(articleId);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not inserted', message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  const writeArticle = async () => {
    setBusy('draft');
    try {
      const article = await draftFromTicket(ticket.id);
      navigate(`/knowledge/articles/${article.id}`);
    } catch (error) {
      notifications.show({ color: 'red', title: 'No draft written', message: errorMessage(error) });
      setBusy(null);
    }
  };

  const articles = suggestions.data?.articles ?? [];
  const similar = suggestions.data?.similarTickets ?? [];
  const linkedIds = new Set((linked.data ?? []).map((article) => article.id));

  return (
    <PanelSection title="Knowledge">
      {(linked.data ?? []).length > 0 && (
        <Text size="xs" c="dimmed" fw={600}>
          Used on this ticket
        </Text>
      )}
      {(linked.data ?? []).length > 0 && (
        <Stack
          gap={4}
          component="ul"
          aria-label="Articles used on this ticket"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {linked.data?.map((article) => (
            <Group key={article.id} gap={4} wrap="nowrap" component="li" justify="space-between">
              <Anchor component={Link} to={`/knowledge/articles/${article.id}`} size="xs" lineClamp={1}>
                {article.title}
              </Anchor>
              <Group gap={2} wrap="nowrap" style={{ flexShrink: 0 }}>
                <Badge size="xs" variant="light" color="teal">
                  {article.source === 'created_from' ? 'written from' : 'used'}
                </Badge>
                {!readOnly && (
                  <Tooltip label="Unlink">
                    <ActionIcon
                      size="xs"
                      variant="subtle"
                      color="gray"
                      aria-label={`Unlink ${article.title}`}
                      onClick={() =>
                        unlink.mutate(article.id, {
                          onError: (error) =>
                            notifications.show({ color: 'red', message: errorMessage(error) }),
                        })
                      }
                    >
                      <IconX size={12} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <Text size="xs" c="dimmed" fw={600}>
        Suggested articles
      </Text>
      {suggestions.isPending && (
        <Text size="xs" c="dimmed">
          Looking for articles…
        </Text>
      )}
      {suggestions.isError && (
        <Text size="xs" c="red">
          {errorMessage(suggestions.error)}
        </Text>
      )}
      {suggestions.isSuccess && articles.length === 0 && (
        <Text size="xs" c="dimmed">
          No article matches this ticket.
        </Text>
      )}
      <Stack
        gap={6}
        component="ul"
        aria-label="Suggested articles"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {articles.map((hit) => (
          <li key={hit.articleId}>
            <Group gap={4} wrap="nowrap" justify="space-between" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Anchor
                  component={Link}
                  to={`/knowledge/articles/${hit.articleId}`}
                  size="xs"
                  fw={500}
                  lineClamp={2}
                >
                  {hit.title}
                </Anchor>
                <Group gap={4}>
                  {!hit.visibleToRequester && (
                    <Badge size="xs" variant="outline" color="grape">
                      {hit.visibility === 'internal' ? 'internal' : 'not for this requester'}
                    </Badge>
                  )}
                  {(hit.linked || linkedIds.has(hit.articleId)) && (
                    <Badge size="xs" variant="light" color="teal">
                      used
                    </Badge>
                  )}
                </Group>
              </div>
              {!readOnly && (
                <Group gap={2} wrap="nowrap">
                  <Tooltip
                    label={
                      hit.visibleToRequester
                        ? 'Insert a link into the reply'
                        : 'The requester cannot open this article'
                    }
                  >
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-label={`Insert a link to ${hit.title}`}
                      disabled={!hit.visibleToRequester}
                      loading={busy === `link-${hit.articleId}`}
                      onClick={() => void use(hit.articleId, hit.title, 'link')}
                    >
                      <IconLink size={14} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip
                    label={
                      hit.visibleToRequester
                        ? 'Insert the article text'
                        : 'Insert the text (internal: check before sending)'
                    }
                  >
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-label={`Insert the text of ${hit.title}`}
                      loading={busy === `text-${hit.articleId}`}
                      onClick={() => void use(hit.articleId, hit.title, 'text')}
                    >
                      <IconTextPlus size={14} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              )}
            </Group>
          </li>
        ))}
      </Stack>
      {similar.length > 0 && (
        <>
          <Text size="xs" c="dimmed" fw={600} mt={4}>
            Similar solved tickets
          </Text>
          <Stack
            gap={6}
            component="ul"
            aria-label="Similar solved tickets"
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            {similar.map((other) => (
              <li key={other.id}>
                <Group gap={4} wrap="nowrap" justify="space-between" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/tickets/${other.id}`} size="xs" lineClamp={2}>
                      #{other.id} {other.subject}
                    </Anchor>
                    {other.resolution && (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {other.resolution}
                      </Text>
                    )}
                  </div>
                  {!readOnly && other.resolution && (
                    <Tooltip label="Insert how it was solved">
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        aria-label={`Insert the solution of #${other.id}`}
                        onClick={() => other.resolution && put(textToHtml(other.resolution))}
                      >
                        <IconTextPlus size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </li>
            ))}
          </Stack>
        </>
      )}
      <Button
        size="xs"
        variant="subtle"
        leftSection={<IconFilePlus size={14} />}
        loading={busy === 'draft'}
        onClick={() => void writeArticle()}
      >
        Write an article from this ticket
      </Button>
    </PanelSection>
  );
}
