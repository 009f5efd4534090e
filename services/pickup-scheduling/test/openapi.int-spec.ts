/** The OpenAPI document: served at /docs-json, and the committed copy in the repo matches what the code declares. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../src/openapi';
import { usePickupsWorld } from './support/pickups-world';

const COMMITTED = join(__dirname, '../openapi.json');

jest.setTimeout(60_000);

describe('the OpenAPI document', () => {
  const world = usePickupsWorld('pickups-openapi');

  it('is committed as generated from the controllers (run `npx nx run pickup-scheduling:openapi` after changing the API)', async () => {
    const committed = JSON.parse(await readFile(COMMITTED, 'utf8'));
    expect(JSON.parse(JSON.stringify(await buildOpenApiDocument()))).toEqual(committed);
  });

  it('is served at /docs-json with every route, the webhook’s signature headers and problem+json errors', async () => {
    const served = await world().http('GET', '/docs-json');
    expect(served.status).toBe(200);
    expect(Object.keys(served.body.paths).sort()).toEqual(
      Object.keys(JSON.parse(await readFile(COMMITTED, 'utf8')).paths).sort(),
    );
    const webhook = served.body.paths['/v1/partners/{partnerId}/tracking-events'].post;
    expect(webhook.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['Rebound-Timestamp', 'Rebound-Signature']),
    );
    expect(webhook.responses['401'].content).toHaveProperty('application/problem+json');
  });
});
