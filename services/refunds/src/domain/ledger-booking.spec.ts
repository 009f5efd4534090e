import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../test/fakes/in-memory-refunds';
import { approvedReturn } from '../../test/support/fixtures';
import { book, roomPerLine } from './ledger-booking';
import { MoneyLimitError } from './money-ledger';
import { termsOf } from './use-cases/record-approval/record-approval';

const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));

/** The fixture's jackets (2 × 89.99 captured) and scarf (3 × 19.99 captured), approved twice on one order. */
async function twoReturnsOfOneOrder() {
  const state = new InMemoryRefundsState();
  const first = termsOf(approvedReturn());
  const second = termsOf(approvedReturn({ orderId: first.orderId }));
  const tx = state.transaction();
  await tx.ledger.recordCaptures(first.orderId, [
    { chargeId: 'card', lineId: 'jacket', amountMinor: 2 * 8999 },
    { chargeId: 'card', lineId: 'scarf', amountMinor: 3 * 1999 },
  ]);
  return { state, tx, first, second };
}

const refund = (refundId: string) => ({
  refundId,
  phase: 'final' as const,
  method: 'original_payment' as const,
  reversalReason: null,
});

describe('ledger booking', () => {
  it('leaves each line of a return what was captured less what the order’s other returns hold', async () => {
    const { tx, first, second } = await twoReturnsOfOneOrder();
    await book(tx, first, refund('refund-1'), [{ lineId: 'jacket', amountMinor: 8999 }], clock.now());

    const room = await roomPerLine(tx, second);

    expect([room('jacket'), room('scarf')]).toEqual([8999, 3 * 1999]);
  });

  it('refuses to book a line past what was captured for it, across returns', async () => {
    const { tx, first, second } = await twoReturnsOfOneOrder();
    await book(tx, first, refund('refund-1'), [{ lineId: 'jacket', amountMinor: 2 * 8999 }], clock.now());

    await expect(
      book(tx, second, refund('refund-2'), [{ lineId: 'jacket', amountMinor: 1 }], clock.now()),
    ).rejects.toBeInstanceOf(MoneyLimitError);
  });

  it('books a release (negative) without checking limits, so a refund can always give its share back', async () => {
    const { state, tx, first } = await twoReturnsOfOneOrder();
    await book(tx, first, refund('refund-1'), [{ lineId: 'jacket', amountMinor: 8999 }], clock.now());

    await book(tx, first, refund('refund-1'), [{ lineId: 'jacket', amountMinor: -8999 }], clock.now(), 'release');

    expect(state.ledger.map((entry) => [entry.kind, entry.amountMinor])).toEqual([
      ['final', 8999],
      ['release', -8999],
    ]);
  });
});
