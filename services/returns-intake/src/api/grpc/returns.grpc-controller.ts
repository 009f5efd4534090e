/**
 * gRPC twin of the REST API (proto/returns/v1/returns.proto): messages are validated by the same DTO
 * classes, run through the same service, and refused with the same field list — as a gRPC status.
 */
import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { Metadata } from '@grpc/grpc-js';
import { UndecodableMessage, callerOf, decoded, grpcCall, Requires, validateInput, withoutNulls } from '@rebound/http';
import { ListReturnsQuery } from '../dto/list-returns.query';
import { OpenReturnRequest, PreviewReturnRequest } from '../dto/open-return.request';
import type { PreviewReturnResponse } from '../dto/preview-return.response';
import type { ReturnResponse, ReturnSummaryResponse } from '../dto/return.response';
import { ReturnsApiService } from '../returns-api.service';

@Controller()
export class ReturnsGrpcController {
  constructor(private readonly returns: ReturnsApiService) {}

  @GrpcMethod('ReturnsService', 'PreviewReturn')
  @Requires('returns:write', { customers: 'own' })
  previewReturn(message: unknown, metadata: Metadata): Promise<PreviewReturnResponse> {
    return grpcCall(() => this.returns.preview(validateInput(PreviewReturnRequest, message), callerOf(metadata)));
  }

  @GrpcMethod('ReturnsService', 'CreateReturn')
  @Requires('returns:write', { customers: 'own' })
  createReturn(message: unknown, metadata: Metadata): Promise<object> {
    return grpcCall(async () => {
      const request = validateInput(OpenReturnRequest, message);
      const [key] = metadata.get('idempotency-key');
      const result = await this.returns.open(request, callerOf(metadata), key === undefined ? undefined : String(key));
      return toGrpcReturn(result.body);
    });
  }

  @GrpcMethod('ReturnsService', 'GetReturn')
  @Requires('returns:read', { customers: 'own' })
  getReturn(message: { returnId?: string } | UndecodableMessage, metadata: Metadata): Promise<object> {
    return grpcCall(async () =>
      toGrpcReturn(await this.returns.get(decoded(message).returnId ?? '', callerOf(metadata))),
    );
  }

  @GrpcMethod('ReturnsService', 'ListReturns')
  @Requires('returns:read', { customers: 'own' })
  listReturns(message: unknown, metadata: Metadata): Promise<object> {
    return grpcCall(async () => {
      const page = await this.returns.list(validateInput(ListReturnsQuery, message), callerOf(metadata));
      return { items: page.items.map(toGrpcReturn), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    });
  }
}

/** Protobuf has no null: absent optional fields, and JSON text for free-form event details. */
function toGrpcReturn(body: ReturnResponse | ReturnSummaryResponse): object {
  const full = 'timeline' in body ? body : undefined;
  return withoutNulls({
    ...body,
    lines: body.lines.map((line) => withoutNulls({ ...line })),
    ...(full && {
      timeline: full.timeline.map(({ details, ...entry }) =>
        withoutNulls({ ...entry, detailsJson: JSON.stringify(details) }),
      ),
      refunds: {
        refundedMinor: full.refunds.refundedMinor,
        items: full.refunds.items.map((item) => withoutNulls({ ...item })),
      },
      decision: withoutNulls({ ...full.decision }),
      decisions: full.decisions.map((decision) => withoutNulls({ ...decision })),
    }),
  });
}
