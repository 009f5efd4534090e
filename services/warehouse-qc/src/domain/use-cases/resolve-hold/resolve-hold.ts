/**
 * A supervisor resolves a held inspection: confirms what was recorded or corrects a line's received
 * quantity and grade, with a note. Then the inspection completes and InspectionCompleted goes out,
 * the flags found kept on each line so refunds and inventory know what happened.
 */
import { QcError } from '../../errors';
import type { GradingRules } from '../../grading-rules';
import type { Actor } from '@rebound/contracts';
import type { Inspection, InspectionLine } from '../../inspection';
import type { Clock, TransactionRunner } from '../../ports';
import { announceCompleted } from '../complete-inspection/complete-inspection';
import type { FieldViolation } from '@rebound/contracts';

export interface LineCorrection {
  readonly lineId: string;
  readonly receivedQuantity?: number;
  readonly grade?: string;
}

/** What the supervisor decided: a note, and the lines to correct. */
export interface HoldDecision {
  readonly note: string;
  readonly corrections: readonly LineCorrection[];
}

export class ResolveHold {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: GradingRules,
  ) {}

  execute(inspectionId: string, supervisor: Actor, decision: HoldDecision): Promise<void> {
    return this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const inspection = await tx.store.lockInspection(inspectionId);
      if (!inspection)
        throw new QcError('not-found', 'inspection-not-found', `inspection ${inspectionId} does not exist`);
      if (inspection.status !== 'held') {
        throw new QcError(
          'conflict',
          'not-held',
          `inspection ${inspectionId} is ${inspection.status}; only held inspections are resolved`,
        );
      }
      const problems = this.correctionProblems(inspection, decision.corrections);
      if (problems.length > 0) {
        throw new QcError('invalid', 'corrections-invalid', 'the corrections are invalid', problems);
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
          await tx.store.saveLine(inspectionId, line, line.record);
        }
      }
      await tx.store.updateInspection(resolved);
      await announceCompleted(tx, resolved, this.rules, now);
    });
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
