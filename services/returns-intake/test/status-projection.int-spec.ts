/**
 * The return's status and timeline, projected from the pickup, inspection and refund facts other
 * services publish on Kafka: forward only, indifferent to duplicates and to the order of arrival.
 */
import { Topics } from '@rebound/contracts';
import { DeadLetterHeaders } from '@rebound/messaging';
import { waitUntil } from '@rebound/testing';
import { useIntakeWorld } from './support/intake-world';
import {
  Fact,
  ReturnUnderTest,
  happyJourney,
  declinedThenRecovered,
  instantRefundFacts,
  pickupGivesUp,
  storeCredit,
} from './support/lifecycle-facts';
import { approvedReturn } from './support/orders';

jest.setTimeout(60_000);

/** The timeline of a return that went the whole way, in the order things happened. */
const JOURNEY = [
  'ReturnRequested',
  'ReturnApproved',
  'PickupScheduled',
  'ParcelPickedUp',
  'ParcelInTransit',
  'ParcelDeliveredToWarehouse',
  'InspectionOpened',
  'InspectionCompleted',
  'RefundIssued',
  'ReturnCompleted',
];

const types = (body: { timeline: { type: string }[] }) => body.timeline.map((entry) => entry.type);

describe('status and timeline of a return', () => {
  const world = useIntakeWorld('intake-status');

  async function publish(subject: ReturnUnderTest, facts: readonly Fact[]): Promise<void> {
    for (const fact of facts) {
      await world().publish(fact.eventClass, fact.data, subject.returnId, {
        id: fact.id,
        time: fact.time,
        source: fact.source,
      });
    }
  }

  async function returnOnceTimelineHas(subject: ReturnUnderTest, entries: number) {
    return waitUntil(`${entries} timeline entries on ${subject.returnId}`, async () => {
      const answer = await world().http('GET', `/v1/returns/${subject.returnId}`);
      return answer.body.timeline.length >= entries && answer.body;
    });
  }

  const ownEvents = (subject: ReturnUnderTest, type: string) =>
    world()
      .published.on(world().physical(Topics.returnsReturn.name))
      .filter((message) => message.key === subject.returnId && message.headers['ce_type'] === type);

  it('follows a return from pickup to refund and completes it, announcing ReturnCompleted once', async () => {
    const subject = await approvedReturn(world());
    const journey = happyJourney(subject);
    await publish(subject, Object.values(journey));

    const body = await returnOnceTimelineHas(subject, 2 + 7 + 1);
    expect(body.status).toBe('completed');
    // Pickups, inspections and refunds travel on three topics, so they may be applied in any order;
    // the timeline still lists them in the order they happened.
    expect(types(body)).toEqual(JOURNEY);
    expect(body.timeline[2]).toMatchObject({ source: '/rebound/pickup-scheduling', eventId: journey['scheduled'].id });
    expect(body.refunds).toEqual({
      refundedMinor: 2504,
      items: [expect.objectContaining({ kind: 'refund', phase: 'final', state: 'succeeded', amountMinor: 2504 })],
    });
    await world().published.waitFor('ReturnCompleted', () => ownEvents(subject, 'ReturnCompleted').length === 1);
    expect(JSON.parse(ownEvents(subject, 'ReturnCompleted')[0].value!)).toMatchObject({
      refundedMinor: 2504,
      currency: 'EUR',
    });
  });

  it('ends in the same state whatever order the facts arrive in, and duplicates change nothing', async () => {
    const subject = await approvedReturn(world());
    const journey = happyJourney(subject);
    const { scheduled, pickedUp, inTransit, delivered, inspectionOpened, inspected, refunded } = journey;
    await publish(subject, [
      inspected,
      pickedUp,
      scheduled,
      delivered,
      inTransit,
      pickedUp,
      inspectionOpened,
      scheduled,
      inspected,
    ]);

    const beforeRefund = await returnOnceTimelineHas(subject, 2 + 6);
    expect(beforeRefund.status).toBe('inspected');
    // Late facts are on the timeline in the order they happened, not the order they arrived.
    expect(types(beforeRefund)).toEqual(JOURNEY.slice(0, 8));

    await publish(subject, [refunded, refunded, delivered]);
    const done = await returnOnceTimelineHas(subject, 2 + 7 + 1);
    expect(done.status).toBe('completed');
    expect(done.timeline).toHaveLength(10);
    await world().published.waitFor('ReturnCompleted', () => ownEvents(subject, 'ReturnCompleted').length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ownEvents(subject, 'ReturnCompleted')).toHaveLength(1);
  });

  it('shows each failed pickup attempt and its rebooking without moving the status, expires the return when pickup gives up, and takes that back for a late-reported collection', async () => {
    const subject = await approvedReturn(world());
    const journey = happyJourney(subject);
    const givesUp = pickupGivesUp(journey['scheduled']);
    const [, firstReschedule] = givesUp;
    // The first rebooking comes again after the return expired: it is already on the timeline.
    await publish(subject, [journey['scheduled'], ...givesUp, firstReschedule]);

    const body = await returnOnceTimelineHas(subject, 2 + 7 + 1);
    expect(body.status).toBe('expired');
    expect(
      body.timeline.map((entry: { type: string; statusAfter: string }) => `${entry.type}:${entry.statusAfter}`),
    ).toEqual([
      'ReturnRequested:requested',
      'ReturnApproved:approved',
      'PickupScheduled:awaiting_pickup',
      'PickupAttemptFailed:awaiting_pickup',
      'PickupRescheduled:awaiting_pickup',
      'PickupAttemptFailed:awaiting_pickup',
      'PickupRescheduled:awaiting_pickup',
      'PickupAttemptFailed:awaiting_pickup',
      'PickupAbandoned:expired',
      'ReturnExpired:expired',
    ]);
    expect(body.timeline[4].details).toMatchObject({ attempt: 2, reason: 'nobody home' });
    const reason = 'attempts_exhausted: the partner found nobody home on 3 attempts';
    expect(body.timeline[8].details).toMatchObject({ reason: 'attempts_exhausted', attempts: 3 });
    expect(body.timeline[9].details).toMatchObject({ reason });
    await world().published.waitFor('ReturnExpired', () => ownEvents(subject, 'ReturnExpired').length === 1);
    expect(JSON.parse(ownEvents(subject, 'ReturnExpired')[0].value!)).toMatchObject({ reason });

    // pickup-scheduling announces a collection after giving up only when it happened before: the
    // return did not expire after all, and moves on with its parcel.
    await publish(subject, [journey['pickedUp']]);
    const after = await returnOnceTimelineHas(subject, 11);
    expect(after.status).toBe('in_transit');
    expect(after.timeline.find((entry: { type: string }) => entry.type === 'ParcelPickedUp').statusAfter).toBe(
      'in_transit',
    );
  });

  it('refuses cancellation once the parcel is in transit', async () => {
    const subject = await approvedReturn(world());
    const { scheduled, pickedUp } = happyJourney(subject);
    await publish(subject, [scheduled, pickedUp]);
    await returnOnceTimelineHas(subject, 4);
    const cancel = await world().http('POST', `/v1/returns/${subject.returnId}/cancel`, {});
    expect(cancel.status).toBe(409);
    expect(cancel.body.detail).toContain('in_transit');
  });

  it('keeps an instant refund out of the status until inspection, then completes on the reconciliation with the claw-back', async () => {
    const subject = await approvedReturn(world(), { loyaltyTier: 'gold' });
    const journey = happyJourney(subject);
    const [instant, adjusted] = instantRefundFacts(
      subject,
      new Date(journey['scheduled'].time.getTime() - 30_000),
      2999,
      1500,
    );
    await publish(subject, [instant, journey['scheduled']]);
    const early = await returnOnceTimelineHas(subject, 4);
    expect(early.status).toBe('awaiting_pickup');
    expect(early.refunds.items).toEqual([
      expect.objectContaining({ phase: 'instant', state: 'succeeded', amountMinor: 2999 }),
    ]);

    await publish(subject, [journey['pickedUp'], journey['delivered'], journey['inspected'], adjusted]);
    const done = await returnOnceTimelineHas(subject, 4 + 4 + 1);
    expect(done.status).toBe('completed');
    expect(done.refunds).toEqual({
      refundedMinor: 1499,
      items: [expect.objectContaining({ amountMinor: 2999, clawbackMinor: 1500, state: 'succeeded' })],
    });
  });

  it('keeps a declined final refund at inspected, then completes once ops’ retry is paid', async () => {
    const subject = await approvedReturn(world());
    const journey = happyJourney(subject);
    const [failed, retried, issued] = declinedThenRecovered(subject, journey['refunded'].time, 'retry');
    await publish(subject, [journey['delivered'], journey['inspected'], failed]);
    const stuck = await returnOnceTimelineHas(subject, 2 + 3);
    expect(stuck.status).toBe('inspected');
    expect(stuck.refunds.items).toEqual([expect.objectContaining({ phase: 'final', state: 'failed' })]);

    await publish(subject, [retried]);
    const pending = await returnOnceTimelineHas(subject, 2 + 4);
    expect(pending.refunds.items).toEqual([
      expect.objectContaining({ state: 'pending', detail: 'retried by ops-anna: the customer asked support' }),
    ]);
    await publish(subject, [issued]);
    const done = await returnOnceTimelineHas(subject, 2 + 5 + 1);
    expect(done.status).toBe('completed');
    expect(done.refunds).toEqual({
      refundedMinor: 2504,
      items: [expect.objectContaining({ kind: 'refund', phase: 'final', state: 'succeeded', amountMinor: 2504 })],
    });
  });

  it('completes a refund declined on one charge with store credit for the rest once ops fall back to it', async () => {
    const subject = await approvedReturn(world());
    const journey = happyJourney(subject);
    await publish(subject, [
      journey['delivered'],
      journey['inspected'],
      ...declinedThenRecovered(subject, journey['refunded'].time, 'store_credit'),
    ]);
    const done = await returnOnceTimelineHas(subject, 2 + 5 + 1);
    expect(done.status).toBe('completed');
    expect(types(done).slice(-4)).toEqual(['RefundFailed', 'RefundSuperseded', 'StoreCreditIssued', 'ReturnCompleted']);
    expect(done.refunds).toEqual({
      refundedMinor: 2504,
      items: expect.arrayContaining([
        expect.objectContaining({ kind: 'refund', state: 'superseded', amountMinor: 1504 }),
        expect.objectContaining({
          kind: 'store_credit',
          phase: 'final',
          state: 'succeeded',
          amountMinor: 1000,
          bonusMinor: 0,
        }),
      ]),
    });
  });

  it('completes a store-credit refund and shows the bonus', async () => {
    const subject = await approvedReturn(world());
    const journey = happyJourney(subject);
    await publish(subject, [
      journey['delivered'],
      journey['inspected'],
      storeCredit(subject, 2504, 250, journey['refunded'].time),
    ]);
    const done = await returnOnceTimelineHas(subject, 2 + 3 + 1);
    expect(done.status).toBe('completed');
    expect(done.refunds.items).toEqual([
      expect.objectContaining({ kind: 'store_credit', amountMinor: 2504, bonusMinor: 250 }),
    ]);
  });

  it('sends a fact about a return it never opened, or a malformed one, to the dead-letter topic and changes nothing', async () => {
    const stranger = { returnId: '7f3c2a1e-0000-4000-8000-00000000abcd', orderId: 'order-nobody' };
    const { scheduled } = happyJourney(stranger);
    await publish(stranger, [scheduled]);
    const subject = await approvedReturn(world());
    const { pickedUp } = happyJourney(subject);
    await world().publish(pickedUp.eventClass, { ...pickedUp.data, lines: [] } as never, subject.returnId, {
      id: pickedUp.id,
    });

    const dead = await world().waitForDeadLetters('two dead letters', (messages) => messages.length >= 2);
    const reasons = dead.map((message) => message.headers[DeadLetterHeaders.errorMessage]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        `PickupScheduled refers to unknown return ${stranger.returnId}`,
        expect.stringContaining('lines: must be an array with at least 1 item'),
      ]),
    );

    const body = (await world().http('GET', `/v1/returns/${subject.returnId}`)).body;
    expect(body.status).toBe('approved');
    expect(body.timeline).toHaveLength(2);
  });
});
