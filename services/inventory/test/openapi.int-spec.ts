/** The OpenAPI document: served at /docs-json, and the committed copy in the repo matches what the code declares. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../src/openapi';
import { useInventoryWorld } from './support/inventory-world';

const COMMITTED = join(__dirname, '../openapi.json');

jest.setTimeout(60_000);

describe('the OpenAPI document', () => {
  const world = useInventoryWorld('inventory-openapi');

  it('is committed as generated from the controllers (run `npx nx run inventory:openapi` after changing the API)', async () => {
    const committed = JSON.parse(await readFile(COMMITTED, 'utf8'));
    expect(JSON.parse(JSON.stringify(await buildOpenApiDocument()))).toEqual(committed);
  });

  it('is served at /docs-json with every route and problem+json errors', async () => {
    const served = await world().http('GET', '/docs-json');
    expect(served.status).toBe(200);
    expect(Object.keys(served.body.paths).sort()).toEqual(
      Object.keys(JSON.parse(await readFile(COMMITTED, 'utf8')).paths).sort(),
    );
    const move = served.body.paths['/v1/stock/movements'].post;
    expect(move.responses['409'].content).toHaveProperty('application/problem+json');
  });
});
