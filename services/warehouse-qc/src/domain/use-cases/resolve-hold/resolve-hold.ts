/**
 * A supervisor resolves a held inspection: confirms what was recorded or corrects a line's received
 * quantity and grade, with a note. Then the inspection completes and InspectionCompleted goes out,
 * the flags found kept on each line so refunds and inventory know what happened.
 */
import type { Actor, FieldViolation } from '@rebound/contracts';
import { DomainError, type UseCase } from '@rebound/kernel';
import type { GradingRules } from '../../grading-rules';
import type { Inspection, InspectionLine } from '../../inspection';
import type { Clock, QcTransaction } from '../../ports';
import { inspectionNotFound, refusal } from '../../refusals';
import { announceCompleted } from '../complete-inspection/complete-inspection';
import type { HoldDecision, LineCorrection, ResolveHoldCommand } from './resolve-hold.command';

export class ResolveHold implements UseCase<QcTransaction, ResolveHoldCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly rules: GradingRules,
  ) {}

  async execute(tx: QcTransaction, { inspectionId, supervisor, decision }: ResolveHoldCommand): Promise<void> {
    const now = this.clock.now();
    const inspection = await tx.inspections.lockInspection(inspectionId);
    if (!inspection) throw inspectionNotFound(inspectionId);
    if (inspection.status !== 'held') {
      throw refusal(
        'conflict',
        'not-held',
        `inspection ${inspectionId} is ${inspection.status}; only held inspections are resolved`,
      );
    }
    const problems = this.correctionProblems(inspection, decision.corrections);
    if (problems.length > 0) {
      throw new DomainError('invalid', 'corrections-invalid', 'the corrections are invalid', { problems });
    }
    const resolved: Inspection = {
      ...inspection,
      status: 'completed',
      lines: inspection.lines.map((line) => corrected(line, supervisor, decision, now)),
      resolution: {
        supervisorId: supervisor.subject,
        supervisorClientId: supervisor.clientId,
        note: decision.note,
        resolvedAt: now,
      },
      completedAt: now,
    };
    for (const line of resolved.lines) {
      if (line.record && line !== inspection.lines.find((old) => old.lineId === line.lineId)) {
        await tx.inspections.saveLine(inspectionId, line, line.record);
      }
    }
    await tx.inspections.updateInspection(resolved);
    await announceCompleted(tx, resolved, this.rules, now);
  }

  private correctionProblems(inspection: Inspection, corrections: readonly LineCorrection[]): FieldViolation[] {
    return corrections.flatMap((correction, index) => {
      const line = inspection.lines.find((candidate) => candidate.lineId === correction.lineId);
      if (!line) return [{ field: `corrections[${index}].lineId`, message: `is not a line of this inspection` }];
      const problems: FieldViolation[] = [];
      const limit = line.unexpected ? Infinity : line.expectedQuantity;
      if (correction.receivedQuantity !== undefined && correction.receivedQuantity > limit) {
        problems.push({ field: `corrections[${index}].receivedQuantity`, message: `must be at most ${limit}` });
      }
      if (correction.grade !== undefined && !this.rules.isGrade(correction.grade)) {
        problems.push({ field: `corrections[${index}].grade`, message: 'is not one of the grades' });
      }
      return problems;
    });
  }
}

function corrected(line: InspectionLine, supervisor: Actor, decision: HoldDecision, now: Date): InspectionLine {
  const correction = decision.corrections.find((candidate) => candidate.lineId === line.lineId);
  if (!correction || !line.record) return line;
  return {
    ...line,
    record: {
      ...line.record,
      receivedQuantity: correction.receivedQuantity ?? line.record.receivedQuantity,
      grade: correction.grade ?? line.record.grade,
      recordedBy: supervisor.subject,
      recordedByClientId: supervisor.clientId,
      recordedAt: now,
    },
  };
}
