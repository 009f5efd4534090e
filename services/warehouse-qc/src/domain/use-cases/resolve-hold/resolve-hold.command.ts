/** A supervisor's decision on a held inspection: a note, and the lines to correct. */
import type { Actor } from '@rebound/contracts';
import { actingProblems, quantityProblems, throwIfAny } from '../../refusals';

export interface LineCorrection {
  readonly lineId: string;
  readonly receivedQuantity?: number;
  readonly grade?: string;
}

export interface HoldDecision {
  readonly note: string;
  readonly corrections: readonly LineCorrection[];
}

export class ResolveHoldCommand {
  constructor(
    readonly inspectionId: string,
    readonly supervisor: Actor,
    readonly decision: HoldDecision,
  ) {
    throwIfAny([
      ...actingProblems(inspectionId, supervisor.subject),
      ...(decision.note.trim() === '' ? [{ field: 'note', message: 'must say why' }] : []),
      ...decision.corrections.flatMap((correction, index) =>
        correction.receivedQuantity === undefined
          ? []
          : quantityProblems(`corrections[${index}].receivedQuantity`, correction.receivedQuantity, 0),
      ),
    ]);
  }
}
