import type { TicketEvent } from '../../api/types';

/** History lines for the knowledge side of a ticket, as the server records them (all staff-only). */
export function describeKnowledgeEvent(event: TicketEvent): string {
  const article =
    typeof event.data.articleId === 'number' ? `article #${event.data.articleId}` : 'an article';
  switch (event.type) {
    case 'article.linked':
      if (event.data.source === 'playbook') return `used ${article} through a playbook`;
      if (event.data.source === 'created_from') return `wrote ${article} from this ticket`;
      return `used ${article} on this ticket`;
    case 'article.unlinked':
      return `unlinked ${article}`;
    case 'article.draft_created':
      return `started a draft of ${article} from this ticket`;
    default:
      return event.type.replace(/[._]/g, ' ');
  }
}
