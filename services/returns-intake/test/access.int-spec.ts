/**
 * Who may call returns-intake: every operation of its OpenAPI document and each method of its gRPC proto is refused to callers
 * without a valid token (401) or without the operation's permission (403), and admits a token with
 * just that permission (the authorisation matrix of @rebound/http/testing).
 */
import { join } from 'node:path';
import { PROTO_LOADER_OPTIONS } from '@rebound/http';
import { expectAccessHolds, grpcAccessMatrix, restAccessMatrix } from '@rebound/http/testing';
import { committedDocument } from '@rebound/testing';
import { ReturnsGrpcController } from '../src/api/grpc/returns.grpc-controller';
import { RETURNS_PROTO } from '../src/bootstrap';
import { useIntakeWorld } from './support/intake-world';

jest.setTimeout(60_000);

describe('access to returns-intake', () => {
  const world = useIntakeWorld('returns-intake-access');

  it('refuses every REST operation without a valid token or its permission, and admits the token that has it', async () => {
    await expectAccessHolds(
      'returns-intake REST',
      restAccessMatrix(await committedDocument(join(__dirname, '../openapi.json')), {
        baseUrl: world().app.httpUrl,
        issuer: world().issuer,
      }),
    );
  });

  it('refuses every gRPC method without a valid token or its permission, and admits the token that has it', async () => {
    await expectAccessHolds(
      'returns-intake gRPC',
      grpcAccessMatrix({
        ref: { protoPath: RETURNS_PROTO, loader: PROTO_LOADER_OPTIONS, service: 'rebound.returns.v1.ReturnsService' },
        address: world().app.grpcAddress,
        issuer: world().issuer,
        controllers: [ReturnsGrpcController],
      }),
    );
  });
});
