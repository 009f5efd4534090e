import { DomainError } from '@rebound/kernel';
import {
  INSPECTOR,
  OTHER_INSPECTOR,
  T0,
  anInspection,
  claimedBy,
  inMemoryQc,
} from '../../../../test/fakes/in-memory-qc';
import { ClaimInspection } from './claim-inspection';
import { ClaimInspectionCommand } from './claim-inspection.command';

describe('ClaimInspection', () => {
  const setup = () => {
    const qc = inMemoryQc();
    return { ...qc, claim: new ClaimInspection(qc.clock, { claimTtlSeconds: 600 }) };
  };

  it('gives an open inspection to the inspector for the claim TTL', async () => {
    const { tx, inspections, claim } = setup();
    const inspection = anInspection();
    await inspections.insertInspection(inspection);

    await claim.execute(tx, new ClaimInspectionCommand(inspection.inspectionId, INSPECTOR));

    expect(inspections.inspections.get(inspection.inspectionId)?.claim).toEqual({
      inspectorId: INSPECTOR.subject,
      inspectorClientId: INSPECTOR.clientId,
      expiresAt: new Date(T0.getTime() + 600_000),
    });
  });

  it('tells a second inspector who holds the claim and until when', async () => {
    const { tx, inspections, claim } = setup();
    const inspection = claimedBy(anInspection(), INSPECTOR);
    await inspections.insertInspection(inspection);

    await expect(
      claim.execute(tx, new ClaimInspectionCommand(inspection.inspectionId, OTHER_INSPECTOR)),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'claimed-by-another',
      title: 'Request cannot be carried out',
      message: `inspection ${inspection.inspectionId} is claimed by inspector-1 until 2030-01-01T10:00:00.000Z`,
    });
  });

  it('lets the next inspector take a claim that has expired', async () => {
    const { tx, inspections, clock, claim } = setup();
    const inspection = claimedBy(anInspection(), INSPECTOR);
    await inspections.insertInspection(inspection);
    clock.advance(2 * 3600_000);

    await claim.execute(tx, new ClaimInspectionCommand(inspection.inspectionId, OTHER_INSPECTOR));

    expect(inspections.inspections.get(inspection.inspectionId)?.claim?.inspectorId).toBe(OTHER_INSPECTOR.subject);
  });

  it('refuses an unknown inspection and one that is no longer open', async () => {
    const { tx, inspections, claim } = setup();
    const held = anInspection({ status: 'held' });
    await inspections.insertInspection(held);

    await expect(claim.execute(tx, new ClaimInspectionCommand('nope', INSPECTOR))).rejects.toMatchObject({
      kind: 'not-found',
      code: 'inspection-not-found',
    });
    await expect(claim.execute(tx, new ClaimInspectionCommand(held.inspectionId, INSPECTOR))).rejects.toMatchObject({
      kind: 'conflict',
      code: 'inspection-not-open',
      message: `inspection ${held.inspectionId} is held`,
    });
  });

  it('cannot be asked without an inspection or a caller', () => {
    expect(() => new ClaimInspectionCommand('', { subject: ' ', clientId: 'rebound-warehouse' })).toThrow(DomainError);
  });
});
