import { randomUUID } from 'node:crypto';
import type { KeptExchange } from '../../src/domain/ports';
import { intakeDatabase, type IntakeDatabase } from '../support/intake-database';

function kept(
  customerId: string,
  sku: string,
  size: string,
  reasonCode = 'too_small',
  returnId = randomUUID(),
): KeptExchange {
  return {
    returnId,
    lineId: 'shirt',
    customerId,
    returnedSku: 'SHIRT-M',
    reasonCode,
    kept: { sku, productId: 'oxford', category: 'apparel', optionValues: { size } },
    completedAt: new Date('2026-06-01T10:00:00Z'),
  };
}

describe('PgExchangeHistoryStore', () => {
  let db: IntakeDatabase;
  beforeAll(async () => {
    db = await intakeDatabase('intake_exchange_history');
  }, 60_000);
  afterAll(() => db?.close());

  it('answers what peers who returned a sku for a reason kept, and what a customer kept in a category', async () => {
    const again = kept('peer-1', 'SHIRT-L', 'L');
    await db.transactions.run(async (tx) => {
      await tx.exchanges.record([again, kept('peer-2', 'SHIRT-L', 'L'), kept('peer-3', 'SHIRT-XL', 'XL')]);
      await tx.exchanges.record([kept('peer-4', 'SHIRT-S', 'S', 'too_large')]);
      // Completing is recorded once: a replay of the same line changes nothing.
      await tx.exchanges.record([again]);
    });
    const [peers, own, elsewhere] = await db.transactions.run((tx) =>
      Promise.all([
        tx.exchanges.peersKept('SHIRT-M', 'too_small'),
        tx.exchanges.keptByCustomer('peer-1', 'apparel'),
        tx.exchanges.keptByCustomer('peer-1', 'shoes'),
      ]),
    );
    expect(peers).toEqual({
      total: 3,
      kept: [
        { replacementSku: 'SHIRT-L', count: 2 },
        { replacementSku: 'SHIRT-XL', count: 1 },
      ],
    });
    expect(own).toEqual([{ sku: 'SHIRT-L', productId: 'oxford', category: 'apparel', optionValues: { size: 'L' } }]);
    expect(elsewhere).toEqual([]);
  });
});
