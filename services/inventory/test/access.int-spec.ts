/**
 * Who may call inventory: every operation of its OpenAPI document and each gRPC method of its proto refused to callers without a
 * valid token (401) or without the operation's permission (403), and open to a token with just that
 * permission (see restAccessMatrix in @rebound/testing).
 */
import { join } from 'node:path';
import { PROTO_LOADER_OPTIONS } from '@rebound/http';
import { grpcAccessMatrix, restAccessMatrix } from '@rebound/http/testing';
import { committedDocument } from '@rebound/testing';
import { InventoryGrpcController } from '../src/api/grpc/inventory.grpc-controller';
import { INVENTORY_PROTO } from '../src/bootstrap';
import { useInventoryWorld } from './support/inventory-world';

jest.setTimeout(60_000);

describe('access to inventory', () => {
  const world = useInventoryWorld('inventory-access');

  it('refuses every REST operation without a valid token or its permission, and admits the token that has it', async () => {
    const matrix = await restAccessMatrix(await committedDocument(join(__dirname, '../openapi.json')), {
      baseUrl: world().app.httpUrl,
      issuer: world().issuer,
    });

    console.log(
      `inventory: ${matrix.calls} calls over ${Object.keys(matrix.operations).length} operations`,
      matrix.operations,
    );
    expect(matrix.failures).toEqual([]);
    expect(matrix.calls).toBeGreaterThan(0);
  });

  it('refuses every gRPC method without a valid token or its permission, and admits the token that has it', async () => {
    const matrix = await grpcAccessMatrix({
      ref: {
        protoPath: INVENTORY_PROTO,
        loader: PROTO_LOADER_OPTIONS,
        service: 'rebound.inventory.v1.InventoryService',
      },
      address: world().app.grpcAddress,
      issuer: world().issuer,
      controllers: [InventoryGrpcController],
    });

    console.log(`inventory gRPC: ${matrix.calls} calls`, matrix.operations);
    expect(matrix.failures).toEqual([]);
    expect(matrix.calls).toBeGreaterThan(0);
  });
});
