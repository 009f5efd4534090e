/** The OpenAPI document: served at /docs-json, and the committed copy in the repo matches what the code declares. */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  committedDocument,
  expectCommittedOpenApi,
  jsonHttp,
  servedOpenApi,
  walkRequiredFields,
} from '@rebound/testing';
import { partnerTerms, registerPartner } from './support/fixtures';
import { buildOpenApiDocument } from '../src/openapi';
import { usePickupsWorld } from './support/pickups-world';

const COMMITTED = join(__dirname, '../openapi.json');

jest.setTimeout(60_000);

describe('the OpenAPI document', () => {
  const world = usePickupsWorld('pickups-openapi');

  it('is committed as generated from the controllers (run `npx nx run pickup-scheduling:openapi` after changing the API)', async () => {
    await expectCommittedOpenApi(COMMITTED, buildOpenApiDocument);
  });

  it('is served at /docs-json with every route, the webhook’s signature headers and problem+json errors', async () => {
    const served = await servedOpenApi(world().http, COMMITTED);
    const webhook = served.paths['/v1/partners/{partnerId}/tracking-events'].post;
    expect(webhook.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['Rebound-Timestamp', 'Rebound-Signature']),
    );
    expect(webhook.responses['401'].content).toHaveProperty('application/problem+json');
  });

  it('names each required field of every operation, the webhook’s included, when it is left out', async () => {
    // The walk's caller holds every permission and is the partner's own client: the webhook takes its token.
    const oauthClientId = `client-${randomUUID()}`;
    const { partnerId, ...terms } = partnerTerms({ oauthClientId });
    await registerPartner(world(), { partnerId, ...terms });
    const caller = jsonHttp(world().app.httpUrl, await world().issuer.authorization({ clientId: oauthClientId }));
    const walk = await walkRequiredFields(caller, await committedDocument(COMMITTED), {
      pathValues: { partnerId },
      // Changing the partner keeps its client, so the webhook still takes the walk's token.
      samples: { 'PUT /v1/partners/{partnerId}': terms },
    });

    expect(walk.failures).toEqual([]);
    expect(walk.checked).toBeGreaterThan(10);
  });
});
