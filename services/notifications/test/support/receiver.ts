/**
 * A merchant's webhook receiver for tests: a local HTTP server that keeps every call it gets (headers
 * and the raw body, for signature checks) and answers as the test tells it — 2xx, a failure status,
 * or never (to see the sender's timeout).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type ReceiverMode = { readonly answer: number } | { readonly answer: 'never' };

export class TestReceiver {
  readonly calls: ReceivedCall[] = [];
  private readonly hanging: ServerResponse[] = [];
  private failures = 0;
  private failureStatus = 503;

  private constructor(
    private readonly server: Server,
    private mode: ReceiverMode,
  ) {}

  static async start(mode: ReceiverMode = { answer: 204 }): Promise<TestReceiver> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => receiver.receive(request.headers, Buffer.concat(chunks).toString('utf8'), response));
    });
    const receiver = new TestReceiver(server, mode);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  answer(mode: ReceiverMode): void {
    this.mode = mode;
  }

  /** Answers `status` to the next `count` calls, then as before. */
  failNext(count: number, status = 503): void {
    this.failures = count;
    this.failureStatus = status;
  }

  /** The bodies received, parsed. */
  events(): { id: string; type: string; data: Record<string, unknown> }[] {
    return this.calls.map((call) => JSON.parse(call.body));
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private receive(headers: IncomingHttpHeaders, body: string, response: ServerResponse): void {
    this.calls.push({ headers, body });
    if (this.failures > 0) {
      this.failures -= 1;
      response.statusCode = this.failureStatus;
      response.end();
      return;
    }
    if (this.mode.answer === 'never') {
      this.hanging.push(response);
      return;
    }
    response.statusCode = this.mode.answer;
    response.end();
  }
}
