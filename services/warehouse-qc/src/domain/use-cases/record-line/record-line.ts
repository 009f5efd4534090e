/**
 * The inspector records what was found for a line — received quantity (0 up to what was expected),
 * grade, checklist answers, notes, photos — or an item that was not part of the return at all.
 * Only the inspector holding the claim can; a line can be recorded again until completion.
 */
import { QcError } from '../../errors';
import type { GradingRules } from '../../grading-rules';
import type { Actor } from '@rebound/contracts';
import type { InspectionLine, LineRecord } from '../../inspection';
import type { Clock, TransactionRunner } from '../../ports';
import { claimedInspection } from '../claim-inspection/claim-inspection';
import type { FieldViolation } from '@rebound/contracts';

export interface LineFindings {
  readonly receivedQuantity: number;
  readonly grade: string;
  readonly checklist: Readonly<Record<string, boolean>>;
  readonly wrongItem: boolean;
  readonly notes: string | null;
  readonly photoUrls: readonly string[];
}

export interface UnexpectedItem {
  readonly sku: string;
  readonly category: string | null;
  readonly quantity: number;
  readonly grade: string;
  readonly notes: string | null;
  readonly photoUrls: readonly string[];
}

export class RecordLine {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly rules: GradingRules,
  ) {}

  record(inspectionId: string, lineId: string, inspector: Actor, findings: LineFindings): Promise<void> {
    return this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const inspection = await claimedInspection((id) => tx.store.lockInspection(id), inspectionId, inspector, now);
      const line = inspection.lines.find((candidate) => candidate.lineId === lineId && !candidate.unexpected);
      if (!line) {
        throw new QcError('not-found', 'line-not-found', `inspection ${inspectionId} expects no line ${lineId}`);
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
        ...this.gradeProblems(findings.grade),
        ...this.checklistProblems(line, findings.checklist),
      ];
      if (problems.length > 0) {
        throw new QcError('invalid', 'findings-invalid', `the findings for line ${lineId} are invalid`, problems);
      }
      const record: LineRecord = {
        ...findings,
        recordedBy: inspector.subject,
        recordedByClientId: inspector.clientId,
        recordedAt: now,
      };
      await tx.store.saveLine(inspectionId, line, record);
    });
  }

  addUnexpected(inspectionId: string, inspector: Actor, item: UnexpectedItem): Promise<string> {
    return this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const inspection = await claimedInspection((id) => tx.store.lockInspection(id), inspectionId, inspector, now);
      const problems = this.gradeProblems(item.grade);
      if (problems.length > 0) {
        throw new QcError('invalid', 'findings-invalid', 'the unexpected item is invalid', problems);
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
      await tx.store.addLine(inspectionId, line);
      return lineId;
    });
  }

  private gradeProblems(grade: string): FieldViolation[] {
    if (this.rules.isGrade(grade)) return [];
    const codes = this.rules.grades.map((known) => known.code).join(', ');
    return [{ field: 'grade', message: `must be one of the grades ${codes}` }];
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
