-- SLA engine, business calendars, tiered escalation, dev-tracker and vendor escalation.
-- The SLA state of a ticket is derived from its ticket_events; the ticket_sla tables only
-- materialise it for sorting, filtering and the periodic sweep.

-- Bumped by every change to calendars, assignments, policies or escalation rules, in the same
-- transaction; the recompute job then derives every open ticket again and records the version
-- it reached. Tickets opened before the engine existed get their state from its first pass.
CREATE TABLE sla_config (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version bigint NOT NULL DEFAULT 1,
  -- The version the recompute job last brought every open ticket up to.
  recomputed_version bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sla_config (singleton) VALUES (true);

CREATE TABLE business_calendars (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- The validated definition: { timeZone, weeklyHours, holidays } (see server/src/sla/README.md).
  definition jsonb NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX business_calendars_name_key ON business_calendars (lower(name));
CREATE UNIQUE INDEX business_calendars_default_key ON business_calendars (is_default) WHERE is_default;

-- An organisation's calendar wins over the policy's; a team's is used when the policy names none.
CREATE TABLE organisation_calendars (
  organisation_id bigint PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  calendar_id bigint NOT NULL REFERENCES business_calendars (id)
);
CREATE INDEX organisation_calendars_calendar_idx ON organisation_calendars (calendar_id);

CREATE TABLE team_calendars (
  team_id bigint PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
  calendar_id bigint NOT NULL REFERENCES business_calendars (id)
);
CREATE INDEX team_calendars_calendar_idx ON team_calendars (calendar_id);

-- Policies are tried in position order; the first whose conditions all match applies.
-- An empty condition list matches anything.
CREATE TABLE sla_policies (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  position integer NOT NULL,
  active boolean NOT NULL DEFAULT true,
  organisation_ids bigint[] NOT NULL DEFAULT '{}',
  priorities text[] NOT NULL DEFAULT '{}',
  types text[] NOT NULL DEFAULT '{}',
  channels text[] NOT NULL DEFAULT '{}',
  tags text[] NOT NULL DEFAULT '{}',
  -- Reserved for contracts (capability 9); a policy with a contract matches nothing until then.
  contract_id bigint,
  calendar_id bigint REFERENCES business_calendars (id),
  pause_statuses text[] NOT NULL DEFAULT '{pending,on_hold}'
    CHECK (pause_statuses <@ ARRAY['new', 'open', 'pending', 'on_hold']::text[]),
  pause_on_vendor boolean NOT NULL DEFAULT false,
  at_risk_fraction numeric(4, 3) NOT NULL DEFAULT 0.75 CHECK (at_risk_fraction > 0 AND at_risk_fraction < 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sla_policies_name_key ON sla_policies (lower(name));
CREATE INDEX sla_policies_position_idx ON sla_policies (position, id);

CREATE TABLE sla_policy_targets (
  policy_id bigint NOT NULL REFERENCES sla_policies (id) ON DELETE CASCADE,
  priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
  metric text NOT NULL CHECK (metric IN ('first_response', 'next_response', 'periodic_update', 'resolution')),
  minutes integer NOT NULL CHECK (minutes > 0 AND minutes <= 1000000),
  business_hours boolean NOT NULL DEFAULT true,
  PRIMARY KEY (policy_id, priority, metric)
);

-- One row per ticket: what the list sorts and filters by, and when the sweep must look again.
-- A cache of deriveSlaState, rewritten in bulk by the engine: policy_id and calendar_id carry no
-- foreign keys (checking them per row would double the cost of a full recompute), and a config
-- change that deletes a policy or calendar recomputes every open ticket anyway.
CREATE TABLE ticket_sla (
  ticket_id bigint PRIMARY KEY REFERENCES tickets (id),
  policy_id bigint,
  calendar_id bigint,
  -- Worst state of the targets still running or paused (breached > at_risk > ok); met when all are met.
  state text CHECK (state IN ('ok', 'at_risk', 'breached', 'met')),
  open boolean NOT NULL,
  paused boolean NOT NULL DEFAULT false,
  next_due_at timestamptz,
  -- The earliest instant at which a notice or an escalation level is due; null when none can come.
  check_at timestamptz,
  computed_at timestamptz NOT NULL,
  -- Digest of everything stored for the ticket (here and in its targets) apart from elapsed,
  -- paused and remaining minutes: a recompute that arrives at the same state writes nothing.
  fingerprint text NOT NULL DEFAULT '',
  -- The last event the state was derived from: a writer holding an older history never
  -- overwrites a newer state, so the recompute job needs no row locks.
  last_event_id bigint NOT NULL DEFAULT 0
) WITH (fillfactor = 80);
CREATE INDEX ticket_sla_check_idx ON ticket_sla (check_at) WHERE check_at IS NOT NULL;
CREATE INDEX ticket_sla_due_idx ON ticket_sla ((coalesce(next_due_at, 'infinity'::timestamptz)), ticket_id);
CREATE INDEX ticket_sla_risk_idx ON ticket_sla ((coalesce(next_due_at, 'infinity'::timestamptz)), ticket_id)
  WHERE open AND state IN ('at_risk', 'breached');

-- One row per ticket and target, for its latest cycle (next response and periodic update restart).
-- Written only together with the ticket's ticket_sla row, which holds the foreign key.
CREATE TABLE ticket_sla_targets (
  ticket_id bigint NOT NULL,
  metric text NOT NULL CHECK (metric IN ('first_response', 'next_response', 'periodic_update', 'resolution')),
  cycle integer NOT NULL,
  state text NOT NULL CHECK (state IN ('ok', 'at_risk', 'breached', 'met')),
  clock text NOT NULL CHECK (clock IN ('running', 'paused', 'stopped')),
  pause_reason text,
  target_minutes integer NOT NULL,
  business_hours boolean NOT NULL,
  started_at timestamptz NOT NULL,
  elapsed_minutes double precision NOT NULL,
  paused_minutes double precision NOT NULL,
  remaining_minutes double precision NOT NULL,
  due_at timestamptz,
  at_risk_at timestamptz,
  breached_at timestamptz,
  met_at timestamptz,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (ticket_id, metric)
) WITH (fillfactor = 70); -- room for HOT updates: only the primary key is indexed

-- Multi-level automatic escalation on at-risk and breached targets.
CREATE TABLE escalation_rules (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  -- Empty lists match every policy, target and priority.
  policy_ids bigint[] NOT NULL DEFAULT '{}',
  metrics text[] NOT NULL DEFAULT '{}',
  priorities text[] NOT NULL DEFAULT '{}',
  -- [{ level, trigger: { on: 'at_risk', fraction? } | { on: 'breach', delayMinutes }, actions: [...] }]
  levels jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX escalation_rules_name_key ON escalation_rules (lower(name));

-- Exactly once per ticket, rule, level and target cycle, whatever the number of sweeping nodes.
CREATE TABLE escalation_firings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  rule_id bigint NOT NULL REFERENCES escalation_rules (id) ON DELETE CASCADE,
  level smallint NOT NULL,
  metric text NOT NULL,
  cycle integer NOT NULL,
  fired_at timestamptz NOT NULL,
  UNIQUE (ticket_id, rule_id, level, metric, cycle)
);

-- Which teams a team may escalate to; a team with none may escalate to any team of a higher tier.
CREATE TABLE team_escalation_paths (
  team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  to_team_id bigint NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  position smallint NOT NULL DEFAULT 0,
  PRIMARY KEY (team_id, to_team_id),
  CHECK (team_id <> to_team_id)
);

CREATE TABLE tracker_integrations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('github', 'gitlab', 'jira', 'generic')),
  outbound_url text NOT NULL,
  -- Signs what Tierline sends (X-Tierline-Signature); the tracker verifies with it.
  signing_secret text NOT NULL,
  -- Signs what the tracker sends back to the inbound endpoint.
  inbound_secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tracker_integrations_name_key ON tracker_integrations (lower(name));

CREATE TABLE ticket_bug_links (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  integration_id bigint NOT NULL REFERENCES tracker_integrations (id),
  state text NOT NULL CHECK (state IN ('pending', 'open', 'in_progress', 'fixed', 'closed', 'wont_fix', 'failed')),
  external_id text,
  url text,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  -- When the delivery job was queued; null: still to queue (created on a node without the job runner).
  queued_at timestamptz,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  fixed_at timestamptz
);
CREATE INDEX ticket_bug_links_ticket_idx ON ticket_bug_links (ticket_id, id);
CREATE UNIQUE INDEX ticket_bug_links_external_key ON ticket_bug_links (integration_id, external_id, ticket_id)
  WHERE external_id IS NOT NULL;
CREATE INDEX ticket_bug_links_external_idx ON ticket_bug_links (integration_id, external_id);
CREATE INDEX ticket_bug_links_unqueued_idx ON ticket_bug_links (id) WHERE state = 'pending' AND queued_at IS NULL;

-- Tier 4: the time a ticket waits on a vendor is ended_at - started_at (now while open).
CREATE TABLE vendor_escalations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  vendor_name text NOT NULL,
  vendor_reference text NOT NULL,
  started_at timestamptz NOT NULL,
  started_by bigint REFERENCES users (id),
  ended_at timestamptz,
  ended_by bigint REFERENCES users (id),
  outcome text NOT NULL DEFAULT '',
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX vendor_escalations_ticket_idx ON vendor_escalations (ticket_id, id);
