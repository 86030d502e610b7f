-- Each app node keeps the helpdesk settings and the custom field definitions in memory. Any
-- change to them (by any node, or by hand) tells every node, through the live channel, to read
-- them again. The announcement names nobody to hear it, so no browser receives it.
CREATE FUNCTION announce_settings_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tierline_live', json_build_object(
    'type', 'settings.changed', 'userIds', json_build_array(), 'data', json_build_object('table', TG_TABLE_NAME))::text);
  RETURN NULL;
END $$;

CREATE TRIGGER settings_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION announce_settings_change();
CREATE TRIGGER custom_fields_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON custom_fields
  FOR EACH STATEMENT EXECUTE FUNCTION announce_settings_change();
