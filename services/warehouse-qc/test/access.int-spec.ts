/**
 * Who may call warehouse-qc: every operation of its OpenAPI document refused to callers without a
 * valid token (401) or without the operation's permission (403), and open to a token with just that
 * permission (see restAccessMatrix in @rebound/testing).
 */
import { join } from 'node:path';
import { restAccessMatrix } from '@rebound/http/testing';
import { committedDocument } from '@rebound/testing';
import { useQcWorld } from './support/qc-world';

jest.setTimeout(60_000);

describe('access to warehouse-qc', () => {
  const world = useQcWorld('warehouse-qc-access');

  it('refuses every REST operation without a valid token or its permission, and admits the token that has it', async () => {
    const matrix = await restAccessMatrix(await committedDocument(join(__dirname, '../openapi.json')), {
      baseUrl: world().app.httpUrl,
      issuer: world().issuer,
    });

    console.log(
      `warehouse-qc: ${matrix.calls} calls over ${Object.keys(matrix.operations).length} operations`,
      matrix.operations,
    );
    expect(matrix.failures).toEqual([]);
    expect(matrix.calls).toBeGreaterThan(0);
  });
});
