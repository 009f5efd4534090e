/**
 * Transient errors are retried with backoff, a bounded number of times; permanent ones go to the
 * dead-letter topic at once; an event that depends on a fact not read yet is parked (see
 * FactNotYetKnownError). Handlers say which is which by throwing these, or let the defaults
 * decide: database and broker hiccups are transient, invalid events and non-retriable Kafka errors
 * permanent, a use case's refusal permanent unless it says a dependency is unavailable, and anything unknown is retried (bounded) before it is dead-lettered.
 */
import { InvalidEventError } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { isTransientDatabaseError } from '@rebound/persistence';

/** Worth retrying: the same work may succeed later (a dependency is briefly unavailable). */
export class TransientError extends Error {
  override readonly name: string = 'TransientError';
}

/** Retrying cannot help (the event breaks a business rule); dead-letter it for a human to look at. */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
}

/**
 * The event depends on a fact the service has not read yet — typically another topic's event, which
 * Kafka does not order against this one (an inspection read before the approval it settles). The
 * consumer parks the event instead of retrying it in place: it moves on, keeps the event, and tries it
 * again once that fact may have arrived, for as long as the group's maximum parking age. Throw it
 * before writing anything: the handlers' writes are rolled back either way.
 */
export class FactNotYetKnownError extends Error {
  override readonly name: string = 'FactNotYetKnownError';
}

export type ErrorClass = 'transient' | 'permanent';

export function classifyError(error: unknown): ErrorClass {
  if (error instanceof PermanentError || error instanceof InvalidEventError) return 'permanent';
  if (error instanceof DomainError) return error.kind === 'unavailable' ? 'transient' : 'permanent';
  if (error instanceof TransientError || isTransientDatabaseError(error)) return 'transient';
  // kafkajs marks errors that retrying cannot fix (authorization, invalid topic) — and also the error
  // it gives up with after its own retries, which is the cluster being away: that one is transient.
  if (
    error instanceof Error &&
    error.name.startsWith('KafkaJS') &&
    error.name !== 'KafkaJSNumberOfRetriesExceeded' &&
    (error as { retriable?: unknown }).retriable === false
  ) {
    return 'permanent';
  }
  return 'transient';
}

export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name !== 'Error' ? error.name : error.constructor.name;
  return typeof error;
}

export function errorMessage(error: unknown): string {
  // A refusal names its bad fields, so whoever reads the dead letter sees what to fix.
  if (error instanceof DomainError && error.problems.length > 0) {
    const fields = error.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    return `${error.message} (${fields})`;
  }
  return error instanceof Error ? error.message : String(error);
}
