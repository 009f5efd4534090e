/**
 * Completes an inspection once every expected line is recorded. A clean one announces
 * InspectionCompleted — what inventory restocks and refunds pay from. One with a mismatch (wrong,
 * missing or short-shipped item, serial mismatch, unexpected item) is held for a supervisor instead,
 * and nothing is announced: the refund waits until the hold is resolved.
 */
import { InspectionCompleted } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import type { GradingRules } from '../../grading-rules';
import { flagsOf, inspectedLine, inspectionFlags, unrecordedLines, type Inspection } from '../../inspection';
import type { Clock, QcTransaction } from '../../ports';
import { refusal } from '../../refusals';
import { claimedInspection } from '../claim-inspection/claim-inspection';
import type { CompleteInspectionCommand } from './complete-inspection.command';

export type Completion = 'completed' | 'held';

export class CompleteInspection implements UseCase<QcTransaction, CompleteInspectionCommand, Completion> {
  constructor(
    private readonly clock: Clock,
    private readonly rules: GradingRules,
  ) {}

  async execute(tx: QcTransaction, { inspectionId, inspector }: CompleteInspectionCommand): Promise<Completion> {
    const now = this.clock.now();
    const inspection = await claimedInspection(tx.inspections, inspectionId, inspector, now);
    const missing = unrecordedLines(inspection);
    if (missing.length > 0) {
      throw refusal(
        'conflict',
        'lines-not-recorded',
        `record every expected line before completing; not recorded: ${missing.join(', ')}`,
        missing.map((lineId) => ({ field: `lines.${lineId}`, message: 'is not recorded' })),
      );
    }
    const flags = inspectionFlags(inspection, this.rules);
    const finished: Inspection = {
      ...inspection,
      status: flags.length > 0 ? 'held' : 'completed',
      claim: null,
      flagsAtCompletion: flags,
      completedAt: flags.length > 0 ? null : now,
    };
    await tx.inspections.updateInspection(finished);
    if (flags.length > 0) return 'held';
    await announceCompleted(tx, finished, this.rules, now);
    return 'completed';
  }
}

/** InspectionCompleted with each line as recorded (after any supervisor's corrections) and its flags. */
export async function announceCompleted(
  tx: QcTransaction,
  inspection: Inspection,
  rules: GradingRules,
  now: Date,
): Promise<void> {
  const lines = inspection.lines.map((line) => {
    if (!line.record) throw new Error(`line ${line.lineId} of inspection ${inspection.inspectionId} is not recorded`);
    return inspectedLine(inspection, { ...line, record: line.record }, rules, flagsOf(line, rules));
  });
  await tx.events.publish(
    InspectionCompleted,
    {
      inspectionId: inspection.inspectionId,
      returnId: inspection.returnId,
      warehouseId: inspection.warehouseId,
      orderId: inspection.orderId,
      lines,
      completedAt: now.toISOString(),
    },
    inspection.returnId,
  );
}
