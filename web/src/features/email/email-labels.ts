import type { DeliveryState, NotificationKind } from '../../api/email';

export const KIND_LABEL: Record<NotificationKind, string> = {
  ticket_received: 'Request received',
  agent_reply: 'Reply from support',
  ticket_solved: 'Request solved',
  assigned: 'Ticket assigned to me',
  mentioned: 'Mentioned in a note',
  customer_replied: 'Customer replied',
};

export const KIND_HINT: Record<NotificationKind, string> = {
  ticket_received: 'To the customer when a new request arrives',
  agent_reply: 'To the customer and Cc with each public reply',
  ticket_solved: 'To the customer when the request is solved',
  assigned: 'To an agent when a ticket is assigned to them',
  mentioned: 'To an agent when someone @mentions them',
  customer_replied: 'To the assignee when the customer writes',
};

export const DELIVERY_LABEL: Record<DeliveryState, string> = {
  queued: 'Sending',
  sent: 'Sent',
  failed: 'Not delivered',
  bounced: 'Bounced',
  suppressed: 'Not sent',
};

export const DELIVERY_COLOR: Record<DeliveryState, string> = {
  queued: 'blue',
  sent: 'teal',
  failed: 'red',
  bounced: 'red',
  suppressed: 'gray',
};

/** Red text that keeps its contrast in both colour schemes (small error text under a message). */
export const ERROR_TEXT = 'light-dark(var(--mantine-color-red-9), var(--mantine-color-red-4))';
