/** What the claimant found for one expected line. Whether it fits the line is the use case's to say. */
import type { Actor } from '@rebound/contracts';
import { actingProblems, quantityProblems, throwIfAny } from '../../refusals';

export interface LineFindings {
  readonly receivedQuantity: number;
  readonly grade: string;
  readonly checklist: Readonly<Record<string, boolean>>;
  readonly wrongItem: boolean;
  readonly notes: string | null;
  readonly photoUrls: readonly string[];
}

export class RecordLineCommand {
  constructor(
    readonly inspectionId: string,
    readonly lineId: string,
    readonly inspector: Actor,
    readonly findings: LineFindings,
  ) {
    throwIfAny([
      ...actingProblems(inspectionId, inspector.subject),
      ...(lineId.trim() === '' ? [{ field: 'lineId', message: 'must not be empty' }] : []),
      ...quantityProblems('receivedQuantity', findings.receivedQuantity, 0),
    ]);
  }
}
