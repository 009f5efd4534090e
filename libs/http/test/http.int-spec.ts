// The shared HTTP edge on a real Nest app over real HTTP: problem details, validation, OpenAPI, paging.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { createSchemaDataSource } from '@rebound/persistence';
import { TestSchema } from '@rebound/testing';
import { OpenApiMeta, configureHttpApp, openApiDocument, setupOpenApi, writeOpenApiDocument } from '../src';
import { ReturnsTestController } from './fixtures/returns-test.controller';

const META: OpenApiMeta = { title: 'Returns test API', description: 'Fixture for @rebound/http', version: '1.0.0' };
const ORDER_ID = '2f1c6a7e-8d4b-4c3a-9e5f-1a2b3c4d5e6f';
const VALID_RETURN = {
  orderId: ORDER_ID,
  lines: [{ sku: 'SKU-1', quantity: 1 }],
  pickup: { address: { street: '1 Main St', postalCode: '12345' } },
};

async function createApp(): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({ controllers: [ReturnsTestController] }).compile();
  return configureHttpApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
}

describe('the shared HTTP edge', () => {
  let app: NestExpressApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await createApp();
    setupOpenApi(app, META);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  function post(path: string, body: unknown): Promise<Response> {
    return fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async function problemOf(response: Response): Promise<Record<string, unknown>> {
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Record<string, unknown>;
  }

  it('accepts a valid body and hands the handler class instances, without advertising express', async () => {
    const response = await post('/returns', VALID_RETURN);

    expect(response.status).toBe(201);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(await response.json()).toEqual({ orderId: ORDER_ID, linesAreInstances: true, postalCode: '12345' });
  });

  it('names every invalid field of a nested body in one response', async () => {
    const response = await post('/returns', {
      orderId: 'not-a-uuid',
      lines: [{ sku: 'SKU-1', quantity: 0 }, { quantity: 2 }],
      pickup: { address: { street: '1 Main St', postalCode: 'ABC' } },
    });

    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({
      type: 'https://rebound.dev/problems/validation',
      title: 'Request is invalid',
      status: 400,
      instance: '/returns',
    });
    const fields = (problem.errors as { field: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(
      new Set(['orderId', 'lines[0].quantity', 'lines[1].sku', 'pickup.address.postalCode']),
    );
    expect(problem.errors).toEqual([
      { field: 'lines[0].quantity', message: 'must be an integer ≥ 1' },
      { field: 'lines[1].sku', message: 'is required' },
      { field: 'orderId', message: 'must be a UUID' },
      { field: 'pickup.address.postalCode', message: 'must be 5 digits' },
    ]);
  });

  it('gives one message per field, saying what the field must be', async () => {
    const response = await post('/returns', { ...VALID_RETURN, lines: [{ sku: '', quantity: '1' }] });

    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { field: 'lines[0].quantity', message: 'must be an integer ≥ 1' },
      { field: 'lines[0].sku', message: 'must be a non-empty string' },
    ]);
  });

  it('refuses keys named like prototype members, which would otherwise slip past the unknown-field check', async () => {
    const response = await post(
      '/returns',
      '{"orderId":"' +
        ORDER_ID +
        '","lines":[{"sku":"A","quantity":1,"constructor":1}],' +
        '"pickup":{"address":{"street":"x","postalCode":"12345"}},"__proto__":{"admin":true}}',
    );

    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { field: '__proto__', message: 'is not allowed' },
      { field: 'lines[0].constructor', message: 'is not allowed' },
    ]);
  });

  it('refuses control characters such as NUL in any string, and nesting deeper than any document', async () => {
    const withNul = await post('/returns', { ...VALID_RETURN, lines: [{ sku: 'A\u0000B', quantity: 1 }] });
    const deep = await post('/returns', `{"orderId":"${ORDER_ID}","lines":${'['.repeat(5000)}${']'.repeat(5000)}}`);

    expect(withNul.status).toBe(400);
    expect((await problemOf(withNul)).errors).toEqual([
      { field: 'lines[0].sku', message: 'must not contain control characters' },
    ]);
    expect(deep.status).toBe(400);
    expect((await problemOf(deep)).errors).toEqual([{ field: 'lines', message: 'is nested more than 32 levels deep' }]);
  });

  it('refuses a body whose bytes are not UTF-8 rather than decoding them into replacement characters', async () => {
    const latin1 = Buffer.from(JSON.stringify({ ...VALID_RETURN, lines: [{ sku: 'Größe', quantity: 1 }] }), 'latin1');
    const response = await fetch(`${baseUrl}/returns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: latin1,
    });

    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({
      type: 'https://rebound.dev/problems/invalid-encoding',
      detail: 'the body must be JSON encoded as UTF-8',
    });
  });

  it('answers a body that is not JSON with 415, naming the type it got', async () => {
    const form = await fetch(`${baseUrl}/returns`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'orderId=1&lines[0][sku]=A',
    });
    const untyped = await fetch(`${baseUrl}/returns`, { method: 'POST', body: new Uint8Array([123, 125]) });

    expect(form.status).toBe(415);
    expect(await problemOf(form)).toMatchObject({
      type: 'https://rebound.dev/problems/unsupported-media-type',
      detail: 'the body must be sent as application/json, not application/x-www-form-urlencoded',
    });
    expect(untyped.status).toBe(415);
    expect(await problemOf(untyped)).toMatchObject({
      detail: 'the body must be sent with Content-Type: application/json',
    });
  });

  it('rejects unknown properties by name, at the top level and inside array items', async () => {
    const response = await post('/returns', {
      ...VALID_RETURN,
      foo: 'bar',
      lines: [{ sku: 'SKU-1', quantity: 1, colour: 'red' }],
    });

    expect(response.status).toBe(400);
    const { errors } = await problemOf(response);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'foo', message: 'is not allowed' },
        { field: 'lines[0].colour', message: 'is not allowed' },
      ]),
    );
    expect(errors).toHaveLength(2);
  });

  it('reports each required field when the body is missing altogether', async () => {
    const response = await fetch(`${baseUrl}/returns`, { method: 'POST' });

    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { field: 'lines', message: 'is required' },
      { field: 'orderId', message: 'is required' },
      { field: 'pickup', message: 'is required' },
    ]);
  });

  it('answers a malformed JSON body with a 400 malformed-json problem', async () => {
    const response = await post('/returns', '{"orderId": ');

    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({
      type: 'https://rebound.dev/problems/malformed-json',
      status: 400,
      instance: '/returns',
    });
  });

  it('answers a body over the size limit with a 413 problem', async () => {
    const response = await post('/returns', { ...VALID_RETURN, orderId: 'x'.repeat(200_000) });

    expect(response.status).toBe(413);
    expect(await problemOf(response)).toMatchObject({ type: 'https://rebound.dev/problems/payload-too-large' });
  });

  it('answers an unknown route with a 404 not-found problem', async () => {
    const response = await fetch(`${baseUrl}/parcels/42?verbose=true`);

    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({
      type: 'https://rebound.dev/problems/not-found',
      title: 'Not Found',
      status: 404,
      instance: '/parcels/42',
    });
  });

  it('keeps the status, slug, errors and extensions of a ProblemException a handler throws', async () => {
    const response = await post('/returns/r1/cancel', {});

    expect(response.status).toBe(409);
    expect(await problemOf(response)).toEqual({
      type: 'https://rebound.dev/problems/return-not-cancellable',
      title: 'Return cannot be cancelled',
      status: 409,
      detail: 'Return r1 is already in transit.',
      instance: '/returns/r1/cancel',
      errors: [{ field: 'returnId', message: 'return r1 is in transit' }],
      returnStatus: 'in_transit',
    });
  });

  it('turns any other Nest HttpException into a problem named after its status', async () => {
    const response = await post('/returns/r2/approve', {});

    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({
      type: 'https://rebound.dev/problems/conflict',
      title: 'Conflict',
      detail: 'Return r2 was changed by someone else.',
    });
  });

  it('answers an unexpected error with a generic 500 and keeps its message for the log', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const response = await fetch(`${baseUrl}/returns/broken`);

      expect(response.status).toBe(500);
      const text = await response.clone().text();
      expect(text).not.toContain('rebound_secret');
      expect(await problemOf(response)).toMatchObject({
        type: 'https://rebound.dev/problems/internal',
        status: 500,
        detail: 'An unexpected error occurred.',
      });
      expect(logged).toHaveBeenCalledWith('GET /returns/broken failed', expect.stringContaining('rebound_secret'));
    } finally {
      logged.mockRestore();
    }
  });

  it('leaves a response the handler already sent as it was', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const response = await fetch(`${baseUrl}/returns/streamed`);

      expect(response.status).toBe(202);
      expect(await response.text()).toBe('partial');
      expect(logged).toHaveBeenCalledWith('GET /returns/streamed failed', expect.any(String));
    } finally {
      logged.mockRestore();
    }
  });

  it('pages through a list with the cursor it hands out', async () => {
    const first = await fetch(`${baseUrl}/returns?limit=2`);
    const firstPage = (await first.json()) as { items: { id: string }[]; nextCursor: string };
    const second = await fetch(`${baseUrl}/returns?limit=2&cursor=${firstPage.nextCursor}`);
    const secondPage = (await second.json()) as { items: { id: string }[]; nextCursor: string };
    const defaultPage = (await (await fetch(`${baseUrl}/returns`)).json()) as { items: unknown[]; nextCursor: null };

    expect(firstPage.items).toEqual([{ id: 'r1' }, { id: 'r2' }]);
    expect(secondPage.items).toEqual([{ id: 'r3' }, { id: 'r4' }]);
    expect(defaultPage).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(defaultPage.items).toHaveLength(5);
  });

  it('rejects a tampered cursor and an out-of-range limit with 400 problems', async () => {
    const tampered = Buffer.from('{"id":{"$gt":""}}').toString('base64url');
    const badCursor = await fetch(`${baseUrl}/returns?cursor=${tampered}`);
    const badLimit = await fetch(`${baseUrl}/returns?limit=101`);

    expect(badCursor.status).toBe(400);
    expect(await problemOf(badCursor)).toMatchObject({ type: 'https://rebound.dev/problems/invalid-cursor' });
    expect(badLimit.status).toBe(400);
    expect(await problemOf(badLimit)).toMatchObject({
      type: 'https://rebound.dev/problems/validation',
      errors: [{ field: 'limit', message: 'must be an integer from 1 to 100' }],
    });
  });

  it('serves Swagger UI at /docs and at /docs-json a document with the routes and the ProblemDetails schema', async () => {
    const ui = await fetch(`${baseUrl}/docs`);
    const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };

    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
    expect(document.paths['/returns'].post.responses['409'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    });
    expect(Object.keys(document.components.schemas.ProblemDetails.properties)).toEqual([
      'type',
      'title',
      'status',
      'detail',
      'instance',
      'errors',
    ]);
    expect(document.components.schemas).toHaveProperty('ReturnSummary');
  });

  it('builds the same OpenAPI document on every run and writes it as pretty JSON', async () => {
    const other = await createApp();
    const directory = await mkdtemp(join(tmpdir(), 'rebound-http-'));
    try {
      const served = await (await fetch(`${baseUrl}/docs-json`)).text();
      const filePath = join(directory, 'nested', 'openapi.json');
      await writeOpenApiDocument(openApiDocument(other, META), filePath);

      expect(JSON.stringify(openApiDocument(other, META))).toBe(served);
      expect(await readFile(filePath, 'utf8')).toBe(`${JSON.stringify(JSON.parse(served), null, 2)}\n`);
    } finally {
      await other.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('the shared HTTP edge when the database is too slow', () => {
  let schema: TestSchema;
  let dataSource: DataSource;
  let app: NestExpressApplication;

  @Controller('reports')
  class SlowReportController {
    @Get()
    async report(): Promise<unknown> {
      return dataSource.query('SELECT pg_sleep(5)');
    }
  }

  beforeAll(async () => {
    schema = await TestSchema.create('http_timeout');
    dataSource = createSchemaDataSource({ url: schema.url, schema: schema.name, statementTimeoutMs: 100 });
    await dataSource.initialize();
    const moduleRef = await Test.createTestingModule({ controllers: [SlowReportController] }).compile();
    app = configureHttpApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await schema?.drop();
  });

  it('answers a statement the timeout cancelled with 503 and Retry-After: the caller may try again', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const port = (app.getHttpServer().address() as AddressInfo).port;
      const response = await fetch(`http://127.0.0.1:${port}/reports`);

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        type: 'https://rebound.dev/problems/service-unavailable',
        status: 503,
        detail: 'The service could not complete the request in time; nothing was changed. Try again shortly.',
      });
      expect(logged).toHaveBeenCalledWith('GET /reports failed', expect.stringContaining('statement timeout'));
    } finally {
      logged.mockRestore();
    }
  });
});
