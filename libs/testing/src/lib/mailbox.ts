/**
 * The mail the local stack's mail sink kept (scripts/mail-sink, started by `scripts/stack up`), read
 * per recipient: what a customer's mailbox would have received. Tests give each customer an address
 * of their own (`uniqueName`), so they neither see nor clear another test's mail.
 */
import { waitUntil } from './wait-until';

/** Where the sink shows its messages: MAIL_SINK_URL, else the local stack's. */
export const MAIL_SINK_URL = process.env['MAIL_SINK_URL'] ?? 'http://127.0.0.1:2580';

export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

/** One message as the sink shows it (its `GET /messages`). */
export interface DeliveredMail {
  /** Sorts in the order the messages arrived. */
  readonly id: string;
  readonly receivedAt: string;
  /** The SMTP envelope (MAIL FROM, RCPT TO), lower case: a Bcc recipient is only here. */
  readonly envelope: { readonly from: string | null; readonly to: readonly string[] };
  /** The envelope recipients who have not cleared it from their mailbox yet. */
  readonly mailboxes: readonly string[];
  readonly from: MailAddress | null;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string | null;
  readonly text: string | null;
  readonly html: string | null;
  readonly date: string | null;
  readonly messageId: string | null;
  /** Every header by its lower-case name; a repeated one's values joined by a line break. */
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments: readonly { filename: string | null; contentType: string; size: number }[];
}

export interface Mailbox {
  readonly address: string;
  /** The messages for the address so far, oldest first. */
  messages(): Promise<DeliveredMail[]>;
  /** The messages once at least `count` have arrived; fails after `timeoutMs` saying how many did. */
  waitFor(count: number, options?: { timeoutMs?: number }): Promise<DeliveredMail[]>;
  /** Deletes the address's messages from the sink (nobody else's). */
  clear(): Promise<void>;
}

/** The mailbox of one recipient address in the sink at `sinkUrl`. */
export function mailbox(address: string, sinkUrl = MAIL_SINK_URL): Mailbox {
  const messagesUrl = `${sinkUrl}/messages?to=${encodeURIComponent(address)}`;
  const messages = async (): Promise<DeliveredMail[]> => {
    const response = await fetch(messagesUrl);
    if (!response.ok) throw new Error(`the mail sink answered ${response.status} to GET ${messagesUrl}`);
    return (await response.json()) as DeliveredMail[];
  };
  return {
    address,
    messages,
    async waitFor(count, { timeoutMs } = {}) {
      let seen = 0;
      try {
        return await waitUntil(
          `${count} message(s) to ${address}`,
          async () => {
            const mails = await messages();
            seen = mails.length;
            return mails.length >= count && mails;
          },
          { timeoutMs, intervalMs: 200 },
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}; ${seen} arrived`);
      }
    },
    async clear() {
      const response = await fetch(messagesUrl, { method: 'DELETE' });
      if (!response.ok) throw new Error(`the mail sink answered ${response.status} to DELETE ${messagesUrl}`);
    },
  };
}
