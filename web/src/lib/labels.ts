import type { Channel, Level, Priority, Role, TicketStatus, TicketType } from '../api/types';

export const STATUS_LABEL: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  on_hold: 'On hold',
  solved: 'Solved',
  closed: 'Closed',
};

export const STATUS_HINT: Record<TicketStatus, string> = {
  new: 'Nobody has answered yet',
  open: 'Being worked on',
  pending: 'Waiting on the customer',
  on_hold: 'Waiting on a third party',
  solved: 'Solved; closes by itself unless the customer replies',
  closed: 'Closed for good; follow-ups are new tickets',
};

export const TYPE_LABEL: Record<TicketType, string> = {
  question: 'Question',
  incident: 'Incident',
  problem: 'Problem',
  service_request: 'Service request',
  bug: 'Bug',
};

export const LEVEL_LABEL: Record<Level, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const PRIORITY_LABEL: Record<Priority, string> = {
  P1: 'P1 · Critical',
  P2: 'P2 · High',
  P3: 'P3 · Normal',
  P4: 'P4 · Low',
};

export const CHANNEL_LABEL: Record<Channel, string> = {
  email: 'Email',
  portal: 'Portal',
  chat: 'Chat',
  phone: 'Phone',
  sms: 'SMS',
  api: 'API',
  web_form: 'Web form',
  forum: 'Forum',
};

export const ROLE_LABEL: Record<Role, string> = {
  customer: 'Customer',
  client_admin: 'Client admin',
  operator: 'Operator (Tier 1)',
  engineer: 'Engineer',
  supervisor: 'Supervisor',
  manager: 'Manager',
  admin: 'Admin',
};

export const ROLE_SHORT: Record<Role, string> = {
  customer: 'Customer',
  client_admin: 'Client admin',
  operator: 'Operator',
  engineer: 'Engineer',
  supervisor: 'Supervisor',
  manager: 'Manager',
  admin: 'Admin',
};

export const tierLabel = (tier: number) => `Tier ${tier}`;

export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
