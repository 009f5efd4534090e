/**
 * RecordApproval on real Postgres when a return's approval and its order's captures are applied at
 * the same moment (they come on different topics, so two consumers apply them in two transactions):
 * both record the same captured charges, and both must go through — neither may wait on the other in
 * a circle (a deadlock Postgres breaks by failing one of them).
 */
import { systemClock } from '@rebound/kernel';
import { Outbox } from '@rebound/messaging';
import { approvedReturnEvent } from '@rebound/testing';
import { RecordApproval } from '../src/domain/use-cases/record-approval/record-approval';
import { RecordCaptures } from '../src/domain/use-cases/record-captures/record-captures';
import { refundsTransaction } from '../src/persistence/refunds-transactions';
import { useRefundsSchema } from './persistence/refunds-schema';

jest.setTimeout(30_000);

describe('recording an approval while its order’s captures are recorded at once', () => {
  const refunds = useRefundsSchema('refunds_record_approval_race');
  const outbox = new Outbox('/rebound/refunds');
  const recordApproval = new RecordApproval(systemClock);
  const recordCaptures = new RecordCaptures();

  async function until(condition: () => Promise<boolean>): Promise<void> {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('pays the instant refund and keeps the captures once, the order event holding the order’s money first', async () => {
    const base = approvedReturnEvent({ instantRefund: true, expectedRefundMinor: 9503 });
    const approved = {
      ...base,
      lines: base.lines.map((line) => ({ ...line, charges: [{ chargeId: 'ch_card', amountMinor: 9998 }] })),
    };
    const order = {
      orderId: approved.orderId,
      payments: [{ chargeId: 'ch_card', allocations: [{ lineId: 'line-1', amountMinor: 9998 }] }],
    } as Parameters<RecordCaptures['execute']>[1];
    const { dataSource } = refunds();
    let orderLocked!: () => void;
    const locked = new Promise<void>((resolve) => (orderLocked = resolve));
    let recordOrder!: () => void;
    const recording = new Promise<void>((resolve) => (recordOrder = resolve));

    // The order event's transaction has taken the order's money and is about to record the captures.
    const captures = dataSource.transaction(async (manager) => {
      const tx = refundsTransaction(manager, outbox);
      await tx.ledger.lockOrderMoney(order.orderId);
      orderLocked();
      await recording;
      await recordCaptures.execute(tx, order);
    });
    await locked;
    let approvalDone = false;
    let approvalPid: number | undefined;
    const approval = dataSource
      .transaction(async (manager) => {
        [{ pid: approvalPid }] = await manager.query('SELECT pg_backend_pid() AS pid');
        await recordApproval.execute(refundsTransaction(manager, outbox), approved);
      })
      .finally(() => (approvalDone = true));
    // The approval waits for the order's money (having written whatever it writes before taking it).
    await until(
      async () =>
        approvalDone ||
        (approvalPid !== undefined &&
          (await dataSource.query('SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted', [approvalPid])).length > 0),
    );
    recordOrder();
    await expect(Promise.all([captures, approval])).resolves.toBeDefined();

    const captured = await dataSource.query(
      `SELECT charge_id, line_id, captured_minor::int AS captured FROM captured_charges
        WHERE order_id = $1`,
      [order.orderId],
    );
    expect(captured).toEqual([{ charge_id: 'ch_card', line_id: 'line-1', captured: 9998 }]);
    const instant = await dataSource.query(
      `SELECT amount_minor::int AS amount FROM refunds WHERE return_id = $1 AND phase = 'instant'`,
      [approved.returnId],
    );
    expect(instant).toEqual([{ amount: 9503 }]);
  });
});
