import { status as GrpcStatus } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';
import { DomainError } from '@rebound/kernel';
import { grpcCall } from './grpc';

const failingWith = (error: Error) => () => Promise.reject(error);

describe('grpcCall', () => {
  it('answers a statement the database cancelled (the statement timeout) as UNAVAILABLE', async () => {
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), {
      driverError: { code: '57014' },
    });
    const error = await grpcCall(failingWith(cancelled)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RpcException);
    expect((error as RpcException).getError()).toEqual({
      code: GrpcStatus.UNAVAILABLE,
      message: 'the service could not complete the call in time; try again shortly',
    });
  });

  it('answers a use case’s refusal with the status its kind maps to and every bad field', async () => {
    const refusal = new DomainError('unprocessable', 'return-not-acceptable', 'the return cannot be opened', {
      problems: [{ field: 'lines[0].quantity', message: 'only 3 of 4 units can be returned' }],
    });
    const error = await grpcCall(failingWith(refusal)).catch((caught: unknown) => caught);
    expect((error as RpcException).getError()).toEqual({
      code: GrpcStatus.FAILED_PRECONDITION,
      message: 'the return cannot be opened (lines[0].quantity: only 3 of 4 units can be returned)',
    });
  });

  it('leaves any other error as it is', async () => {
    const other = new Error('boom');
    await expect(grpcCall(failingWith(other))).rejects.toBe(other);
  });
});
