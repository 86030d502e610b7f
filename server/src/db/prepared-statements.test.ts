import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.ts';
import { createDb, type Db } from './database.ts';
import { prepareStatementsOn } from './prepared-statements.ts';

describe('prepared statements', () => {
  let connectionString: string;
  let db: Db;

  beforeAll(async () => {
    connectionString = await createTestDatabase();
    db = createDb(connectionString, 1).db;
  });
  afterAll(() => db.destroy());

  const preparedOnThisConnection = async (database: Db) =>
    (
      await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(database)
    ).rows.map((row) => row.statement);

  it('prepares a parameterised statement once per connection and reuses it', async () => {
    for (let i = 1; i <= 3; i++) {
      const row = await db.selectFrom('users').select('id').where('id', '=', i).executeTakeFirst();
      expect(row).toBeUndefined();
    }
    const statements = await preparedOnThisConnection(db);
    expect(statements.filter((text) => text.includes('from "users" where "id" = $1'))).toHaveLength(1);
  });

  it('runs a statement unprepared on that connection once a migration changed what it returns', async () => {
    await sql`CREATE TABLE shelves (id int PRIMARY KEY)`.execute(db);
    await sql`INSERT INTO shelves VALUES (1)`.execute(db);
    const read = () => sql<Record<string, unknown>>`SELECT * FROM shelves WHERE id = ${1}`.execute(db);
    expect((await read()).rows).toEqual([{ id: 1 }]);
    // Another node applies a migration while this connection holds the prepared statement.
    const other = new pg.Client({ connectionString });
    await other.connect();
    await other.query("ALTER TABLE shelves ADD COLUMN label text NOT NULL DEFAULT 'A'");
    await other.end();
    await expect(read()).rejects.toMatchObject({ code: '0A000' });
    expect((await read()).rows).toEqual([{ id: 1, label: 'A' }]);
  });

  it('keeps statements without parameters on the simple protocol, so several can run as one text', async () => {
    const pool = new pg.Pool({ connectionString, max: 1 });
    prepareStatementsOn(pool);
    try {
      // Kysely passes an empty parameter list with every statement.
      const results = (await pool.query('SELECT 1 AS a; SELECT 2 AS b', [])) as unknown as pg.QueryResult[];
      expect(results.map((result) => result.rows)).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    } finally {
      await pool.end();
    }
  });

  it('prepares no more than its bound on one connection and still runs the rest', async () => {
    const pool = new pg.Pool({ connectionString, max: 1 });
    prepareStatementsOn(pool, 2);
    try {
      const client = await pool.connect();
      try {
        for (let columns = 1; columns <= 4; columns++) {
          const list = Array.from({ length: columns }, (_, i) => `$${i + 1}::int AS c${i}`).join(', ');
          const values = Array.from({ length: columns }, (_, i) => i);
          const { rows } = await client.query(`SELECT ${list}`, values);
          expect(Object.keys(rows[0] ?? {})).toHaveLength(columns);
        }
        const { rows } = await client.query<{ count: string }>(
          'SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE $1',
          ['SELECT $1::int%'],
        );
        expect(Number(rows[0]?.count)).toBe(2);
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  });
});
