import { DomainError } from '@rebound/kernel';
import {
  INSPECTOR,
  OTHER_INSPECTOR,
  T0,
  anInspection,
  claimedBy,
  inMemoryQc,
} from '../../../../test/fakes/in-memory-qc';
import { AddUnexpectedItem } from './add-unexpected-item';
import { AddUnexpectedItemCommand, type UnexpectedItem } from './add-unexpected-item.command';

const SOCKS: UnexpectedItem = {
  sku: 'SKU-SOCKS',
  category: 'apparel',
  quantity: 1,
  grade: 'B',
  notes: 'not ours',
  photoUrls: [],
};

describe('AddUnexpectedItem', () => {
  const setup = async () => {
    const qc = inMemoryQc();
    const inspection = claimedBy(anInspection());
    await qc.inspections.insertInspection(inspection);
    const add = (item: Partial<UnexpectedItem> = {}, inspector = INSPECTOR) =>
      new AddUnexpectedItem(qc.clock, qc.rules).execute(
        qc.tx,
        new AddUnexpectedItemCommand(inspection.inspectionId, inspector, { ...SOCKS, ...item }),
      );
    return { ...qc, inspection, add };
  };

  it('adds the item as a line of its own, numbered, recorded as found', async () => {
    const { inspections, inspection, add } = await setup();

    expect(await add()).toBe('unexpected-1');
    expect(await add({ sku: 'SKU-HAT' })).toBe('unexpected-2');

    const lines = inspections.inspections.get(inspection.inspectionId)?.lines ?? [];
    expect(lines[2]).toEqual({
      lineId: 'unexpected-1',
      sku: 'SKU-SOCKS',
      category: 'apparel',
      expectedQuantity: 0,
      unexpected: true,
      record: {
        receivedQuantity: 1,
        grade: 'B',
        checklist: {},
        wrongItem: false,
        notes: 'not ours',
        photoUrls: [],
        recordedBy: INSPECTOR.subject,
        recordedByClientId: INSPECTOR.clientId,
        recordedAt: T0,
      },
    });
  });

  it('refuses a grade that is not one of the grades', async () => {
    const { add } = await setup();

    await expect(add({ grade: 'Z' })).rejects.toMatchObject({
      kind: 'invalid',
      code: 'findings-invalid',
      message: 'the unexpected item is invalid',
      problems: [{ field: 'grade', message: 'must be one of the grades A, B, C, D' }],
    });
  });

  it('is for the claimant only', async () => {
    const { add } = await setup();

    await expect(add({}, OTHER_INSPECTOR)).rejects.toMatchObject({ kind: 'conflict', code: 'not-claimed' });
  });

  it('cannot be asked for no units', () => {
    expect(() => new AddUnexpectedItemCommand('i', INSPECTOR, { ...SOCKS, quantity: 0 })).toThrow(DomainError);
  });
});
