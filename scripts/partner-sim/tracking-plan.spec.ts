import { TrackingReported, toValidPayload } from '@rebound/contracts';
import { bookingRandom, seededRandom } from './seeded-random';
import { ATTEMPT_FAILURE_REASONS, PlanSettings, PlannedReport, planTracking, stepsLeft } from './tracking-plan';
import { SUCCESSFUL_PICKUP, calm as calmSimulation, pickupBooked } from './test/simulation.fixture';

const startedAt = new Date('2030-03-04T09:00:00.000Z');
const calm: PlanSettings = { ...calmSimulation, partnerId: 'acme-logistics' };

function statuses(plan: readonly PlannedReport[]): string[] {
  return plan.map((step) => step.event.data.status);
}

/** When each step leaves, counted from the moment the booking was read. */
function sendTimes(plan: readonly PlannedReport[]): number[] {
  let elapsed = 0;
  return plan.map((step) => (elapsed += step.delayMs));
}

describe('planTracking', () => {
  it('takes a pickup out, picks it up and brings it to the booked warehouse, every event a valid TrackingReported', () => {
    const booking = pickupBooked();
    const plan = planTracking(booking, calm, seededRandom(1), startedAt);

    expect(statuses(plan)).toEqual(SUCCESSFUL_PICKUP);
    for (const { event } of plan) {
      expect(toValidPayload(TrackingReported, event.data)).toBeInstanceOf(TrackingReported);
      expect(event).toMatchObject({
        type: 'TrackingReported',
        source: '/partners/acme-logistics',
        subject: booking.pickupId,
        data: { pickupId: booking.pickupId },
      });
      expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(plan.map((step) => step.event.id)).size).toBe(4);
    expect(plan[2].event.data.location).toEqual(expect.any(String));
    expect(plan[3].event.data.warehouseId).toBe('wh-berlin');
  });

  it('ends a failed attempt with attempt_failed and a reason, and plans nothing more until the rebooking', () => {
    const plan = planTracking(pickupBooked(), { ...calm, failureRate: 1 }, seededRandom(2), startedAt);

    expect(statuses(plan)).toEqual(['out_for_pickup', 'attempt_failed']);
    expect(ATTEMPT_FAILURE_REASONS).toContain(plan[1].event.data.reason);
    expect(toValidPayload(TrackingReported, plan[1].event.data).reason).toBe(plan[1].event.data.reason);
  });

  it('delivers the rebooked attempt once the attempts allowed to fail are used up', () => {
    const settings = { ...calm, failureRate: 1, maxFailedAttempts: 1 };

    expect(statuses(planTracking(pickupBooked({ attempt: 1 }), settings, seededRandom(3), startedAt))).toEqual([
      'out_for_pickup',
      'attempt_failed',
    ]);
    expect(statuses(planTracking(pickupBooked({ attempt: 2 }), settings, seededRandom(3), startedAt))).toEqual(
      SUCCESSFUL_PICKUP,
    );
  });

  it.each(['mail_back', 'in_store_dropoff'] as const)(
    'reports a label parcel (%s) as picked up at the drop-off, then in transit and delivered, never as a failed attempt',
    (method) => {
      const plan = planTracking(pickupBooked({ method }), { ...calm, failureRate: 1 }, seededRandom(4), startedAt);

      expect(statuses(plan)).toEqual(['picked_up', 'in_transit', 'delivered_to_warehouse']);
    },
  );

  it('fails about the configured share of pickup attempts', () => {
    const settings = { ...calm, failureRate: 0.2 };
    const failed = Array.from({ length: 1000 }, (_, seed) =>
      planTracking(pickupBooked(), settings, seededRandom(seed), startedAt),
    ).filter((plan) => statuses(plan).includes('attempt_failed')).length;

    expect(failed).toBeGreaterThan(150);
    expect(failed).toBeLessThan(250);
  });

  it('waits a delay from the configured range before each event and dates each event when it happens', () => {
    const plan = planTracking(
      pickupBooked(),
      { ...calm, minDelayMs: 100, maxDelayMs: 300 },
      seededRandom(5),
      startedAt,
    );

    for (const step of plan) {
      expect(step.delayMs).toBeGreaterThanOrEqual(100);
      expect(step.delayMs).toBeLessThanOrEqual(300);
    }
    expect(plan.map((step) => step.event.data.occurredAt)).toEqual(
      sendTimes(plan).map((ms) => new Date(startedAt.getTime() + ms).toISOString()),
    );
    expect(plan.map((step) => step.event.time)).toEqual(plan.map((step) => new Date(step.event.data.occurredAt)));
  });

  it('sends no wait at all with a zero delay', () => {
    const plan = planTracking(pickupBooked(), calm, seededRandom(6), startedAt);

    expect(plan.map((step) => step.delayMs)).toEqual([0, 0, 0, 0]);
  });

  it('sends a duplicate with the same ce_id and body right after the event it repeats', () => {
    const plan = planTracking(pickupBooked(), { ...calm, duplicateRate: 1 }, seededRandom(7), startedAt);

    expect(plan).toHaveLength(8);
    for (let i = 0; i < plan.length; i += 2) {
      expect(plan[i].duplicate).toBe(false);
      expect(plan[i + 1].duplicate).toBe(true);
      expect(plan[i + 1].event).toEqual(plan[i].event);
    }
    expect(new Set(plan.map((step) => step.event.id)).size).toBe(4);
  });

  it('holds an event back until the next one was sent, never sending an event before it happened', () => {
    const plan = planTracking(
      pickupBooked(),
      { ...calm, minDelayMs: 100, maxDelayMs: 500, reorderRate: 1 },
      seededRandom(8),
      startedAt,
    );

    expect(statuses(plan)).toEqual(['picked_up', 'out_for_pickup', 'delivered_to_warehouse', 'in_transit']);
    expect(plan.map((step) => step.late)).toEqual([false, true, false, true]);
    const sent = sendTimes(plan);
    plan.forEach((step, i) => {
      expect(new Date(step.event.data.occurredAt).getTime() - startedAt.getTime()).toBeLessThanOrEqual(sent[i]);
    });
  });

  it('gives the same plan, ids included, for the same seed and booking, and another plan for another seed', () => {
    const booking = pickupBooked();
    const settings = {
      ...calm,
      minDelayMs: 0,
      maxDelayMs: 1000,
      failureRate: 0.5,
      duplicateRate: 0.3,
      reorderRate: 0.3,
    };
    const plan = (seed: number) =>
      planTracking(booking, settings, bookingRandom(seed, booking.pickupId, booking.attempt), startedAt);

    expect(plan(42)).toEqual(plan(42));
    expect(plan(43)[0].event.id).not.toBe(plan(42)[0].event.id);
  });

  it('draws a different plan for each attempt of a pickup under one seed', () => {
    const booking = pickupBooked();

    expect(bookingRandom(42, booking.pickupId, 1)()).not.toBe(bookingRandom(42, booking.pickupId, 2)());
  });
});

