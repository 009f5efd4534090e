/**
 * Who may call notifications: every operation of its OpenAPI document is refused to callers
 * without a valid token (401) or without the operation's permission (403), and admits a token with
 * just that permission (the authorisation matrix of @rebound/http/testing).
 */
import { join } from 'node:path';
import { expectAccessHolds, restAccessMatrix } from '@rebound/http/testing';
import { committedDocument } from '@rebound/testing';
import { useNotificationsWorld } from './support/notifications-world';

jest.setTimeout(60_000);

describe('access to notifications', () => {
  const world = useNotificationsWorld('notifications-access');

  it('refuses every REST operation without a valid token or its permission, and admits the token that has it', async () => {
    await expectAccessHolds(
      'notifications REST',
      restAccessMatrix(await committedDocument(join(__dirname, '../openapi.json')), {
        baseUrl: world().app.httpUrl,
        issuer: world().issuer,
      }),
    );
  });
});
