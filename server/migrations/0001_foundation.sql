-- Foundation: people, organisations, teams, auth, tickets, conversation, history, views, audit.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE organisations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  domains text[] NOT NULL DEFAULT '{}',
  notes text NOT NULL DEFAULT '',
  time_zone text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name));

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('customer', 'client_admin', 'operator', 'engineer', 'supervisor', 'manager', 'admin')),
  organisation_id bigint REFERENCES organisations (id),
  position text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  time_zone text NOT NULL DEFAULT 'UTC',
  languages text[] NOT NULL DEFAULT '{en}',
  password_hash text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'client_admin' OR organisation_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_organisation_idx ON users (organisation_id);

CREATE TABLE teams (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  tier smallint NOT NULL CHECK (tier BETWEEN 0 AND 4),
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));

CREATE TABLE team_members (
  team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_idx ON team_members (user_id);

CREATE TABLE skills (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  category text NOT NULL DEFAULT 'software'
);
CREATE UNIQUE INDEX skills_name_key ON skills (lower(name));

CREATE TABLE user_skills (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  skill_id bigint NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (user_id, skill_id)
);

CREATE TABLE sessions (
  id text PRIMARY KEY, -- sha256 of the cookie value; the value itself is never stored
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

CREATE TABLE login_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  ip text NOT NULL,
  succeeded boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (lower(email), created_at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, created_at);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  parent_id bigint REFERENCES categories (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX categories_name_key ON categories (coalesce(parent_id, 0), lower(name));

CREATE TABLE custom_fields (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  label text NOT NULL,
  type text NOT NULL CHECK (type IN ('text', 'number', 'date', 'select')),
  options text[] NOT NULL DEFAULT '{}',
  required boolean NOT NULL DEFAULT false,
  customer_visible boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The id is the ticket number people quote ("#1042"), so it starts where numbers look like numbers.
CREATE TABLE tickets (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1001) PRIMARY KEY,
  subject text NOT NULL,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
  type text NOT NULL DEFAULT 'question' CHECK (type IN ('question', 'incident', 'problem', 'service_request', 'bug')),
  channel text NOT NULL DEFAULT 'api' CHECK (channel IN ('email', 'portal', 'chat', 'phone', 'sms', 'api', 'web_form', 'forum')),
  impact text NOT NULL DEFAULT 'low' CHECK (impact IN ('low', 'medium', 'high', 'critical')),
  urgency text NOT NULL DEFAULT 'low' CHECK (urgency IN ('low', 'medium', 'high', 'critical')),
  priority text NOT NULL DEFAULT 'P4' CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
  priority_overridden boolean NOT NULL DEFAULT false,
  requester_id bigint NOT NULL REFERENCES users (id),
  organisation_id bigint REFERENCES organisations (id),
  category_id bigint REFERENCES categories (id),
  team_id bigint REFERENCES teams (id),
  assignee_id bigint REFERENCES users (id),
  parent_id bigint REFERENCES tickets (id),
  merged_into_id bigint REFERENCES tickets (id),
  tags text[] NOT NULL DEFAULT '{}',
  custom_fields jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  -- Millisecond precision, as JavaScript reads them, so keyset cursors round-trip exactly.
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  first_responded_at timestamptz,
  last_customer_reply_at timestamptz,
  last_agent_reply_at timestamptz,
  solved_at timestamptz,
  closed_at timestamptz
);
CREATE INDEX tickets_status_updated_idx ON tickets (status, updated_at DESC, id DESC);
CREATE INDEX tickets_updated_idx ON tickets (updated_at DESC, id DESC);
CREATE INDEX tickets_requester_idx ON tickets (requester_id, updated_at DESC);
CREATE INDEX tickets_organisation_idx ON tickets (organisation_id, updated_at DESC);
CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, status);
CREATE INDEX tickets_team_idx ON tickets (team_id, status);
CREATE INDEX tickets_parent_idx ON tickets (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX tickets_solved_idx ON tickets (solved_at) WHERE status = 'solved';
CREATE INDEX tickets_tags_idx ON tickets USING gin (tags);
CREATE INDEX tickets_custom_fields_idx ON tickets USING gin (custom_fields jsonb_path_ops);
CREATE INDEX tickets_subject_trgm_idx ON tickets USING gin (subject gin_trgm_ops);

CREATE TABLE ticket_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  author_id bigint REFERENCES users (id),
  visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
  channel text NOT NULL DEFAULT 'api',
  body text NOT NULL,
  body_html text,
  mentions bigint[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_messages_ticket_idx ON ticket_messages (ticket_id, id);

CREATE TABLE attachments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256 text NOT NULL,
  size_bytes bigint NOT NULL,
  content_type text NOT NULL,
  filename text NOT NULL,
  uploaded_by bigint REFERENCES users (id),
  ticket_id bigint REFERENCES tickets (id),
  message_id bigint REFERENCES ticket_messages (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_message_idx ON attachments (message_id);
CREATE INDEX attachments_ticket_idx ON attachments (ticket_id);

-- The history of a ticket: every change is one row, written in the transaction that made it.
CREATE TABLE ticket_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  actor_id bigint REFERENCES users (id),
  type text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  internal boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);
CREATE INDEX ticket_events_type_idx ON ticket_events (type, created_at);

CREATE TABLE ticket_watchers (
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX ticket_watchers_user_idx ON ticket_watchers (user_id);

CREATE TABLE ticket_links (
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  related_ticket_id bigint NOT NULL REFERENCES tickets (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, related_ticket_id),
  CHECK (ticket_id < related_ticket_id)
);
CREATE INDEX ticket_links_related_idx ON ticket_links (related_ticket_id);

CREATE TABLE ticket_merges (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_ticket_id bigint NOT NULL REFERENCES tickets (id),
  target_ticket_id bigint NOT NULL REFERENCES tickets (id),
  moved_message_ids bigint[] NOT NULL,
  source_status text NOT NULL,
  merged_by bigint REFERENCES users (id),
  merged_at timestamptz NOT NULL DEFAULT now(),
  undone_by bigint REFERENCES users (id),
  undone_at timestamptz
);
CREATE INDEX ticket_merges_source_idx ON ticket_merges (source_ticket_id);
CREATE INDEX ticket_merges_target_idx ON ticket_merges (target_ticket_id);

CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ticket_id bigint REFERENCES tickets (id),
  kind text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);

CREATE TABLE views (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id bigint REFERENCES users (id) ON DELETE CASCADE, -- null: shared with all staff
  name text NOT NULL,
  filters jsonb NOT NULL DEFAULT '{}',
  sort text NOT NULL DEFAULT 'updated_desc',
  columns text[] NOT NULL DEFAULT '{number,subject,requester,status,priority,assignee,updated_at}',
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX views_owner_idx ON views (owner_id);

-- Tamper-evident: each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id bigint REFERENCES users (id),
  action text NOT NULL,
  target_type text,
  target_id text,
  data jsonb NOT NULL DEFAULT '{}',
  ip text,
  created_at timestamptz NOT NULL DEFAULT now(),
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC);
