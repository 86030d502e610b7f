import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { prepareStatementsOn } from './prepared-statements.ts';
import type { Database } from './schema.ts';

// Identifiers are bigint columns whose values stay far below 2^53; read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));
// pg-types has no name for the int8[] type (oid 1016), used by our bigint[] columns.
const INT8_ARRAY = 1016 as Parameters<typeof pg.types.setTypeParser>[0];
const parseTextArray = pg.types.getTypeParser(INT8_ARRAY) as (value: string) => string[];
pg.types.setTypeParser(INT8_ARRAY, (value: string) =>
  parseTextArray(value).map((item) => Number.parseInt(item, 10)),
);

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Anything a repository can run queries on: the pool or a caller's transaction. */
export type Queryable = Db | Tx;

export function createDb(
  connectionString: string,
  poolSize: number,
  options: { preparedStatements?: boolean } = {},
): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max: poolSize, application_name: 'tierline' });
  if (options.preparedStatements ?? true) prepareStatementsOn(pool);
  // An idle client losing its connection must not take the process down; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
