import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { AttachmentStore } from './modules/attachments/attachment-store.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { EmailChannel } from './modules/channels/email/email-channel.ts';
import { EscalationService } from './modules/escalation/escalation.service.ts';
import { EscalationActions } from './modules/escalation/escalation-actions.ts';
import { VendorEscalationService } from './modules/escalation/vendor-escalation.service.ts';
import { BugLinkService } from './modules/integrations/bug-link.service.ts';
import type { LiveHub } from './modules/live/live-hub.ts';
import { PeopleService } from './modules/people/people.service.ts';
import { SettingsService } from './modules/settings/settings.service.ts';
import { SlaService, shareSlaComputations } from './modules/sla/sla.service.ts';
import { SlaSweep } from './modules/sla/sla-sweep.ts';
import { TicketService } from './modules/tickets/ticket.service.ts';
import { setTicketEventListener } from './modules/tickets/ticket-history.ts';
import { ViewService } from './modules/views/view.service.ts';

/** The services of one app node, built once at start and handed to the route plugins. */
export interface AppContext {
  config: Config;
  db: Db;
  clock: () => Date;
  live: LiveHub;
  auth: AuthService;
  people: PeopleService;
  settings: SettingsService;
  tickets: TicketService;
  views: ViewService;
  attachments: AttachmentStore;
  /** Email channel (modules/channels/email): inbound SMTP/IMAP, outgoing mail, templates. */
  email: EmailChannel;
  /** SLA engine (modules/sla): state derived from ticket history, calendars, policies; the sweep. */
  sla: SlaService;
  slaSweep: SlaSweep;
  /** Tiers and escalation (modules/escalation): hand-overs between tiers, vendors (Tier 4). */
  escalation: EscalationService;
  vendors: VendorEscalationService;
  /** Escalation to development (modules/integrations): bugs in external trackers. */
  bugs: BugLinkService;
}

export function createContext(
  config: Config,
  db: Db,
  live: LiveHub,
  clock: () => Date = () => new Date(),
): AppContext {
  const settings = new SettingsService(db);
  const attachments = new AttachmentStore(
    db,
    config.dataDir,
    config.TIERLINE_MAX_ATTACHMENT_MB * 1024 * 1024,
  );
  const sla = new SlaService(db, clock);
  const tickets = new TicketService(db, settings, clock, shareSlaComputations);
  // Every recorded ticket event refreshes the ticket's SLA state in the same transaction.
  setTicketEventListener('sla', sla.onTicketEvents);
  const auth = new AuthService(db, {
    sessionHours: config.TIERLINE_SESSION_HOURS,
    loginAttempts: config.TIERLINE_LOGIN_ATTEMPTS,
    clock,
  });
  // Changes to people, sessions and tokens (migration 0010) and to settings and custom fields
  // (migration 0012), made on any node, reach every node's caches.
  live.subscribe((message) => {
    const userId = (message.data as { userId?: unknown } | undefined)?.userId;
    if (message.type === 'auth.changed' && typeof userId === 'number') auth.forgetPerson(userId);
    if (message.type === 'settings.changed') settings.forgetEverything();
    if (message.type === 'live.resumed') {
      auth.forgetEveryone();
      settings.forgetEverything();
    }
  });
  return {
    config,
    db,
    clock,
    live,
    auth,
    people: new PeopleService(db),
    settings,
    tickets,
    views: new ViewService(db, tickets),
    attachments,
    email: new EmailChannel({ config, db, tickets, settings, attachments, clock }),
    sla,
    slaSweep: new SlaSweep(db, sla.config, new EscalationActions(), clock),
    escalation: new EscalationService(db, settings, clock),
    vendors: new VendorEscalationService(db, clock),
    bugs: new BugLinkService(db, clock, {
      publicUrl: config.TIERLINE_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
    }),
  };
}
