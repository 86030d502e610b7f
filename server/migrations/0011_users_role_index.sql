-- Staff by role (supervisors to notify, agents to list) among many customers: without it each
-- lookup read every person; the SLA sweep made one per batch.
CREATE INDEX users_role_idx ON users (role, id);
