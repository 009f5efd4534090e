/**
 * Reconciliation of an order, on real Kafka, Postgres and the sandbox provider: the report's figures
 * per line are what was captured, refunded and taken back, and the provider's records of every part
 * agree — until refunds' own rows are tampered with, which the report names.
 */
import { InspectionCompleted, ReturnApproved, ReturnCancelled } from '@rebound/contracts';
import { approvedReturn, cancellationOf, chargeOf, inspectionOf } from './support/fixtures';
import { useRefundsWorld } from './support/refunds-world';

jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

describe('reconciliation of an order', () => {
  const world = useRefundsWorld('refunds-recon');

  const byPhase = (body: Json, phase: string) => body.items.find((item: Json) => item.phase === phase);
  const inState = (phase: string, state: string) => (body: Json) => byPhase(body, phase)?.state === state;
  const reconciliation = (orderId: string) =>
    world().http('GET', `/v1/reconciliation?orderId=${encodeURIComponent(orderId)}`);

  /** An instant refund reversed by a cancellation, then a second return of the same lines refunded after inspection. */
  async function cancelledThenRefunded(): Promise<{ orderId: string; finalRefundId: string }> {
    const first = approvedReturn({ instantRefund: true });
    await world().publish(ReturnApproved, first, first.returnId);
    await world().refundsOnceThey(first.returnId, 'the instant refund', inState('instant', 'succeeded'));
    await world().publish(ReturnCancelled, cancellationOf(first), first.returnId);
    await world().refundsOnceThey(first.returnId, 'the claw-back', inState('clawback', 'succeeded'));

    const second = approvedReturn({ orderId: first.orderId });
    await world().publish(ReturnApproved, second, second.returnId);
    await world().publish(InspectionCompleted, inspectionOf(second), second.returnId);
    const paid = await world().refundsOnceThey(second.returnId, 'the final refund', inState('final', 'succeeded'));
    return { orderId: first.orderId, finalRefundId: byPhase(paid, 'final').refundId };
  }

  it('adds up each line to what was captured, refunded and taken back, and the provider agrees with every part', async () => {
    const { orderId } = await cancelledThenRefunded();

    const answer = await reconciliation(orderId);

    expect(answer.status).toBe(200);
    const ledger = await world().schema.query<{ line_id: string; kind: string; amount: string }>(
      `SELECT line_id, kind, sum(amount_minor)::text AS amount FROM ledger_entries WHERE order_id = $1
        GROUP BY line_id, kind`,
      [orderId],
    );
    const booked = (lineId: string, kind: string) =>
      Number(ledger.find((row) => row.line_id === lineId && row.kind === kind)?.amount ?? 0);
    const [jacket, scarf] = answer.body.lines;
    expect(answer.body.lines.map((line: Json) => line.lineId)).toEqual(['jacket', 'scarf']);
    for (const line of [jacket, scarf]) {
      expect(line.instantMinor).toBe(booked(line.lineId, 'instant'));
      expect(line.reversedMinor).toBe(-line.instantMinor);
      expect(line.finalMinor).toBe(booked(line.lineId, 'final'));
      expect(line.refundedMinor).toBe(line.finalMinor);
      expect(line.leftMinor).toBe(line.capturedMinor - line.refundedMinor);
      expect(line.outstandingClawbackMinor).toBe(0);
      expect(line.withinCaptured).toBe(true);
    }
    expect(jacket).toMatchObject({
      capturedMinor: 2 * 8999,
      charges: [{ chargeId: chargeOf(orderId), capturedMinor: 2 * 8999 }],
    });
    expect(scarf).toMatchObject({ capturedMinor: 3 * 1999 });
    expect(jacket.instantMinor + scarf.instantMinor).toBe(19002);
    expect(jacket.finalMinor + scarf.finalMinor).toBe(19002);
    expect(answer.body.payments.map((payment: Json) => [payment.phase, payment.call, payment.state])).toEqual(
      expect.arrayContaining([
        ['instant', 'refund', 'succeeded'],
        ['clawback', 'charge', 'succeeded'],
        ['final', 'refund', 'succeeded'],
      ]),
    );
    expect(answer.body.payments.map((payment: Json) => payment.provider.status)).toEqual(
      answer.body.payments.map(() => 'agrees'),
    );
    expect(answer.body.summary).toEqual({
      capturedMinor: 2 * 8999 + 3 * 1999,
      refundedMinor: 19002,
      leftMinor: 2 * 8999 + 3 * 1999 - 19002,
      outstandingClawbackMinor: 0,
      providerChecks: { agrees: answer.body.payments.length, disagrees: 0, missing: 0, unknown: 0 },
      agrees: true,
    });
  });

  it('says the provider has no record of a part refunds holds paid, and disagrees with a paid part refunds holds failed', async () => {
    const { orderId, finalRefundId } = await cancelledThenRefunded();
    const [instant] = await world().schema.query<{ refund_id: string }>(
      "SELECT refund_id FROM refunds WHERE order_id = $1 AND phase = 'instant'",
      [orderId],
    );
    // A part the sandbox never saw, held paid; and the paid final refund recorded as declined.
    await world().schema.query(
      `INSERT INTO refund_payments (refund_id, n, charge_id, amount_minor, lines, state, provider_reference)
       VALUES ($1, 99, $2, 1, '[{"lineId":"scarf","amountMinor":1}]'::jsonb, 'succeeded', 're_made_up')`,
      [instant?.refund_id, chargeOf(orderId)],
    );
    await world().schema.query("UPDATE refund_payments SET state = 'failed' WHERE refund_id = $1", [finalRefundId]);

    const answer = await reconciliation(orderId);

    expect(answer.status).toBe(200);
    const check = (refundId: string, n: number) =>
      answer.body.payments.find((payment: Json) => payment.refundId === refundId && payment.n === n)?.provider;
    expect(check(instant?.refund_id as string, 99)).toEqual({
      status: 'missing',
      detail: 'the provider has nothing under the key; refunds has it succeeded (re_made_up)',
    });
    const finalParts = answer.body.payments.filter((payment: Json) => payment.refundId === finalRefundId);
    expect(finalParts.length).toBeGreaterThan(0);
    for (const part of finalParts) {
      expect(part.provider.status).toBe('disagrees');
      expect(part.provider.detail).toMatch(/^the provider applied it as .+; refunds has it failed/);
    }
    expect(answer.body.summary).toMatchObject({
      providerChecks: { missing: 1, disagrees: finalParts.length },
      agrees: false,
    });
  });

  it('answers 404 for an order refunds knows nothing of', async () => {
    const answer = await reconciliation('order-never-seen');

    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ status: 404, detail: expect.stringContaining('order-never-seen') });
  });

  it('answers 400 naming orderId when it is left out', async () => {
    const answer = await world().http('GET', '/v1/reconciliation');

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'orderId', message: 'is required' }]);
  });
});
