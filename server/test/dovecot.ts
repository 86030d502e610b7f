import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './processes.ts';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  log: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`dovecot exited: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `dovecot did not listen on ${port}: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`,
  );
}

/**
 * Starts Debian's Dovecot (package dovecot-imapd) as a private IMAP server for one test file:
 * its own config, Maildir and plain-text login on 127.0.0.1, in the foreground, removed afterwards.
 */
export async function startDovecot(): Promise<Dovecot> {
  if (!fs.existsSync(DOVECOT_BINARY))
    throw new Error('Dovecot is missing: apt-get install dovecot-imapd (scripts/test.sh does)');
  // Under the repo rather than /tmp, like the embedded PostgreSQL: the dovecot user must reach it.
  const dir = path.resolve(
    import.meta.dirname,
    '../../.test-data',
    `dovecot-${crypto.randomBytes(4).toString('hex')}`,
  );
  fs.mkdirSync(path.join(dir, 'mail'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'run'), { recursive: true });
  const port = await freePort();
  const user = 'support';
  const password = crypto.randomBytes(8).toString('hex');
  const uid = Number(fs.readFileSync('/etc/passwd', 'utf8').match(/^dovecot:x:(\d+):(\d+):/m)?.[1] ?? 0);
  const gid = Number(fs.readFileSync('/etc/passwd', 'utf8').match(/^dovecot:x:(\d+):(\d+):/m)?.[2] ?? 0);
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`);
  const log = path.join(dir, 'dovecot.log');
  fs.writeFileSync(
    path.join(dir, 'dovecot.conf'),
    [
      `base_dir = ${path.join(dir, 'run')}`,
      `log_path = ${log}`,
      'protocols = imap',
      // Tell IDLE clients about new mail within a second (inotify may be missing in containers).
      'mailbox_idle_check_interval = 1 secs',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:${path.join(dir, 'mail')}/%u`,
      `first_valid_uid = ${uid}`,
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${path.join(dir, 'users')}`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${uid} gid=${gid} home=${path.join(dir, 'home')}/%u`,
      '}',
      'service imap-login {',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      'service stats {',
      '  unix_listener stats-reader {',
      '    mode = 0666',
      '  }',
      '  unix_listener stats-writer {',
      '    mode = 0666',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  fs.chownSync(path.join(dir, 'mail'), uid, gid);
  fs.mkdirSync(path.join(dir, 'home'), { recursive: true });
  fs.chownSync(path.join(dir, 'home'), uid, gid);
  const child = spawn(DOVECOT_BINARY, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  try {
    await waitForPort(port, child, log);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
