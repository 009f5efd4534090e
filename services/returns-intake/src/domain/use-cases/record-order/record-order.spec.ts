import { DomainError } from '@rebound/kernel';
import { InMemoryIntake, storedReturn } from '../../../../test/fakes/in-memory-intake';
import type { OrderSnapshotInput } from '../../order';
import { RecordOrder } from './record-order';
import { RecordOrderCommand } from './record-order.command';

const snapshot: OrderSnapshotInput = {
  orderId: 'order-1',
  customerId: 'customer-1',
  currency: 'EUR',
  shippingRegion: 'DE',
  placedAt: '2026-06-01T10:00:00Z',
  deliveredAt: '2026-06-03T10:00:00Z',
  lines: [
    { lineId: 'shirt', sku: 'SKU-SHIRT', category: 'apparel', quantity: 2, unitPriceMinor: 2999, finalSale: false },
  ],
  payments: [{ chargeId: 'ch-1', allocations: [{ lineId: 'shirt', amountMinor: 5998 }] }],
};

describe('RecordOrder', () => {
  it('creates an order, then updates it, keeping a delivery once known', async () => {
    const intake = new InMemoryIntake();
    const record = new RecordOrder();
    expect(await record.execute(intake.tx, new RecordOrderCommand(snapshot))).toBe('created');
    const { deliveredAt: _, ...placedOnly } = snapshot;
    expect(await record.execute(intake.tx, new RecordOrderCommand(placedOnly))).toBe('updated');
    expect((await intake.orders.find('order-1'))?.deliveredAt).toEqual(new Date('2026-06-03T10:00:00Z'));
  });

  it('refuses to change what a return was judged on, naming each field', async () => {
    const intake = new InMemoryIntake();
    const record = new RecordOrder();
    await record.execute(intake.tx, new RecordOrderCommand(snapshot));
    await storedReturn(intake, 'approved');
    const repriced = { ...snapshot, lines: [{ ...snapshot.lines[0], unitPriceMinor: 1 }], currency: 'USD' };
    const refusal = record.execute(intake.tx, new RecordOrderCommand(repriced));
    await expect(refusal).rejects.toMatchObject({ kind: 'conflict', code: 'order-conflicts-with-returns' });
    await expect(refusal).rejects.toHaveProperty('problems', [
      expect.objectContaining({ field: 'currency' }),
      expect.objectContaining({ field: 'lines[0].unitPriceMinor' }),
    ]);
  });

  it('refuses payments that do not fit the lines', async () => {
    const intake = new InMemoryIntake();
    const misfit = { ...snapshot, payments: [{ chargeId: 'ch-1', allocations: [{ lineId: 'hat', amountMinor: 1 }] }] };
    await expect(new RecordOrder().execute(intake.tx, new RecordOrderCommand(misfit))).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'payments-do-not-match-order',
    });
    expect(intake.orders.rows.size).toBe(0);
  });

  it('cannot be commanded with a time that is not one', () => {
    expect(() => new RecordOrderCommand({ ...snapshot, placedAt: 'yesterday' })).toThrow(DomainError);
  });
});
