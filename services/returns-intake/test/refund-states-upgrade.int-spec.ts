/**
 * A database from before refund facts were named as refunds names them (`issued`, a phase that could
 * be missing): after the upgrade every refund reads `succeeded` or as it was, each with its phase.
 */
import { randomUUID } from 'node:crypto';
import { AddOrderPaymentsAndRefundStates1796194100000 } from '../src/persistence/migrations/1796194100000-AddOrderPaymentsAndRefundStates';
import { useIntakeWorld } from './support/intake-world';
import { rollBackMigration } from './support/roll-back';
import { deliveredOrder, putOrder, shirtReturn } from './support/orders';

jest.setTimeout(60_000);

describe('upgrading refund facts to the refund states of refunds', () => {
  const world = useIntakeWorld('intake-refund-states');

  it('renames issued to succeeded and gives every refund its phase: instant where it was reconciled, else final', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const { returnId } = (
      await world().http('POST', '/v1/returns', shirtReturn(order, { refundMethod: 'store_credit' }))
    ).body;
    const [paid, declined, reconciled] = [randomUUID(), randomUUID(), randomUUID()];

    await world().restart(async () => {
      await rollBackMigration(world().schema, AddOrderPaymentsAndRefundStates1796194100000);
      const refund = (refundId: string, phase: string | null, state: string) =>
        world().schema.query(
          `INSERT INTO return_refunds (refund_id, return_id, kind, phase, state, amount_minor, currency, updated_at)
           VALUES ($1, $2, 'refund', $3, $4, 1000, 'EUR', now())`,
          [refundId, returnId, phase, state],
        );
      await refund(paid, 'final', 'issued');
      await refund(declined, null, 'failed');
      await refund(reconciled, null, 'issued');
      await world().schema.query(
        `INSERT INTO return_timeline (event_id, return_id, event_type, source, occurred_at, status_after, details)
         VALUES ($1, $2, 'RefundAdjusted', '/rebound/refunds', now(), 'approved', $3::jsonb)`,
        [randomUUID(), returnId, JSON.stringify({ refundId: reconciled, adjustmentMinor: 0 })],
      );
    });

    const { items } = (await world().http('GET', `/v1/returns/${returnId}`)).body.refunds;
    expect(
      Object.fromEntries(
        items.map((item: { refundId: string; phase: string; state: string }) => [
          item.refundId,
          [item.phase, item.state],
        ]),
      ),
    ).toEqual({
      [paid]: ['final', 'succeeded'],
      [declined]: ['final', 'failed'],
      [reconciled]: ['instant', 'succeeded'],
    });
  });
});
