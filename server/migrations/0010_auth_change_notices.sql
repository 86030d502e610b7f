-- Each app node remembers for a minute who a session or API token belongs to. Any change that
-- could alter that answer (to the person, a session or a token, by any node or by hand) tells
-- every node, through the live channel, to forget that person's entries. The announcement
-- names nobody to hear it, so no browser receives it.
CREATE FUNCTION announce_auth_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  person bigint;
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    person := OLD.id;
  ELSE
    person := OLD.user_id;
  END IF;
  PERFORM pg_notify('tierline_live', json_build_object(
    'type', 'auth.changed', 'userIds', json_build_array(), 'data', json_build_object('userId', person))::text);
  RETURN NULL;
END $$;

CREATE TRIGGER users_auth_change AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION announce_auth_change();
CREATE TRIGGER sessions_auth_change AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION announce_auth_change();
CREATE TRIGGER api_tokens_auth_change AFTER UPDATE OR DELETE ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION announce_auth_change();
