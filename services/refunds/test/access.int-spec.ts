/**
 * Who may call refunds: every operation of its OpenAPI document is refused to callers
 * without a valid token (401) or without the operation's permission (403), and admits a token with
 * just that permission (the authorisation matrix of @rebound/http/testing).
 */
import { join } from 'node:path';
import { expectAccessHolds, restAccessMatrix } from '@rebound/http/testing';
import { committedDocument } from '@rebound/testing';
import { useRefundsWorld } from './support/refunds-world';

jest.setTimeout(60_000);

describe('access to refunds', () => {
  const world = useRefundsWorld('refunds-access');

  it('refuses every REST operation without a valid token or its permission, and admits the token that has it', async () => {
    await expectAccessHolds(
      'refunds REST',
      restAccessMatrix(await committedDocument(join(__dirname, '../openapi.json')), {
        baseUrl: world().app.httpUrl,
        issuer: world().issuer,
        // The matrix's customer token is matrix-customer's: its own store credit is what it may read.
        pathValues: { customerId: 'matrix-customer' },
      }),
    );
  });
});
