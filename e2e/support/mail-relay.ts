import { SMTPServer } from 'smtp-server';

/** The domain whose mailboxes the relay refuses (550): mail to it shows as not delivered. */
export const UNDELIVERABLE_DOMAIN = 'unreachable.example';

/**
 * Stands in for the outgoing mail relay of the Tierline under test: it takes every mail (and
 * throws it away) except to UNDELIVERABLE_DOMAIN, which it refuses for good, so a test can show
 * a failed send on one ticket while the other tests' replies go out quietly.
 */
export async function startMailRelay(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onRcptTo: (address, _session, callback) => {
      if (address.address.toLowerCase().endsWith(`@${UNDELIVERABLE_DOMAIN}`)) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      } else callback();
    },
    onData: (stream, _session, callback) => {
      stream.on('end', () => callback());
      stream.resume();
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
