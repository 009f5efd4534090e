/** The mail sink over real SMTP, sent to with nodemailer and read back with libs/testing's mailbox. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { mailbox, uniqueName } from '@rebound/testing';
import { startMailSink, type MailSink } from './mail-sink';

describe('the mail sink', () => {
  let dir: string;
  let sink: MailSink;
  const lines: string[] = [];

  const start = () => startMailSink({ smtpPort: 0, httpPort: 0, host: '127.0.0.1', dir }, (line) => lines.push(line));
  const transport = (auth?: { user: string; pass: string }) =>
    createTransport({ host: '127.0.0.1', port: sink.smtpPort, secure: false, ...(auth && { auth }) });
  const address = (who: string) => `${uniqueName(who, '-')}@example.test`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mail-sink-'));
    sink = await start();
  });
  afterAll(async () => {
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a message sent over SMTP, parsed, and shows it to its recipient only', async () => {
    const customer = address('customer');
    const someoneElse = address('someone-else');
    await transport().sendMail({
      from: '"Rebound Returns" <returns@shop.example>',
      to: `"Ada Lovelace" <${customer}>`,
      subject: 'Your return is approved',
      text: 'Print your label.',
      html: '<p>Print your <b>label</b>.</p>',
      headers: { 'X-Rebound-Notification': 'n-1' },
      date: new Date('2026-12-01T10:00:00Z'),
    });

    const [mail] = await mailbox(customer, sink.httpUrl).waitFor(1);
    expect(mail).toMatchObject({
      envelope: { from: 'returns@shop.example', to: [customer] },
      from: { name: 'Rebound Returns', address: 'returns@shop.example' },
      to: [{ name: 'Ada Lovelace', address: customer }],
      cc: [],
      subject: 'Your return is approved',
      text: 'Print your label.',
      html: '<p>Print your <b>label</b>.</p>',
      date: '2026-12-01T10:00:00.000Z',
      attachments: [],
    });
    expect(mail.headers['x-rebound-notification']).toBe('n-1');
    expect(mail.messageId).toMatch(/^<.+@.+>$/);
    expect(await mailbox(someoneElse, sink.httpUrl).messages()).toEqual([]);
    expect(lines.some((line) => line.includes(`to ${customer}: Your return is approved`))).toBe(true);
  });

  it('shows a message to every recipient of its envelope, a Bcc one included, matching addresses in any case', async () => {
    const to = address('to');
    const bcc = address('bcc');
    await transport().sendMail({
      from: 'returns@shop.example',
      to,
      bcc: bcc.toUpperCase(),
      subject: 'Parcel received',
    });

    for (const recipient of [to, bcc.toUpperCase()]) {
      expect((await mailbox(recipient, sink.httpUrl).waitFor(1)).map((mail) => mail.subject)).toEqual([
        'Parcel received',
      ]);
    }
  });

  it('takes mail from a client that logs in, whatever its login', async () => {
    const customer = address('login');
    await transport({ user: 'rebound-notifications', pass: 'anything' }).sendMail({
      from: 'returns@shop.example',
      to: customer,
      subject: 'Refund issued',
      text: '25.00 EUR',
    });
    expect((await mailbox(customer, sink.httpUrl).waitFor(1))[0].text).toBe('25.00 EUR\n');
  });

  it('lists a recipient’s messages in the order they arrived, waits for them, and says how many came when too few do', async () => {
    const customer = address('many');
    const box = mailbox(customer, sink.httpUrl);
    for (const subject of ['first', 'second', 'third']) {
      await transport().sendMail({ from: 'returns@shop.example', to: customer, subject, text: subject });
    }

    expect((await box.waitFor(3)).map((mail) => mail.subject)).toEqual(['first', 'second', 'third']);
    await expect(box.waitFor(4, { timeoutMs: 300 })).rejects.toThrow(`4 message(s) to ${customer}`);
    await expect(box.waitFor(4, { timeoutMs: 300 })).rejects.toThrow('; 3 arrived');
  });

  it('clears one recipient’s mailbox and leaves everyone else’s, a message sent to both included', async () => {
    const leaving = address('clear');
    const staying = address('stay');
    await transport().sendMail({ from: 'returns@shop.example', to: [leaving, staying], subject: 'to both' });
    await transport().sendMail({ from: 'returns@shop.example', to: leaving, subject: 'to one' });
    await mailbox(leaving, sink.httpUrl).waitFor(2);

    await mailbox(leaving, sink.httpUrl).clear();

    expect(await mailbox(leaving, sink.httpUrl).messages()).toEqual([]);
    expect(await mailbox(staying, sink.httpUrl).messages()).toEqual([
      expect.objectContaining({
        subject: 'to both',
        mailboxes: [staying],
        envelope: expect.objectContaining({ to: [leaving, staying] }),
      }),
    ]);
  });

  it('still shows what it kept after a restart, one message by its id too', async () => {
    const customer = address('restart');
    await transport().sendMail({ from: 'returns@shop.example', to: customer, subject: 'Exchange shipped' });
    const [before] = await mailbox(customer, sink.httpUrl).waitFor(1);

    await sink.close();
    sink = await start();

    expect(await mailbox(customer, sink.httpUrl).messages()).toEqual([before]);
    expect(await (await fetch(`${sink.httpUrl}/messages/${before.id}`)).json()).toEqual(before);
    expect((await fetch(`${sink.httpUrl}/messages/no-such-message`)).status).toBe(404);
  });

  it('shows its messages read-only: nothing but GET and DELETE of /messages', async () => {
    const put = await fetch(`${sink.httpUrl}/messages`, { method: 'POST', body: '{}' });
    expect(put.status).toBe(404);
  });
});
