import { status as GrpcStatus } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';
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

  it('leaves the service’s own mapping first, and any other error as it is', async () => {
    const mapped = new RpcException({ code: GrpcStatus.NOT_FOUND, message: 'no such return' });
    const cancelled = Object.assign(new Error('cancelled'), { code: '57014' });
    await expect(grpcCall(failingWith(cancelled), () => mapped)).rejects.toBe(mapped);
    const other = new Error('boom');
    await expect(grpcCall(failingWith(other))).rejects.toBe(other);
  });
});
