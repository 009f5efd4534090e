/** The OpenAPI document: served at /docs-json, and the committed copy in the repo matches what the code declares. */
import { join } from 'node:path';
import { committedDocument, expectCommittedOpenApi, servedOpenApi, walkRequiredFields } from '@rebound/testing';
import { buildOpenApiDocument } from '../src/openapi';
import { useReturnsGrpcClient } from './support/grpc-client';
import { useIntakeWorld } from './support/intake-world';

const COMMITTED = join(__dirname, '../openapi.json');

describe('the OpenAPI document', () => {
  const world = useIntakeWorld('intake-openapi');
  const grpc = useReturnsGrpcClient(world);

  it('is committed as generated from the controllers (run `npx nx run returns-intake:openapi` after changing the API)', async () => {
    await expectCommittedOpenApi(COMMITTED, buildOpenApiDocument);
  });

  it('is served at /docs-json with every route and problem+json errors, and Swagger UI at /docs', async () => {
    const served = await servedOpenApi(world().http, COMMITTED);
    expect(served.paths['/v1/returns'].post.responses['422'].content).toHaveProperty('application/problem+json');
    const ui = await fetch(`${world().app.httpUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it("offers Swagger UI's Authorize the issuer the service trusts, on every guarded operation", async () => {
    const served = await servedOpenApi(world().http, COMMITTED);
    expect(served.components.securitySchemes.oidc).toMatchObject({
      type: 'openIdConnect',
      openIdConnectUrl: `${world().issuer.url}/.well-known/openid-configuration`,
    });
    expect(served.paths['/v1/returns/{returnId}'].get.security).toEqual([{ bearer: [] }, { oidc: [] }]);
  });

  it('names each required field of every operation, over REST and gRPC alike, when it is left out', async () => {
    const walk = await walkRequiredFields(world().http, await committedDocument(COMMITTED), {
      grpcTwins: {
        'POST /v1/returns/preview': (body) => grpc().previewReturn(body),
        'POST /v1/returns': (body) => grpc().createReturn(body),
      },
    });

    expect(walk.failures).toEqual([]);
    expect(walk.checked).toBeGreaterThan(20);
  });
});
