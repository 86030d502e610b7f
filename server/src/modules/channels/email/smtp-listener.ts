import fs from 'node:fs';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { InboundMailService } from './inbound-service.ts';
import type { SupportAddresses } from './support-addresses.ts';

export interface SmtpListenerOptions {
  host: string;
  port: number;
  maxBytes: number;
  tlsKeyFile?: string | undefined;
  tlsCertFile?: string | undefined;
  authUser?: string | undefined;
  authPassword?: string | undefined;
  log: { warn(obj: unknown, message?: string): void; error(obj: unknown, message?: string): void };
}

/** An SMTP reply error: smtp-server sends responseCode and message to the client. */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * Tierline's own SMTP listener, for a mail server that forwards support mail straight to it.
 * Only recipients that are support addresses are accepted. A message is answered 250 only once
 * its import has committed; any failure to store it answers 451, so the sender tries again.
 */
export class SmtpListener {
  readonly #server: SMTPServer;
  readonly #options: SmtpListenerOptions;
  #port = 0;

  constructor(inbound: InboundMailService, addresses: SupportAddresses, options: SmtpListenerOptions) {
    this.#options = options;
    const tls = options.tlsKeyFile && options.tlsCertFile;
    const auth = options.authUser !== undefined && options.authPassword !== undefined;
    const config: SMTPServerOptions = {
      name: 'tierline',
      banner: 'Tierline help desk',
      size: options.maxBytes,
      logger: false,
      maxClients: 200,
      // A reverse DNS lookup per connection costs more than the import itself.
      disableReverseLookup: true,
      socketTimeout: 60_000,
      // On shutdown, sessions get this long to finish the message they are sending.
      closeTimeout: 5_000,
      authOptional: !auth,
      allowInsecureAuth: auth && !tls,
      disabledCommands: [...(auth ? [] : ['AUTH']), ...(tls ? [] : ['STARTTLS'])],
      ...(tls
        ? { key: fs.readFileSync(options.tlsKeyFile ?? ''), cert: fs.readFileSync(options.tlsCertFile ?? '') }
        : {}),
      onAuth: (credentials, _session, callback) => {
        if (
          auth &&
          credentials.username === options.authUser &&
          credentials.password === options.authPassword
        ) {
          callback(null, { user: credentials.username });
        } else {
          callback(smtpError(535, 'Authentication failed'));
        }
      },
      onRcptTo: (address, _session, callback) => {
        addresses
          .isOwn(address.address)
          .then((own) => callback(own ? null : smtpError(550, `No support address ${address.address} here`)))
          .catch(() => callback(smtpError(451, 'Temporary failure, try again later')));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => callback(smtpError(451, error.message)));
        stream.on('end', () => {
          if (stream.sizeExceeded) {
            callback(smtpError(552, `Message exceeds the size limit of ${options.maxBytes} bytes`));
            return;
          }
          const mailFrom = session.envelope.mailFrom;
          inbound
            .accept({
              raw: Buffer.concat(chunks),
              source: 'smtp',
              envelopeFrom: mailFrom === false ? null : mailFrom.address,
              envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            })
            .then((result) => callback(null, `Queued as ${result.inboundId}`))
            .catch((error: unknown) => {
              options.log.error({ err: error }, 'inbound mail could not be stored; answered 451');
              callback(smtpError(451, 'Temporary failure storing the message, try again later'));
            });
        });
      },
    };
    this.#server = new SMTPServer(config);
    this.#server.on('error', (error) => options.log.warn({ err: error }, 'SMTP listener error'));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port, this.#options.host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.server.address();
    this.#port = typeof address === 'object' && address ? address.port : this.#options.port;
    return this.#port;
  }

  get port(): number {
    return this.#port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
