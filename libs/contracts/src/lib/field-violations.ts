/**
 * class-validator's error tree as one flat list, one entry per broken rule, each naming its field by
 * path (`lines[0].quantity`). Event payloads, HTTP and gRPC inputs and policy documents all report
 * problems this way, so the same mistake reads the same wherever it is made.
 */
import type { ValidationError } from 'class-validator';

export interface FieldViolation {
  readonly field: string;
  readonly message: string;
}

export function fieldViolations(errors: readonly ValidationError[], parentPath = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = fieldPath(parentPath, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? `property ${error.property} is not allowed` : message,
    }));
    return [...own, ...fieldViolations(error.children ?? [], field)];
  });
}

// class-validator names array items by their index; a declared property is never all digits.
function fieldPath(parentPath: string, property: string | undefined): string {
  if (property === undefined || property === '') return parentPath;
  if (/^\d+$/.test(property)) return `${parentPath}[${property}]`;
  return parentPath ? `${parentPath}.${property}` : property;
}
