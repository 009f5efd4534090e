import { randomUUID } from 'node:crypto';
import { InMemoryIntake, storedReturn } from '../../../../test/fakes/in-memory-intake';
import { ProjectLifecycleEvent } from './project-lifecycle-event';
import { ProjectLifecycleEventCommand, type LifecycleEvent } from './project-lifecycle-event.command';

function fact(
  type: string,
  returnId: string,
  data: Record<string, unknown> = {},
  time = new Date(),
): ProjectLifecycleEventCommand {
  const event = { id: randomUUID(), type, source: '/rebound/test', time, data: { returnId, ...data } };
  return new ProjectLifecycleEventCommand(event as unknown as LifecycleEvent);
}

async function world(status: Parameters<typeof storedReturn>[1] = 'approved') {
  const intake = new InMemoryIntake();
  const request = await storedReturn(intake, status);
  const project = new ProjectLifecycleEvent(intake.clock);
  const apply = (command: ProjectLifecycleEventCommand) => project.execute(intake.tx, command);
  const status_ = async () => (await intake.returns.find(request.returnId))?.status;
  return { intake, returnId: request.returnId, apply, status: status_ };
}

describe('ProjectLifecycleEvent', () => {
  it('moves the return forward with each fact and keeps every fact on the timeline', async () => {
    const { intake, returnId, apply, status } = await world();
    await apply(fact('PickupScheduled', returnId));
    expect(await status()).toBe('awaiting_pickup');
    await apply(fact('ParcelPickedUp', returnId));
    await apply(fact('ParcelDeliveredToWarehouse', returnId));
    await apply(fact('InspectionCompleted', returnId));
    expect(await status()).toBe('inspected');
    expect((await intake.returns.timeline(returnId)).map((entry) => entry.eventType)).toEqual([
      'PickupScheduled',
      'ParcelPickedUp',
      'ParcelDeliveredToWarehouse',
      'InspectionCompleted',
    ]);
  });

  it('never moves back on a late fact, and applies a duplicate only once', async () => {
    const { intake, returnId, apply, status } = await world();
    const pickedUp = fact('ParcelPickedUp', returnId);
    await apply(pickedUp);
    await apply(fact('PickupScheduled', returnId));
    await apply(pickedUp);
    expect(await status()).toBe('in_transit');
    expect(await intake.returns.timeline(returnId)).toHaveLength(2);
  });

  it('expires the return when pickup is abandoned, and announces why', async () => {
    const { intake, returnId, apply, status } = await world('awaiting_pickup');
    await apply(fact('PickupAbandoned', returnId, { reason: 'attempts_exhausted', detail: '3 attempts failed' }));
    expect(await status()).toBe('expired');
    expect(intake.events.types).toEqual(['ReturnExpired']);
    expect(intake.events.published[0].data).toMatchObject({ reason: 'attempts_exhausted: 3 attempts failed' });
  });

  it('completes the return on the final refund, with what was refunded', async () => {
    const { intake, returnId, apply, status } = await world('inspected');
    await apply(
      fact('RefundIssued', returnId, { refundId: 'refund-1', amountMinor: 2504, currency: 'EUR', phase: 'final' }),
    );
    expect(await status()).toBe('completed');
    expect(intake.events.types).toEqual(['ReturnCompleted']);
    expect(await intake.returns.refunds(returnId)).toEqual([
      expect.objectContaining({ refundId: 'refund-1', state: 'succeeded', amountMinor: 2504 }),
    ]);
  });

  it('records a failed refund without moving the status, and never undoes a refund that succeeded', async () => {
    const { intake, returnId, apply, status } = await world('inspected');
    const failed = { refundId: 'refund-1', phase: 'final', amountMinor: 2504, currency: 'EUR', reason: 'declined' };
    await apply(fact('RefundFailed', returnId, { ...failed, attempts: 3 }));
    expect(await status()).toBe('inspected');
    expect((await intake.returns.findRefund('refund-1'))?.state).toBe('failed');
    await apply(
      fact('RefundIssued', returnId, { refundId: 'refund-1', amountMinor: 2504, currency: 'EUR', phase: 'final' }),
    );
    await apply(fact('RefundFailed', returnId, { ...failed, attempts: 4 }));
    expect((await intake.returns.findRefund('refund-1'))?.state).toBe('succeeded');
  });

  it('counts a fact that moves nothing as progress', async () => {
    const { intake, returnId, apply } = await world('awaiting_pickup');
    intake.clock.advance(60_000);
    await apply(fact('PickupAttemptFailed', returnId));
    expect(intake.returns.progressedAt.get(returnId)).toEqual(intake.clock.now());
  });

  it('refuses a fact about a return it never opened', async () => {
    const { apply } = await world();
    await expect(apply(fact('ParcelPickedUp', 'unknown'))).rejects.toMatchObject({
      kind: 'not-found',
      code: 'return-not-found',
    });
  });

  it('reads only the facts of a return’s lifecycle', () => {
    expect(() => fact('ReturnApproved', 'r')).toThrow(/not a fact about a return's lifecycle/);
  });
});