describe('stepsLeft', () => {
  const plan = (settings: Partial<PlanSettings> = {}) => {
    const booking = pickupBooked();
    return planTracking(booking, { ...calm, ...settings }, bookingRandom(7, booking.pickupId, 1), startedAt);
  };

  it('keeps the steps past what the pickup shows it reached, each with its own wait and id', () => {
    const full = plan({ minDelayMs: 100, maxDelayMs: 900 });

    expect(stepsLeft(full, 'scheduled')).toEqual(full);
    expect(statuses(stepsLeft(full, 'out_for_pickup'))).toEqual(SUCCESSFUL_PICKUP.slice(1));
    expect(statuses(stepsLeft(full, 'picked_up'))).toEqual(['in_transit', 'delivered_to_warehouse']);
    expect(stepsLeft(full, 'in_transit')).toEqual([full[3]]);
  });

  it('still reports the failure of an attempt that was out for pickup, and a label dropped off from the start', () => {
    const failing = plan({ failureRate: 1 });
    const label = planTracking(pickupBooked({ method: 'mail_back' }), calm, seededRandom(1), startedAt);

    expect(statuses(stepsLeft(failing, 'out_for_pickup'))).toEqual(['attempt_failed']);
    expect(statuses(stepsLeft(label, 'label_issued'))).toEqual(['picked_up', 'in_transit', 'delivered_to_warehouse']);
  });

  it('leaves nothing for a pickup that is no longer under way, and drops a duplicate with the step it repeats', () => {
    const duplicated = plan({ duplicateRate: 1 });

    expect(stepsLeft(duplicated, 'delivered')).toEqual([]);
    expect(stepsLeft(duplicated, 'cancelled')).toEqual([]);
    expect(statuses(stepsLeft(duplicated, 'in_transit'))).toEqual(['delivered_to_warehouse', 'delivered_to_warehouse']);
  });
});
