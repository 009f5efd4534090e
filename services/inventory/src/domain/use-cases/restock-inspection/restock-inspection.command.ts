/** An inspection warehouse-qc completed, as inventory restocks it: received units by line and disposition. */
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { InspectionCompleted } from '@rebound/contracts';

export class RestockInspectionCommand {
  private constructor(readonly inspection: InspectionCompleted) {}

  /** Units are whole and never negative, and the inspection has a time: the ledger keeps both. */
  static of(inspection: InspectionCompleted): RestockInspectionCommand {
    const problems: FieldProblem[] = [];
    inspection.lines.forEach((line, index) => {
      if (!Number.isInteger(line.receivedQuantity) || line.receivedQuantity < 0) {
        problems.push({ field: `lines[${index}].receivedQuantity`, message: 'must be a whole number, 0 or more' });
      }
    });
    if (Number.isNaN(Date.parse(inspection.completedAt))) {
      problems.push({ field: 'completedAt', message: 'must be a date and time' });
    }
    if (problems.length > 0) throw DomainError.invalid(problems);
    return new RestockInspectionCommand(inspection);
  }
}
