import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconEye, IconThumbUp } from '@tabler/icons-react';
import { Fragment, type ReactNode, useMemo } from 'react';
import type { ArticleStatus, ArticleVisibility, KbCategory } from '../../api/knowledge';
import type { Role } from '../../api/types';
import { sanitizeHtml } from '../../lib/sanitize';
import './knowledge.css';

export const STATUS_LABEL: Record<ArticleStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
  archived: 'Archived',
};
const STATUS_COLOR: Record<ArticleStatus, string> = {
  draft: 'gray',
  in_review: 'yellow',
  published: 'teal',
  archived: 'dark',
};

export const VISIBILITY_LABEL: Record<ArticleVisibility, string> = {
  public: 'Public',
  internal: 'Internal (staff only)',
};

/** Who may do what, as the server's kb.* policies say (server/src/access/policies.ts). */
export const canPublish = (role: Role) => ['engineer', 'supervisor', 'manager', 'admin'].includes(role);
export const canManageKb = (role: Role) => ['supervisor', 'manager', 'admin'].includes(role);
export const canReadDeflection = canManageKb;

export function ArticleStatusBadge({ status }: { status: ArticleStatus }) {
  return (
    <Badge size="sm" variant="light" color={STATUS_COLOR[status]}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

export function StaleBadge({ reason }: { reason: string | null }) {
  return (
    <Tooltip label={reason ?? 'Past its review date'}>
      <Badge size="sm" variant="light" color="orange" leftSection={<IconAlertTriangle size={12} />}>
        Stale
      </Badge>
    </Tooltip>
  );
}

/** Views and helpful votes, as the server counts them. */
export function ArticleCounts({
  views,
  helpful,
  notHelpful,
}: {
  views: number;
  helpful: number;
  notHelpful: number;
}) {
  return (
    <Group gap="md" wrap="nowrap">
      <Group gap={4} wrap="nowrap">
        <IconEye size={14} aria-hidden="true" />
        <Text size="xs" c="dimmed">
          {views} {views === 1 ? 'view' : 'views'}
        </Text>
      </Group>
      {helpful + notHelpful > 0 && (
        <Group gap={4} wrap="nowrap">
          <IconThumbUp size={14} aria-hidden="true" />
          <Text size="xs" c="dimmed">
            {helpful} of {helpful + notHelpful} found it helpful
          </Text>
        </Group>
      )}
    </Group>
  );
}

const entities = (text: string) => {
  const textarea = document.createElement('textarea');
  textarea.innerHTML = text;
  return textarea.value;
};

/**
 * The server's highlights are escaped text with matches in <mark>: split on the marks and decode the
 * rest, so nothing but text and <mark> ever reaches the page.
 */
export function Highlighted({ html }: { html: string }) {
  const parts = useMemo(() => {
    const nodes: ReactNode[] = [];
    let marked = false;
    let offset = 0;
    for (const part of html.split(/(<mark>|<\/mark>)/)) {
      offset += part.length;
      if (part === '<mark>') marked = true;
      else if (part === '</mark>') marked = false;
      else if (part) nodes.push(marked ? <mark key={offset}>{entities(part)}</mark> : entities(part));
    }
    return nodes;
  }, [html]);
  return <Fragment>{parts}</Fragment>;
}

export function ArticleBody({ html }: { html: string }) {
  const clean = useMemo(() => sanitizeHtml(html), [html]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised with an allowlist (lib/sanitize)
  return <div className="message-body kb-article-body" dangerouslySetInnerHTML={{ __html: clean }} />;
}

/** "Networking › VPN" for a section, the name alone for a category. */
export function categoryPath(categories: KbCategory[] | undefined, id: number | null | undefined): string {
  if (id === null || id === undefined) return '';
  const category = categories?.find((candidate) => candidate.id === id);
  if (!category) return '';
  const parent = category.parentId
    ? categories?.find((candidate) => candidate.id === category.parentId)
    : null;
  return parent ? `${parent.name} › ${category.name}` : category.name;
}

export function categoryOptions(categories: KbCategory[] | undefined) {
  return (categories ?? [])
    .map((category) => ({ value: String(category.id), label: categoryPath(categories, category.id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  it: 'Italian',
  nl: 'Dutch',
  pt: 'Portuguese',
  sv: 'Swedish',
  da: 'Danish',
  fi: 'Finnish',
  no: 'Norwegian',
  pl: 'Polish',
};
export const languageName = (tag: string) => LANGUAGE_NAMES[tag] ?? tag;
