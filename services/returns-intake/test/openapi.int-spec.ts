/** The OpenAPI document: served at /docs-json, and the committed copy in the repo matches what the code declares. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../src/openapi';
import { useIntakeWorld } from './support/intake-world';

const COMMITTED = join(__dirname, '../openapi.json');

describe('the OpenAPI document', () => {
  const world = useIntakeWorld('intake-openapi');

  it('is committed as generated from the controllers (run `npx nx run returns-intake:openapi` after changing the API)', async () => {
    const committed = JSON.parse(await readFile(COMMITTED, 'utf8'));
    expect(JSON.parse(JSON.stringify(await buildOpenApiDocument()))).toEqual(committed);
  });

  it('is served at /docs-json with every route and problem+json errors, and Swagger UI at /docs', async () => {
    const served = await world().http('GET', '/docs-json');
    expect(served.status).toBe(200);
    expect(Object.keys(served.body.paths).sort()).toEqual(
      Object.keys(JSON.parse(await readFile(COMMITTED, 'utf8')).paths).sort(),
    );
    expect(served.body.paths['/v1/returns'].post.responses['422'].content).toHaveProperty('application/problem+json');
    const ui = await fetch(`${world().intake.httpUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
