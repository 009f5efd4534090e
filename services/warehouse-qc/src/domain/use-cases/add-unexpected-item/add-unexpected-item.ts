/**
 * The claimant records an item in the parcel that was not part of the return: it becomes a line of its
 * own (`unexpected-<n>`), recorded as found, which holds the inspection for a supervisor at completion.
 */
import { DomainError, type UseCase } from '@rebound/kernel';
import type { GradingRules } from '../../grading-rules';
import type { InspectionLine } from '../../inspection';
import type { Clock, QcTransaction } from '../../ports';
import { claimedInspection } from '../claim-inspection/claim-inspection';
import type { AddUnexpectedItemCommand } from './add-unexpected-item.command';

export class AddUnexpectedItem implements UseCase<QcTransaction, AddUnexpectedItemCommand, string> {
  constructor(
    private readonly clock: Clock,
    private readonly rules: GradingRules,
  ) {}

  /** Answers the new line's id. */
  async execute(tx: QcTransaction, { inspectionId, inspector, item }: AddUnexpectedItemCommand): Promise<string> {
    const now = this.clock.now();
    const inspection = await claimedInspection(tx.inspections, inspectionId, inspector, now);
    const problems = this.rules.gradeProblems(item.grade);
    if (problems.length > 0) {
      throw new DomainError('invalid', 'findings-invalid', 'the unexpected item is invalid', { problems });
    }
    const lineId = `unexpected-${inspection.lines.filter((line) => line.unexpected).length + 1}`;
    const line: InspectionLine = {
      lineId,
      sku: item.sku,
      category: item.category,
      expectedQuantity: 0,
      unexpected: true,
      record: {
        receivedQuantity: item.quantity,
        grade: item.grade,
        checklist: {},
        wrongItem: false,
        notes: item.notes,
        photoUrls: item.photoUrls,
        recordedBy: inspector.subject,
        recordedByClientId: inspector.clientId,
        recordedAt: now,
      },
    };
    await tx.inspections.addLine(inspectionId, line);
    return lineId;
  }
}
