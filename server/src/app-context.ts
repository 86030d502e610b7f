import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { AttachmentStore } from './modules/attachments/attachment-store.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import type { LiveHub } from './modules/live/live-hub.ts';
import { PeopleService } from './modules/people/people.service.ts';
import { SettingsService } from './modules/settings/settings.service.ts';
import { TicketService } from './modules/tickets/ticket.service.ts';
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
  const tickets = new TicketService(db, settings, clock);
  return {
    config,
    db,
    clock,
    live,
    auth: new AuthService(db, {
      sessionHours: config.TIERLINE_SESSION_HOURS,
      loginAttempts: config.TIERLINE_LOGIN_ATTEMPTS,
      clock,
    }),
    people: new PeopleService(db),
    settings,
    tickets,
    views: new ViewService(db, tickets),
    attachments,
  };
}
