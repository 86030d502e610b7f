import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { startServer } from './server.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  const lines = [`Tierline is running at ${server.url}`, `API documentation: ${server.url}/api/docs`];
  if (server.firstAdmin) {
    lines.push(`First admin: ${server.firstAdmin.email}`);
    if (server.firstAdmin.generatedPassword) {
      lines.push(
        `Password:    ${server.firstAdmin.generatedPassword}   (shown once; change it after signing in)`,
      );
    }
  }
  if (server.demoSeeded)
    lines.push('Demo workspace created: sign in as any demo person with the password "demo-password"');
  console.log(`\n${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info(`${signal} received, stopping`);
    server
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error('Tierline could not start:', error);
  }
  process.exit(1);
});
