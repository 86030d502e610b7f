-- The ticket list sorted by priority (then most recently updated) reads this index in order
-- instead of sorting every matching ticket.
CREATE INDEX tickets_priority_updated_idx ON tickets (priority, updated_at DESC, id DESC);
