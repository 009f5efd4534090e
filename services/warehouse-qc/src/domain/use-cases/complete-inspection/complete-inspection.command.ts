/** The claimant's request to complete an inspection. */
import type { Actor } from '@rebound/contracts';
import { actingProblems, throwIfAny } from '../../refusals';

export class CompleteInspectionCommand {
  constructor(
    readonly inspectionId: string,
    readonly inspector: Actor,
  ) {
    throwIfAny(actingProblems(inspectionId, inspector.subject));
  }
}
