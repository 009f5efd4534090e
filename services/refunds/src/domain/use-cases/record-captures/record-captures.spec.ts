import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import { approvedReturn, orderOf } from '../../../../test/support/fixtures';
import { RecordCaptures } from './record-captures';

describe('RecordCaptures', () => {
  it('keeps what each of the order’s payments captured per line', async () => {
    const state = new InMemoryRefundsState();
    const order = orderOf(approvedReturn());

    await new RecordCaptures().execute(state.transaction(), order);

    const captured = (order.payments ?? []).flatMap((payment) =>
      payment.allocations.map((allocation) => ({ chargeId: payment.chargeId, ...allocation })),
    );
    expect(state.captures.get(order.orderId)).toEqual(captured);
  });

  it('keeps a capture known before as it was', async () => {
    const state = new InMemoryRefundsState();
    const order = orderOf(approvedReturn());
    const [payment] = order.payments ?? [];
    const recordCaptures = new RecordCaptures();
    await recordCaptures.execute(state.transaction(), order);

    await recordCaptures.execute(state.transaction(), {
      orderId: order.orderId,
      payments: [
        { ...payment, allocations: payment.allocations.map((allocation) => ({ ...allocation, amountMinor: 1 })) },
      ],
    });

    expect(state.captures.get(order.orderId)?.every((capture) => capture.amountMinor > 1)).toBe(true);
  });

  it('records nothing for an order without payments', async () => {
    const state = new InMemoryRefundsState();

    await new RecordCaptures().execute(state.transaction(), { orderId: 'order-1', payments: [] });

    expect(state.captures.size).toBe(0);
  });
});
