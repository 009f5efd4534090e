/**
 * How inspection work refuses: a refusal that is not about bad input reads "Request cannot be carried
 * out", the title the warehouse app has always been answered with; bad input keeps the kernel's
 * "Request is invalid". One place, so every use case refuses alike.
 */
import { DomainError, type FieldProblem } from '@rebound/kernel';

const CANNOT_BE_CARRIED_OUT = 'Request cannot be carried out';

export function refusal(
  kind: 'not-found' | 'conflict' | 'unprocessable',
  code: string,
  message: string,
  problems: readonly FieldProblem[] = [],
): DomainError {
  return new DomainError(kind, code, message, { problems, title: CANNOT_BE_CARRIED_OUT });
}

export function inspectionNotFound(inspectionId: string): DomainError {
  return refusal('not-found', 'inspection-not-found', `inspection ${inspectionId} does not exist`);
}

/** A whole number of units from `min` on, or the problem with `field`. */
export function quantityProblems(field: string, value: number, min: number): FieldProblem[] {
  return Number.isInteger(value) && value >= min ? [] : [{ field, message: `must be a whole number from ${min}` }];
}

/** What every command acting for someone needs: an inspection and the verified caller. */
export function actingProblems(inspectionId: string, subject: string): FieldProblem[] {
  return [
    ...(inspectionId.trim() === '' ? [{ field: 'inspectionId', message: 'must not be empty' }] : []),
    ...(subject.trim() === '' ? [{ field: 'actor.subject', message: 'must not be empty' }] : []),
  ];
}

export function throwIfAny(problems: readonly FieldProblem[]): void {
  if (problems.length > 0) throw DomainError.invalid(problems);
}
