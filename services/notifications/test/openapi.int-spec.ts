/** The OpenAPI document: served at /docs-json, and the committed copy in the repo matches what the code declares. */
import { join } from 'node:path';
import { committedDocument, expectCommittedOpenApi, servedOpenApi, walkRequiredFields } from '@rebound/testing';
import { buildOpenApiDocument } from '../src/openapi';
import { useNotificationsWorld } from './support/notifications-world';

const COMMITTED = join(__dirname, '../openapi.json');

jest.setTimeout(60_000);

describe('the OpenAPI document', () => {
  const world = useNotificationsWorld('notifications-openapi');

  it('is committed as generated from the controllers (run `npx nx run notifications:openapi` after changing the API)', async () => {
    await expectCommittedOpenApi(COMMITTED, buildOpenApiDocument);
  });

  it('is served at /docs-json with every route and problem+json errors', async () => {
    const served = await servedOpenApi(world().http, COMMITTED);
    const create = served.paths['/v1/webhook-subscriptions'].post;
    expect(create.responses['422'].content).toHaveProperty('application/problem+json');
  });

  it('names each required field of every operation when it is left out', async () => {
    const walk = await walkRequiredFields(world().http, await committedDocument(COMMITTED));

    expect(walk.failures).toEqual([]);
    expect(walk.checked).toBeGreaterThan(1);
  });
});
