/** Why a Kafka message could not be turned into a typed event. Always permanent: retrying cannot fix it. */
export type InvalidEventReason =
  | 'missing-value'
  | 'missing-header'
  | 'invalid-header'
  | 'unsupported-content-type'
  | 'malformed-json'
  | 'unknown-type'
  | 'invalid-payload';

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';

  constructor(
    readonly reason: InvalidEventReason,
    message: string,
    readonly violations: readonly string[] = [],
  ) {
    super(message);
  }
}
