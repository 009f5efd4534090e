/** An inspector's claim on an inspection (or the renewal of their own). */
import type { Actor } from '@rebound/contracts';
import { actingProblems, throwIfAny } from '../../refusals';

export class ClaimInspectionCommand {
  constructor(
    readonly inspectionId: string,
    readonly inspector: Actor,
  ) {
    throwIfAny(actingProblems(inspectionId, inspector.subject));
  }
}
