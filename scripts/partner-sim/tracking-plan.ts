/**
 * What a 3PL partner reports about one booking attempt, worked out in full before anything is sent:
 * the events in the order they will be sent, each with the wait before it. Pure — the randomness and
 * the start time come in — so every behaviour of the simulator can be tested without Kafka.
 *
 * The simulator compresses time: it does not wait for the booked slot, only the configured delays.
 */
import { EventEnvelope, PickupBooked, TrackingReported, TrackingStatus, isPickupMethod } from '@rebound/contracts';
import { Random, pick, randomUuid } from './seeded-random';

export interface PlanSettings {
  /** The partner played; the events' `ce_source` is `/partners/<partnerId>`. */
  readonly partnerId: string;
  /** The wait before each event is drawn from [minDelayMs, maxDelayMs]. */
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** Chance that a pickup attempt fails; the parcel then waits for the rebooking. */
  readonly failureRate: number;
  /** Attempts numbered above this never fail, so a pickup can fail a known number of times and then succeed. */
  readonly maxFailedAttempts: number;
  /** Chance that an event is sent a second time. */
  readonly duplicateRate: number;
  /** Chance that an event is held back and sent right after the one that followed it. */
  readonly reorderRate: number;
}

export interface PlannedReport {
  /** How long to wait, after the previous event of the plan was sent (or the booking read), before sending this one. */
  readonly delayMs: number;
  readonly event: EventEnvelope<TrackingReported>;
  /** A second send of the event before it: the same ce_id and body, as a partner's retry would send. */
  readonly duplicate: boolean;
  /** Sent after an event that happened later than this one. */
  readonly late: boolean;
}

export const ATTEMPT_FAILURE_REASONS = [
  'customer not at home',
  'address not found',
  'parcel not ready for collection',
  'no access to the building',
] as const;

export const TRANSIT_LOCATIONS = [
  'Leipzig hub',
  'Venlo sorting centre',
  'Lyon depot',
  'Milan hub',
  'Poznań sorting centre',
] as const;

type Happening = Omit<TrackingReported, 'pickupId' | 'occurredAt'>;

/** What a plan depends on of a booking: a `PickupBooked` read from Kafka, or a pickup resumed from pickup-scheduling. */
export type BookedAttempt = Pick<PickupBooked, 'pickupId' | 'attempt' | 'method' | 'destinationWarehouseId'>;

export function planTracking(
  booking: BookedAttempt,
  settings: PlanSettings,
  random: Random,
  startedAt: Date,
): PlannedReport[] {
  let elapsedMs = 0;
  const inOrder = happenings(booking, settings, random).map((happening): PlannedReport => {
    const delayMs = drawDelay(settings, random);
    elapsedMs += delayMs;
    const occurredAt = new Date(startedAt.getTime() + elapsedMs);
    return {
      delayMs,
      event: {
        id: randomUuid(random),
        type: TrackingReported.eventType,
        source: `/partners/${settings.partnerId}`,
        subject: booking.pickupId,
        time: occurredAt,
        data: { pickupId: booking.pickupId, occurredAt: occurredAt.toISOString(), ...happening },
      },
      duplicate: false,
      late: false,
    };
  });
  return withDuplicates(heldBack(inOrder, settings, random), settings, random);
}

function happenings(booking: BookedAttempt, settings: PlanSettings, random: Random): Happening[] {
  const delivery: Happening[] = [
    { status: 'picked_up' },
    { status: 'in_transit', location: pick(random, TRANSIT_LOCATIONS) },
    { status: 'delivered_to_warehouse', warehouseId: booking.destinationWarehouseId },
  ];
  // With a label the customer brings the parcel: it is picked up when dropped off, and cannot fail.
  if (!isPickupMethod(booking.method)) return delivery;
  const fails = booking.attempt <= settings.maxFailedAttempts && random() < settings.failureRate;
  if (fails) {
    return [{ status: 'out_for_pickup' }, { status: 'attempt_failed', reason: pick(random, ATTEMPT_FAILURE_REASONS) }];
  }
  return [{ status: 'out_for_pickup' }, ...delivery];
}

/**
 * Holds an event back until the one after it was sent, the way a partner's batching or retries
 * deliver late. The overtaking event still goes out when it would have, so no event is sent before
 * its own `occurredAt`; an event moves by one place at most.
 */
function heldBack(steps: PlannedReport[], settings: PlanSettings, random: Random): PlannedReport[] {
  const result: PlannedReport[] = [];
  for (let i = 0; i < steps.length; i++) {
    const next = steps[i + 1];
    if (next && random() < settings.reorderRate) {
      result.push({ ...next, delayMs: steps[i].delayMs + next.delayMs }, { ...steps[i], delayMs: 0, late: true });
      i++;
    } else {
      result.push(steps[i]);
    }
  }
  return result;
}

function withDuplicates(steps: PlannedReport[], settings: PlanSettings, random: Random): PlannedReport[] {
  return steps.flatMap((step) =>
    random() < settings.duplicateRate
      ? [step, { ...step, delayMs: drawDelay(settings, random), duplicate: true }]
      : [step],
  );
}

function drawDelay(settings: PlanSettings, random: Random): number {
  return settings.minDelayMs + Math.floor(random() * (settings.maxDelayMs - settings.minDelayMs + 1));
}

/** What pickup-scheduling's pickup states say the partner reported already. */
const REPORTED_BY_STATE: Readonly<Record<string, readonly TrackingStatus[]>> = {
  scheduled: [],
  label_issued: [],
  out_for_pickup: ['out_for_pickup'],
  picked_up: ['out_for_pickup', 'picked_up'],
  in_transit: ['out_for_pickup', 'picked_up', 'in_transit'],
};

/** The pickup states whose attempt a partner still has events to report for. */
export const UNFINISHED_PICKUP_STATES = Object.keys(REPORTED_BY_STATE);

/**
 * The steps of `plan` left to send for a pickup that pickup-scheduling shows in `state`: those whose
 * status the pickup has not reached yet, each with its own wait. Events sent but not yet applied
 * there are planned again — with the same seed, as the same `ce_id`s, which pickup-scheduling's
 * inbox drops as duplicates.
 */
export function stepsLeft(plan: readonly PlannedReport[], state: string): PlannedReport[] {
  const reported = REPORTED_BY_STATE[state];
  if (!reported) return [];
  return plan.filter((step) => !reported.includes(step.event.data.status));
}
