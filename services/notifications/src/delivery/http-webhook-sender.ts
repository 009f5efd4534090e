/**
 * The WebhookSender port over HTTP(S): one POST per attempt, within WEBHOOK_TIMEOUT_MS for the whole
 * exchange (connecting, sending, the answer), redirects not followed (a 3xx is a refusal: a receiver
 * moved is the merchant's to update). The host is resolved by the request's own `lookup`, where every
 * address is checked against the destination rules, so the address called is the address checked —
 * a name re-pointed at an internal address between the two (DNS rebinding) is refused too.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AttemptResult } from '../domain/delivery';
import { destinationProblem, hostOf, resolvedDestinationProblem, type AllowedHosts } from '../domain/destination';
import type { SignedRequest, WebhookSender } from '../domain/ports';

/** How much of a refusing receiver's answer is kept with the attempt. */
const KEPT_ANSWER = 300;

export class HttpWebhookSender implements WebhookSender {
  constructor(
    private readonly timeoutMs: number,
    private readonly allowed: AllowedHosts,
  ) {}

  async send(signed: SignedRequest): Promise<AttemptResult> {
    const refused = destinationProblem(signed.url, this.allowed);
    if (refused) return { outcome: 'unreachable', error: `destination not allowed: ${refused}` };
    const url = new URL(signed.url);
    try {
      const { statusCode, body } = await this.post(url, signed);
      if (statusCode >= 200 && statusCode < 300) return { outcome: 'delivered', statusCode };
      return { outcome: 'refused', statusCode, error: `answered ${statusCode}: ${body.slice(0, KEPT_ANSWER)}`.trim() };
    } catch (error) {
      // Read by shape: errors from Node's internals need not be instances of this realm's Error.
      const { name, message } = error as { name?: string; message?: string };
      if (name === 'TimeoutError' || name === 'AbortError') {
        return { outcome: 'unreachable', error: `no answer within ${this.timeoutMs} ms` };
      }
      return { outcome: 'unreachable', error: message ?? String(error) };
    }
  }

  private post(url: URL, signed: SignedRequest): Promise<{ statusCode: number; body: string }> {
    const host = hostOf(url);
    const options: RequestOptions = {
      method: 'POST',
      headers: {
        ...signed.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(signed.body)),
        'user-agent': 'Rebound-Webhooks/1',
      },
      signal: AbortSignal.timeout(this.timeoutMs),
      // Literal addresses were checked with the URL; names are checked as they resolve.
      ...(isIP(host) === 0 && { lookup: this.checkedLookup(host) }),
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const call = send(url, options, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          // Only the beginning is kept; the rest is read and dropped so the connection can close.
          if (size < KEPT_ANSWER) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () =>
          resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      });
      call.on('error', reject);
      call.end(signed.body);
    });
  }

  private checkedLookup(host: string): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...(options as LookupAllOptions), all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 0);
        const problem = resolvedDestinationProblem(
          host,
          addresses.map((entry) => entry.address),
          this.allowed,
        );
        if (problem) return callback(new Error(problem), '', 0);
        if ((options as LookupAllOptions).all) return (callback as unknown as AllCallback)(null, addresses);
        const [first] = addresses;
        return callback(null, first.address, first.family);
      });
    };
  }
}

type AllCallback = (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;
