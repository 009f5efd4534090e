/** The OpenAPI document: served at /docs-json, and the committed copy in the repo matches what the code declares. */
import { join } from 'node:path';
import { expectCommittedOpenApi, servedOpenApi } from '@rebound/testing';
import { buildOpenApiDocument } from '../src/openapi';
import { useIntakeWorld } from './support/intake-world';

const COMMITTED = join(__dirname, '../openapi.json');

describe('the OpenAPI document', () => {
  const world = useIntakeWorld('intake-openapi');

  it('is committed as generated from the controllers (run `npx nx run returns-intake:openapi` after changing the API)', async () => {
    await expectCommittedOpenApi(COMMITTED, buildOpenApiDocument);
  });

  it('is served at /docs-json with every route and problem+json errors, and Swagger UI at /docs', async () => {
    const served = await servedOpenApi(world().http, COMMITTED);
    expect(served.paths['/v1/returns'].post.responses['422'].content).toHaveProperty('application/problem+json');
    const ui = await fetch(`${world().intake.httpUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
