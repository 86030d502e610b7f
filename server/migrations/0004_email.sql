-- Email channel: support addresses, IMAP mailboxes, raw inbound mail, threading, outbound
-- deliveries, bounces, sender rate counters, notification templates and preferences, and the
-- people Cc'd on a ticket.

-- An address customers write to; mail to it lands in the team's queue.
CREATE TABLE email_addresses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address text NOT NULL,
  display_name text NOT NULL DEFAULT '',
  team_id bigint REFERENCES teams (id) ON DELETE SET NULL,
  is_default boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX email_addresses_address_key ON email_addresses (lower(address));
CREATE UNIQUE INDEX email_addresses_default_key ON email_addresses (is_default) WHERE is_default;

-- An IMAP mailbox polled (or watched with IDLE) for mail to one support address.
CREATE TABLE email_mailboxes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  address_id bigint REFERENCES email_addresses (id) ON DELETE SET NULL,
  host text NOT NULL,
  port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
  tls boolean NOT NULL DEFAULT true,
  username text NOT NULL,
  password text NOT NULL,
  folder text NOT NULL DEFAULT 'INBOX',
  -- Where imported messages are moved; null: they are flagged \Seen and left in place.
  processed_folder text,
  mode text NOT NULL DEFAULT 'poll' CHECK (mode IN ('poll', 'idle')),
  poll_seconds integer NOT NULL DEFAULT 60 CHECK (poll_seconds BETWEEN 5 AND 86400),
  active boolean NOT NULL DEFAULT true,
  -- One node at a time works a mailbox: it holds the lease until this time.
  lease_until timestamptz,
  last_polled_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every message received, byte for byte, written in the transaction that imports it.
CREATE TABLE email_inbound (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- 'smtp' or 'mailbox:<id>': a Message-ID is imported once per way in.
  source text NOT NULL,
  message_id text NOT NULL,
  raw bytea NOT NULL,
  size_bytes integer NOT NULL,
  envelope_from text,
  envelope_to text[] NOT NULL DEFAULT '{}',
  from_address text,
  subject text NOT NULL DEFAULT '',
  state text NOT NULL CHECK (state IN ('processed', 'dropped', 'failed')),
  outcome text NOT NULL,
  reason text,
  suppress_auto_response boolean NOT NULL DEFAULT false,
  ticket_id bigint REFERENCES tickets (id),
  ticket_message_id bigint REFERENCES ticket_messages (id),
  -- The HTML part as received and its cid: → attachment id map, for display on request.
  html text,
  inline_attachments jsonb NOT NULL DEFAULT '{}',
  quoted_text text,
  error text,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX email_inbound_message_key ON email_inbound (source, message_id);
CREATE INDEX email_inbound_ticket_message_idx ON email_inbound (ticket_message_id);
CREATE INDEX email_inbound_state_idx ON email_inbound (state, id DESC);

-- Message-IDs that belong to a ticket (mail we received and mail we sent), for threading replies.
CREATE TABLE email_message_ids (
  message_id text NOT NULL,
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  ticket_message_id bigint REFERENCES ticket_messages (id),
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_message_ids_message_idx ON email_message_ids (message_id);
CREATE INDEX email_message_ids_ticket_idx ON email_message_ids (ticket_id, created_at);

-- Outgoing mail, one row per message sent (or not): what was sent, to whom, and how it went.
CREATE TABLE email_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint REFERENCES tickets (id),
  ticket_message_id bigint REFERENCES ticket_messages (id),
  kind text NOT NULL,
  recipient_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  from_address text NOT NULL,
  to_addresses text[] NOT NULL,
  cc_addresses text[] NOT NULL DEFAULT '{}',
  subject text NOT NULL,
  message_id text NOT NULL UNIQUE,
  in_reply_to text,
  references_ids text[] NOT NULL DEFAULT '{}',
  body_text text NOT NULL,
  body_html text NOT NULL,
  attachment_ids bigint[] NOT NULL DEFAULT '{}',
  automatic boolean NOT NULL DEFAULT true,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed', 'bounced', 'suppressed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX email_deliveries_ticket_idx ON email_deliveries (ticket_id, id);
CREATE INDEX email_deliveries_state_idx ON email_deliveries (state, updated_at) WHERE state = 'queued';

-- Addresses whose mail bounced: nothing more is sent to them until they write to us again.
CREATE TABLE email_bounces (
  address text PRIMARY KEY, -- lower case
  reason text NOT NULL,
  ticket_id bigint REFERENCES tickets (id),
  bounce_count integer NOT NULL DEFAULT 1,
  first_bounced_at timestamptz NOT NULL DEFAULT now(),
  last_bounced_at timestamptz NOT NULL DEFAULT now()
);

-- Messages per sender per hour, for the loop and flood limit.
CREATE TABLE email_sender_counters (
  address text NOT NULL,
  window_start timestamptz NOT NULL,
  message_count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (address, window_start)
);

-- Templates edited by admins; kinds and languages without a row use the built-in text.
CREATE TABLE email_templates (
  kind text NOT NULL,
  language text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, language)
);

-- A person's choice per notification kind; no row means "on".
CREATE TABLE notification_preferences (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL,
  email boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind)
);

-- People on a ticket's mail besides the requester (Cc): they get the replies and may see the ticket.
CREATE TABLE ticket_participants (
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  source text NOT NULL DEFAULT 'email_cc',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX ticket_participants_user_idx ON ticket_participants (user_id);

-- The outbox of the email channel: ticket events and notifications that may mean a mail,
-- written by triggers in the transaction of the change, consumed (and deleted) by a job.
CREATE TABLE email_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_event_id bigint REFERENCES ticket_events (id) ON DELETE CASCADE,
  notification_id bigint REFERENCES notifications (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((ticket_event_id IS NULL) <> (notification_id IS NULL))
);

CREATE FUNCTION email_outbox_from_ticket_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.type = 'ticket.created'
     OR (NEW.type = 'message.added' AND NEW.data ->> 'visibility' = 'public')
     OR (NEW.type = 'ticket.updated' AND NEW.data #>> '{changes,status,to}' = 'solved') THEN
    INSERT INTO email_outbox (ticket_event_id) VALUES (NEW.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER email_outbox_ticket_events AFTER INSERT ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION email_outbox_from_ticket_event();

CREATE FUNCTION email_outbox_from_notification() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind IN ('assigned', 'mentioned', 'customer_replied') THEN
    INSERT INTO email_outbox (notification_id) VALUES (NEW.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER email_outbox_notifications AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION email_outbox_from_notification();
