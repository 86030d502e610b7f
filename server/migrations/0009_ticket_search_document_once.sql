-- A new ticket's search document is written once, when its transaction commits, from the
-- subject and the first message as they are then. Before, it was inserted with the subject
-- and rewritten when the first message followed a moment later: twice the text search and
-- index work, and a dead row, on every ticket created.
DROP TRIGGER ticket_search_on_ticket ON tickets;

CREATE FUNCTION ticket_search_on_new_ticket() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  config regconfig := ticket_search_config(NEW.requester_id);
BEGIN
  INSERT INTO ticket_search_documents (ticket_id, first_message_id, config, search_vector)
  SELECT t.id, m.id, config,
         setweight(to_tsvector(config, t.subject), 'A') ||
         coalesce(setweight(to_tsvector(config, left(m.body, 20000)), 'B'), ''::tsvector)
  FROM tickets t
  LEFT JOIN LATERAL (
    SELECT id, body FROM ticket_messages WHERE ticket_id = t.id ORDER BY id LIMIT 1
  ) m ON true
  WHERE t.id = NEW.id
  ON CONFLICT (ticket_id) DO UPDATE SET
    first_message_id = EXCLUDED.first_message_id,
    config = EXCLUDED.config,
    search_vector = EXCLUDED.search_vector;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ticket_search_on_new_ticket AFTER INSERT ON tickets
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_new_ticket();

-- A renamed ticket keeps its document fresh at once, as before.
CREATE TRIGGER ticket_search_on_subject AFTER UPDATE OF subject ON tickets
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_ticket();
