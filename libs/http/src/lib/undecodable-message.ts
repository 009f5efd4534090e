/**
 * What a gRPC method receives in place of bytes that do not decode as its request message. grpc-js
 * answers INTERNAL when a deserializer throws, as if the server had failed; the service's
 * deserializers return this instead (see `refuseUndecodableMessages`), and validation refuses it as
 * the caller's mistake: INVALID_ARGUMENT.
 */
export class UndecodableMessage {
  constructor(
    /** The request message type, `CreateReturnRequest`. */
    readonly type: string,
    readonly reason: string,
  ) {}
}
