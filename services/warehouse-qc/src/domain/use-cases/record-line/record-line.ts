/**
 * The inspector records what was found for a line — received quantity (0 up to what was expected),
 * grade, checklist answers, notes, photos. Only the inspector holding the claim can; a line can be
 * recorded again until completion. Every problem with the findings is answered at once, since the
 * inspector fixes them on one form.
 */
import type { FieldViolation } from '@rebound/contracts';
import { DomainError, type UseCase } from '@rebound/kernel';
import type { GradingRules } from '../../grading-rules';
import type { InspectionLine, LineRecord } from '../../inspection';
import type { Clock, QcTransaction } from '../../ports';
import { refusal } from '../../refusals';
import { claimedInspection } from '../claim-inspection/claim-inspection';
import type { RecordLineCommand } from './record-line.command';

export class RecordLine implements UseCase<QcTransaction, RecordLineCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly rules: GradingRules,
  ) {}

  async execute(tx: QcTransaction, { inspectionId, lineId, inspector, findings }: RecordLineCommand): Promise<void> {
    const now = this.clock.now();
    const inspection = await claimedInspection(tx.inspections, inspectionId, inspector, now);
    const line = inspection.lines.find((candidate) => candidate.lineId === lineId && !candidate.unexpected);
    if (!line) {
      throw refusal('not-found', 'line-not-found', `inspection ${inspectionId} expects no line ${lineId}`);
    }
    const problems = [
      ...(findings.receivedQuantity > line.expectedQuantity
        ? [
            {
              field: 'receivedQuantity',
              message: `must be at most the ${line.expectedQuantity} expected; record extra units as an unexpected item`,
            },
          ]
        : []),
      ...this.rules.gradeProblems(findings.grade),
      ...this.checklistProblems(line, findings.checklist),
    ];
    if (problems.length > 0) {
      throw new DomainError('invalid', 'findings-invalid', `the findings for line ${lineId} are invalid`, { problems });
    }
    const record: LineRecord = {
      ...findings,
      recordedBy: inspector.subject,
      recordedByClientId: inspector.clientId,
      recordedAt: now,
    };
    await tx.inspections.saveLine(inspectionId, line, record);
  }

  /** Every question of the line's category answered, and nothing else. */
  private checklistProblems(line: InspectionLine, answers: Readonly<Record<string, boolean>>): FieldViolation[] {
    const items = this.rules.checklist(line.category ?? '*');
    const asked = new Set(items.map((item) => item.key));
    return [
      ...items
        .filter((item) => answers[item.key] === undefined)
        .map((item) => ({ field: `checklist.${item.key}`, message: `must be answered: ${item.question}` })),
      ...Object.keys(answers)
        .filter((key) => !asked.has(key))
        .map((key) => ({
          field: `checklist.${key}`,
          message: `is not on the ${line.category ?? 'default'} checklist`,
        })),
      ...Object.entries(answers)
        .filter(([key, answer]) => asked.has(key) && typeof answer !== 'boolean')
        .map(([key]) => ({ field: `checklist.${key}`, message: 'must be true or false' })),
    ];
  }
}
