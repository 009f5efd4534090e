/**
 * The local stack's mail sink: a real SMTP server (smtp-server, the maintained Node one) that keeps
 * every message it is handed instead of sending it on, parsed by mailparser the way a mail client
 * reads it, and shows them read-only over HTTP. The notifications service sends to it through its
 * ordinary SMTP client, so what a test reads back is what a customer's mailbox would have got.
 */
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

/** One message as the sink keeps it and `GET /messages` shows it. */
export interface StoredMail {
  /** Sorts in the order the messages arrived. */
  readonly id: string;
  readonly receivedAt: string;
  /** Who the SMTP client said it sends for and to (MAIL FROM, RCPT TO): Bcc recipients are only here. */
  readonly envelope: { readonly from: string | null; readonly to: readonly string[] };
  /**
   * The envelope recipients whose mailbox still holds it: clearing one recipient's mailbox takes it
   * out of theirs only, as with a message sent to several people.
   */
  readonly mailboxes: readonly string[];
  readonly from: MailAddress | null;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string | null;
  readonly text: string | null;
  readonly html: string | null;
  /** The message's own Date header. */
  readonly date: string | null;
  readonly messageId: string | null;
  /** Every header by its lower-case name; a repeated one's values joined by a line break. */
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments: readonly { filename: string | null; contentType: string; size: number }[];
}

export interface MailSinkOptions {
  readonly smtpPort: number;
  readonly httpPort: number;
  readonly host: string;
  readonly dir: string;
}

export interface MailSink {
  readonly smtpPort: number;
  /** Where `GET /messages` is. */
  readonly httpUrl: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** Starts both servers; `report` gets one line per message kept. */
export async function startMailSink(options: MailSinkOptions, report: (line: string) => void): Promise<MailSink> {
  await mkdir(options.dir, { recursive: true });
  let sequence = 0;

  const keep = async (parsed: ParsedMail, envelope: StoredMail['envelope']): Promise<StoredMail> => {
    const receivedAt = new Date();
    sequence += 1;
    const id = `${receivedAt.getTime()}-${String(sequence).padStart(6, '0')}-${randomBytes(3).toString('hex')}`;
    const mail: StoredMail = {
      id,
      receivedAt: receivedAt.toISOString(),
      envelope,
      mailboxes: envelope.to,
      from: addresses(parsed.from)[0] ?? null,
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: parsed.subject ?? null,
      text: parsed.text ?? null,
      html: parsed.html || null,
      date: parsed.date?.toISOString() ?? null,
      messageId: parsed.messageId ?? null,
      headers: headerRecord(parsed),
      attachments: parsed.attachments.map((attachment) => ({
        filename: attachment.filename ?? null,
        contentType: attachment.contentType,
        size: attachment.size,
      })),
    };
    await write(mail);
    return mail;
  };

  // Written whole, then renamed: a reader never sees half a message.
  const write = async (mail: StoredMail): Promise<void> => {
    const file = join(options.dir, `${mail.id}.json`);
    await writeFile(`${file}.partial`, JSON.stringify(mail, null, 2));
    await rename(`${file}.partial`, file);
  };

  /** Takes the messages out of `recipient`'s mailbox, or out of every one. */
  const clear = async (recipient: string | null): Promise<void> => {
    for (const mail of await stored(recipient)) {
      const left = recipient ? mail.mailboxes.filter((address) => address !== recipient.toLowerCase()) : [];
      if (left.length > 0) await write({ ...mail, mailboxes: left });
      else await rm(join(options.dir, `${mail.id}.json`), { force: true });
    }
  };

  const smtp = new SMTPServer({
    banner: 'Rebound mail sink: keeps every message, delivers none',
    // Plain SMTP on the loopback: any login is accepted (a client configured with one still works),
    // none is needed, and STARTTLS is not offered, so no client trips over a self-signed certificate.
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then(async (parsed) => {
          if (stream.sizeExceeded) throw Object.assign(new Error('message too large'), { responseCode: 552 });
          const mail = await keep(parsed, {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : null,
            to: session.envelope.rcptTo.map((recipient: SMTPServerAddress) => recipient.address.toLowerCase()),
          });
          report(
            `${mail.receivedAt} mail ${mail.id} from ${mail.envelope.from} to ${mail.envelope.to.join(', ')}: ${mail.subject}`,
          );
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  const stored = async (to: string | null): Promise<StoredMail[]> => {
    const names = (await readdir(options.dir)).filter((name) => name.endsWith('.json')).sort();
    const mails = await Promise.all(
      names.map(async (name) => JSON.parse(await readFile(join(options.dir, name), 'utf8')) as StoredMail),
    );
    const recipient = to?.toLowerCase();
    return recipient ? mails.filter((mail) => mail.mailboxes.includes(recipient)) : mails;
  };

  const http = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://mail-sink');
    const one = /^\/messages\/([\w-]+)$/.exec(url.pathname);
    const answer = (): Promise<void> | void => {
      if (url.pathname === '/messages' && request.method === 'GET') {
        return stored(url.searchParams.get('to')).then((mails) => json(response, 200, mails));
      }
      if (url.pathname === '/messages' && request.method === 'DELETE') {
        return clear(url.searchParams.get('to')).then(() => void response.writeHead(204).end());
      }
      if (one && request.method === 'GET') {
        return stored(null).then((mails) => {
          const mail = mails.find((candidate) => candidate.id === one[1]);
          return mail ? json(response, 200, mail) : problem(response, 404, `no message ${one[1]}`);
        });
      }
      problem(
        response,
        404,
        `no ${request.method} ${url.pathname} here: GET /messages[?to=], GET /messages/{id}, DELETE /messages[?to=]`,
      );
    };
    Promise.resolve(answer()).catch((error: Error) => problem(response, 500, error.message));
  });

  await listening(smtp, (done) => smtp.listen(options.smtpPort, options.host, done));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  try {
    await listening(http, (done) => http.listen(options.httpPort, options.host, done));
  } catch (error) {
    await new Promise<void>((resolve) => smtp.close(resolve));
    throw error;
  }
  const httpPort = (http.address() as AddressInfo).port;
  return {
    smtpPort,
    httpUrl: `http://${options.host}:${httpPort}`,
    close: async () => {
      http.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(resolve)),
        new Promise<void>((resolve) => http.close(() => resolve())),
      ]);
    },
  };
}

/** Resolves once `listen` has its port, rejects with the error of a port already taken. */
function listening(server: EventEmitter, listen: (done: () => void) => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    listen(() => {
      server.off('error', reject);
      resolve();
    });
  });
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) =>
    object.value
      .flatMap((entry) => [entry, ...(entry.group ?? [])])
      .filter((entry) => entry.address)
      .map((entry) => ({ name: entry.name, address: entry.address ?? '' })),
  );
}

function headerRecord(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).trim();
    headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
  }
  return headers;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function problem(response: ServerResponse, status: number, detail: string): void {
  response.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status, detail }));
}
