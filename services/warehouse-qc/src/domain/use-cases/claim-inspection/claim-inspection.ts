/**
 * One inspector at a time: a claim lasts the configured claim TTL and is renewed by claiming again; of
 * two inspectors claiming at once, one wins and the other is told who holds it and until when.
 */
import type { Actor } from '@rebound/contracts';
import type { UseCase } from '@rebound/kernel';
import { activeClaim, type Inspection } from '../../inspection';
import type { Clock, InspectionsStore, QcTransaction } from '../../ports';
import { inspectionNotFound, refusal } from '../../refusals';
import type { ClaimInspectionCommand } from './claim-inspection.command';

/** How long a claim lasts before another inspector may take the inspection. */
export interface ClaimSettings {
  readonly claimTtlSeconds: number;
}

export class ClaimInspection implements UseCase<QcTransaction, ClaimInspectionCommand, void> {
  constructor(
    private readonly clock: Clock,
    private readonly settings: ClaimSettings,
  ) {}

  async execute(tx: QcTransaction, { inspectionId, inspector }: ClaimInspectionCommand): Promise<void> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.settings.claimTtlSeconds * 1000);
    const result = await tx.inspections.claim(inspectionId, inspector, now, expiresAt);
    switch (result.outcome) {
      case 'won':
        return;
      case 'missing':
        throw inspectionNotFound(inspectionId);
      case 'closed':
        throw refusal('conflict', 'inspection-not-open', `inspection ${inspectionId} is ${result.status}`);
      case 'taken':
        throw refusal(
          'conflict',
          'claimed-by-another',
          `inspection ${inspectionId} is claimed by ${result.holder} until ${result.until.toISOString()}`,
        );
    }
  }
}

/** The inspection, locked, when the inspector holds an active claim on it and it is still open. */
export async function claimedInspection(
  inspections: InspectionsStore,
  inspectionId: string,
  inspector: Actor,
  now: Date,
): Promise<Inspection> {
  const inspection = await inspections.lockInspection(inspectionId);
  if (!inspection) throw inspectionNotFound(inspectionId);
  if (inspection.status !== 'open') {
    throw refusal('conflict', 'inspection-not-open', `inspection ${inspectionId} is ${inspection.status}`);
  }
  const claim = activeClaim(inspection, now);
  if (claim?.inspectorId !== inspector.subject) {
    throw refusal(
      'conflict',
      'not-claimed',
      claim
        ? `inspection ${inspectionId} is claimed by ${claim.inspectorId}, not ${inspector.subject}`
        : `claim inspection ${inspectionId} before recording it (POST /v1/inspections/${inspectionId}/claim)`,
    );
  }
  return inspection;
}
