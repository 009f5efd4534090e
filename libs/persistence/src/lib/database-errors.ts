/** Which database failures are worth retrying: the same work may well succeed a moment later. */

// SQLSTATEs: serialization_failure, deadlock_detected, lock_not_available, too_many_connections,
// admin_shutdown, crash_shutdown, cannot_connect_now, query_canceled (the statement timeout, see
// createSchemaDataSource: the database was too slow this time), idle_in_transaction_session_timeout,
// and the whole connection_exception class.
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '53300', '57P01', '57P02', '57P03', '57014', '25P03']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const direct = (error as { code?: unknown }).code;
  if (typeof direct === 'string') return direct;
  // TypeORM's QueryFailedError keeps the driver error here.
  return codeOf((error as { driverError?: unknown }).driverError);
}

export function isTransientDatabaseError(error: unknown): boolean {
  const code = codeOf(error);
  if (code && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_NODE_CODES.has(code))) {
    return true;
  }
  // TypeORM's answer to the next query of a transaction whose connection the server closed (the
  // idle-in-transaction timeout, a restart): the connection went back to the pool with its error.
  if (error instanceof Error && error.name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message);
}

/** Conflicts between concurrent transactions: the whole transaction can simply run again. */
export function isSerializationConflict(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01';
}
