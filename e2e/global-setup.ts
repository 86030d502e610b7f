import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMailRelay } from './support/mail-relay.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the Tierline under test answers, e.g. http://127.0.0.1:41234 */
    baseUrl: string;
    adminEmail: string;
    adminPassword: string;
    /** Tierline's SMTP listener for inbound mail (its relay is e2e/support/mail-relay.ts). */
    smtpPort: number;
    /** Everything the server under test logs (warnings and errors), for reports on failures. */
    serverLog: string;
  }
}

const repoRoot = path.resolve(import.meta.dirname, '..');
const webDir = path.join(repoRoot, 'web');
const ADMIN_EMAIL = 'admin@e2e.test';
const ADMIN_PASSWORD = 'e2e-admin-password';

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** The server serves web/dist; build it when it is missing or older than the web sources. */
function buildWebIfStale(): void {
  const built = path.join(webDir, 'dist', 'index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'postcss.config.js', 'package.json'];
  const newestSource = Math.max(...sources.map((entry) => newestMtime(path.join(webDir, entry))));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource) return;
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build'],
    {
      cwd: webDir,
      // Vitest sets NODE_ENV=test, which would bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    },
  );
  if (result.status !== 0)
    throw new Error('npm run build -w web failed; the e2e tests need the built web app');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Tierline exited with ${child.exitCode} during start:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Tierline did not become healthy within 90 s:\n${output()}`);
}

/** The web app must load for a signed-out visitor; anything else would fail every test obscurely. */
async function assertWebAppServed(baseUrl: string): Promise<void> {
  const html = await (await fetch(`${baseUrl}/sign-in`)).text();
  const script = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!script) throw new Error(`GET /sign-in did not return the web app:\n${html.slice(0, 300)}`);
  const asset = await fetch(`${baseUrl}${script}`);
  if (!asset.ok) {
    throw new Error(
      `GET ${script} answered ${asset.status}: the server does not serve web/dist to signed-out visitors ` +
        '(the static routes of server/src/http/web-app.ts need config.public).',
    );
  }
}

/**
 * Starts one real Tierline (embedded PostgreSQL, demo workspace) for the whole e2e run, the way
 * `npm start` would, on a free port and a fresh data directory; stops it afterwards.
 */
export default async function setup(project: TestProject) {
  buildWebIfStale();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const smtpPort = await freePort();
  const relay = await startMailRelay();
  const dataDir = path.join(repoRoot, '.test-data', `e2e-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const entry = process.env.TIERLINE_E2E_SERVER_ENTRY ?? 'server/src/main.ts';
  let output = '';
  const serverLog = path.join(repoRoot, '.test-data', `e2e-server-${process.pid}.log`);
  const log = fs.createWriteStream(serverLog);
  const child = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TIERLINE_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      TIERLINE_DEMO: 'true',
      TIERLINE_ADMIN_EMAIL: ADMIN_EMAIL,
      TIERLINE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      TIERLINE_SMTP_PORT: String(smtpPort),
      TIERLINE_SMTP_HOST: '127.0.0.1',
      TIERLINE_SMTP_RELAY_HOST: '127.0.0.1',
      TIERLINE_SMTP_RELAY_PORT: String(relay.port),
      TIERLINE_MAIL_SEND_ATTEMPTS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output = `${output}${chunk.toString()}`.slice(-20_000);
    log.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timeout);
    }
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    await relay.close();
    await new Promise((resolve) => log.end(resolve));
    fs.rmSync(serverLog, { force: true });
  };

  try {
    await waitForHealth(baseUrl, child, () => output);
    await assertWebAppServed(baseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('adminEmail', ADMIN_EMAIL);
  project.provide('adminPassword', ADMIN_PASSWORD);
  project.provide('smtpPort', smtpPort);
  project.provide('serverLog', serverLog);
  return stop;
}
