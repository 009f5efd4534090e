// What a request's log lines and outgoing events carry, on a real Nest app over real HTTP with the service's JSON logs.
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, Logger, Param, Post } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createLogger, parseTraceparent, traceparentForOutgoing } from '@rebound/observability';
import { NestPinoLogger } from '@rebound/observability/nest';
import { configureHttpApp } from '../src';

const RETURN_ID = '7d3f0a52-1c9e-4b8a-9f21-6a5b4c3d2e1f';
const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

@Controller('v1/returns')
class TracedReturnsController {
  private readonly logger = new Logger('TracedReturnsController');

  @Post()
  open(@Body() body: Record<string, unknown>): { outgoing: string } {
    this.logger.log(`opening a return for ${String(body['orderId'])}`);
    return { outgoing: traceparentForOutgoing() };
  }

  @Get(':returnId')
  async find(@Param('returnId') returnId: string): Promise<{ returnId: string }> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.logger.log('return read');
    return { returnId };
  }

  @Post(':returnId/approve')
  approve(): never {
    throw new Error('database unreachable');
  }
}

describe('a request’s trace', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const logger = createLogger({ service: 'returns-intake', level: 'info', destination });
    const moduleRef = await Test.createTestingModule({ controllers: [TracedReturnsController] }).compile();
    app = configureHttpApp(
      moduleRef.createNestApplication<NestExpressApplication>({ logger: new NestPinoLogger(logger) }),
      { logger },
    );
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    lines = [];
  });

  afterAll(async () => {
    await app.close();
    Logger.overrideLogger(false);
  });

  const linesFrom = (context: string) => lines.filter((line) => line['context'] === context);
  /** The requests' own lines, once `count` were written (each is written when its response has been sent). */
  const requestLines = async (count: number) => {
    const ofRequests = () => lines.filter((line) => line['route'] !== undefined);
    for (let waited = 0; ofRequests().length < count && waited < 2_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return ofRequests();
  };

  it('continues the caller’s traceparent in its log lines, its outgoing events and its response header', async () => {
    const response = await fetch(`${baseUrl}/v1/returns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: CALLER },
      body: JSON.stringify({ orderId: 'o-1' }),
    });

    expect(response.status).toBe(201);
    const answered = parseTraceparent(response.headers.get('traceparent') ?? undefined);
    const outgoing = parseTraceparent(((await response.json()) as { outgoing: string }).outgoing);
    expect(answered?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(answered?.spanId).not.toBe('00f067aa0ba902b7');
    expect(outgoing?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(linesFrom('TracedReturnsController')).toEqual([
      expect.objectContaining({
        service: 'returns-intake',
        level: 'info',
        msg: 'opening a return for o-1',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: answered?.spanId,
      }),
    ]);
  });

  it('starts a trace of its own without a valid traceparent, and names it in the response', async () => {
    const first = await fetch(`${baseUrl}/v1/returns/${RETURN_ID}`, { headers: { traceparent: 'garbage' } });
    const second = await fetch(`${baseUrl}/v1/returns/${RETURN_ID}`);

    const traceIds = [first, second].map(
      (response) => parseTraceparent(response.headers.get('traceparent') ?? '')?.traceId,
    );
    expect(traceIds[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIds[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIds[0]).not.toBe(traceIds[1]);
    expect(linesFrom('TracedReturnsController').map((line) => line['traceId'])).toEqual(traceIds);
  });

  it('puts the return id of a /:returnId route on its lines, the failure’s error line included', async () => {
    const read = await fetch(`${baseUrl}/v1/returns/${RETURN_ID}`, { headers: { traceparent: CALLER } });
    const failed = await fetch(`${baseUrl}/v1/returns/${RETURN_ID}/approve`, { method: 'POST' });

    expect(read.status).toBe(200);
    expect(failed.status).toBe(500);
    expect(linesFrom('TracedReturnsController')).toEqual([
      expect.objectContaining({ msg: 'return read', returnId: RETURN_ID, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }),
    ]);
    expect(linesFrom('ProblemDetailsFilter')).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: `POST /v1/returns/${RETURN_ID}/approve failed`,
        returnId: RETURN_ID,
        traceId: parseTraceparent(failed.headers.get('traceparent') ?? '')?.traceId,
        err: expect.objectContaining({ stack: expect.stringContaining('database unreachable') }),
      }),
    ]);
  });

  it('leaves a request’s log lines without a return id when the route has none or it is not a UUID', async () => {
    await fetch(`${baseUrl}/v1/returns/not-a-uuid`);
    await fetch(`${baseUrl}/v1/returns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'o-2' }),
    });

    const handled = linesFrom('TracedReturnsController');
    expect(handled).toHaveLength(2);
    for (const line of handled) {
      expect(line).toHaveProperty('traceId');
      expect(line).not.toHaveProperty('returnId');
    }
  });

  it('writes one line per request: method, route, status, duration, trace id and the return id where there is one', async () => {
    const read = await fetch(`${baseUrl}/v1/returns/${RETURN_ID}`, { headers: { traceparent: CALLER } });
    const failed = await fetch(`${baseUrl}/v1/returns/${RETURN_ID}/approve`, { method: 'POST' });
    const opened = await fetch(`${baseUrl}/v1/returns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'o-3' }),
    });
    const lost = await fetch(`${baseUrl}/v1/nowhere`);

    const traceOf = (response: Response) => parseTraceparent(response.headers.get('traceparent') ?? '')?.traceId;
    const written = await requestLines(4);
    expect(
      written.map(({ method, route, status, traceId, returnId, level }) => ({
        method,
        route,
        status,
        traceId,
        returnId,
        level,
      })),
    ).toEqual([
      {
        method: 'GET',
        route: '/v1/returns/:returnId',
        status: 200,
        traceId: traceOf(read),
        returnId: RETURN_ID,
        level: 'info',
      },
      {
        method: 'POST',
        route: '/v1/returns/:returnId/approve',
        status: 500,
        traceId: traceOf(failed),
        returnId: RETURN_ID,
        level: 'info',
      },
      {
        method: 'POST',
        route: '/v1/returns',
        status: 201,
        traceId: traceOf(opened),
        returnId: undefined,
        level: 'info',
      },
      { method: 'GET', route: 'unmatched', status: 404, traceId: traceOf(lost), returnId: undefined, level: 'info' },
    ]);
    expect(written[0]['durationMs']).toBeGreaterThanOrEqual(5);
    expect(written[0]['msg']).toMatch(/^GET \/v1\/returns\/:returnId 200 [\d.]+ ms$/);
  });
});
