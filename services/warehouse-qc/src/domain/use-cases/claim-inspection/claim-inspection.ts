/**
 * One inspector at a time: a claim lasts CLAIM_TTL_SECONDS and is renewed by claiming again; of two
 * inspectors claiming at once, one wins and the other is told who holds it and until when.
 */
import type { Actor } from '@rebound/contracts';
import { activeClaim, type Inspection } from '../../inspection';
import { QcError } from '../../errors';
import type { Clock, TransactionRunner } from '../../ports';

export class ClaimInspection {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {}

  execute(inspectionId: string, inspector: Actor): Promise<void> {
    return this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + this.ttlSeconds * 1000);
      const result = await tx.store.claim(inspectionId, inspector, now, expiresAt);
      switch (result.outcome) {
        case 'won':
          return;
        case 'missing':
          throw new QcError('not-found', 'inspection-not-found', `inspection ${inspectionId} does not exist`);
        case 'closed':
          throw new QcError('conflict', 'inspection-not-open', `inspection ${inspectionId} is ${result.status}`);
        case 'taken':
          throw new QcError(
            'conflict',
            'claimed-by-another',
            `inspection ${inspectionId} is claimed by ${result.holder} until ${result.until.toISOString()}`,
          );
      }
    });
  }
}

/** The inspection, locked, when the inspector holds an active claim on it and it is still open. */
export async function claimedInspection(
  lock: (inspectionId: string) => Promise<Inspection | undefined>,
  inspectionId: string,
  inspector: Actor,
  now: Date,
): Promise<Inspection> {
  const inspection = await lock(inspectionId);
  if (!inspection) throw new QcError('not-found', 'inspection-not-found', `inspection ${inspectionId} does not exist`);
  if (inspection.status !== 'open') {
    throw new QcError('conflict', 'inspection-not-open', `inspection ${inspectionId} is ${inspection.status}`);
  }
  const claim = activeClaim(inspection, now);
  if (claim?.inspectorId !== inspector.subject) {
    throw new QcError(
      'conflict',
      'not-claimed',
      claim
        ? `inspection ${inspectionId} is claimed by ${claim.inspectorId}, not ${inspector.subject}`
        : `claim inspection ${inspectionId} before recording it (POST /v1/inspections/${inspectionId}/claim)`,
    );
  }
  return inspection;
}
