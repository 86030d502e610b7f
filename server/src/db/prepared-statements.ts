import type pg from 'pg';

/** SQLSTATE of "cached plan must not change result type". */
const FEATURE_NOT_SUPPORTED = '0A000';

/**
 * Runs every parameterised statement as a named prepared statement on its connection, so
 * PostgreSQL parses and plans each distinct SQL text once per connection instead of on every
 * call. Planning was most of the database's work for the ticket queries (5 ms to plan the
 * queue page's six-table join, 0.4 ms to run it, at 100,000 tickets).
 *
 * Statements without parameters keep the simple protocol, which allows several statements in
 * one text. Each connection prepares at most `perConnection` texts and runs the rest unnamed,
 * so statements built with varying IN lists cannot grow a connection's memory without bound.
 * When a migration applied by another node changes what a prepared `SELECT *` returns, that
 * statement fails once on each connection that held it (PostgreSQL will not re-plan it) and
 * runs unprepared there afterwards. Behind a transaction-pooling proxy that does not track
 * prepared statements, turn this off (`DATABASE_PREPARED_STATEMENTS=false`).
 */
export function prepareStatementsOn(pool: pg.Pool, perConnection = 300): void {
  const names = new Map<string, string>();
  pool.on('connect', (client) => {
    const prepared = new Set<string>();
    // Texts whose prepared form went stale here: a migration by another node changed what a
    // `SELECT *` returns, which PostgreSQL refuses to re-plan. They run unnamed from then on.
    const stale = new Set<string>();
    const query = client.query as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const [text, values, ...rest] = args;
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || stale.has(text)) {
        return query.apply(client, args);
      }
      let name = names.get(text);
      if (name === undefined && names.size < perConnection * 10) {
        name = `tl${names.size + 1}`;
        names.set(text, name);
      }
      if (name === undefined || (!prepared.has(name) && prepared.size >= perConnection)) {
        return query.apply(client, args);
      }
      prepared.add(name);
      const result = query.call(client, { name, text, values }, ...rest);
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          if ((error as { code?: string }).code === FEATURE_NOT_SUPPORTED) stale.add(text);
          throw error;
        });
      }
      return result;
    }) as typeof client.query;
  });
}
