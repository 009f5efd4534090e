import { DomainError } from '@rebound/kernel';
import { inMemoryInventory } from '../../../../test/fakes/in-memory-inventory';
import { RecordMovementCommand, type RecordMovementInput } from './record-movement.command';

const wms = { subject: 'wms-bot', clientId: 'wms' };

function command(overrides: Partial<RecordMovementInput> = {}): RecordMovementCommand {
  return RecordMovementCommand.of({
    idempotencyKey: 'k-1',
    reason: 'adjustment',
    lines: [{ sku: 'JKT', warehouseId: 'ams-1', quantityDelta: 5 }],
    movedBy: wms,
    ...overrides,
  });
}

describe('RecordMovement', () => {
  it('moves stock, records who reported it and answers with the levels after it', async () => {
    const inventory = inMemoryInventory();

    const outcome = await inventory.recordMovement.execute(inventory.tx, command({ reference: 'WMS-7' }));

    expect(outcome).toEqual({
      replayed: false,
      movement: {
        movementId: 'k-1',
        reason: 'adjustment',
        reference: 'WMS-7',
        note: null,
        recordedAt: inventory.clock.now().toISOString(),
        movedBy: wms,
        lines: [{ sku: 'JKT', warehouseId: 'ams-1', bucket: 'sellable', quantityDelta: 5, levelAfter: 5 }],
      },
    });
    expect(inventory.stock.ledger[0].movement).toMatchObject({ sourceId: 'request:k-1', movedBy: wms });
  });

  it('answers a retry with the first answer, naming the first reporter, and moves nothing again', async () => {
    const inventory = inMemoryInventory();
    const first = await inventory.recordMovement.execute(inventory.tx, command());

    const retry = await inventory.recordMovement.execute(
      inventory.tx,
      command({ movedBy: { subject: 'someone-else', clientId: 'oms' } }),
    );

    expect(retry).toEqual({ replayed: true, movement: first.movement });
    expect(inventory.stock.level('JKT', 'ams-1')?.buckets.sellable).toBe(5);
  });

  it('refuses the key reused for a different movement', async () => {
    const inventory = inMemoryInventory();
    await inventory.recordMovement.execute(inventory.tx, command());

    await expect(inventory.recordMovement.execute(inventory.tx, command({ note: 'another' }))).rejects.toMatchObject({
      kind: 'conflict',
      code: 'idempotency-key-reused',
      title: 'Request cannot be carried out',
    });
  });

  it('binds the key to the movement with defaults filled in', () => {
    const implicit = command();
    const explicit = command({ lines: [{ sku: 'JKT', warehouseId: 'ams-1', bucket: 'sellable', quantityDelta: 5 }] });

    expect(explicit.requestHash).toBe(implicit.requestHash);
    expect(command({ reference: 'R-1' }).requestHash).not.toBe(implicit.requestHash);
  });

  it('cannot be built with no lines, a line of no units, or inventory’s own reason', () => {
    expect(() => command({ lines: [] })).toThrow(DomainError);
    expect(() => command({ lines: [{ sku: 'JKT', warehouseId: 'ams-1', quantityDelta: 0 }] })).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ field: 'lines[0].quantityDelta' })] }),
    );
    expect(() => command({ reason: 'return_inspected' as never })).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ field: 'reason' })] }),
    );
  });
});
