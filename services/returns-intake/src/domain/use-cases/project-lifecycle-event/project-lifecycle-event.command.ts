/**
 * What each fact another service announces about a return means for it: the status it implies (a
 * failed pickup attempt implies none), the refund it records, and why the return ends when it ends
 * it. One table, so every handler of a lifecycle event reads it the same way; a command exists only
 * for an event the table knows.
 */
import {
  ExchangeChargedBack,
  ExchangeDifferenceCollected,
  ExchangeDifferenceFailed,
  ExchangeDifferenceRetried,
  ExchangeSettled,
  InspectionCompleted,
  InspectionOpened,
  LabelIssued,
  ParcelDeliveredToWarehouse,
  ParcelInTransit,
  ParcelPickedUp,
  PickupAbandoned,
  PickupAttemptFailed,
  PickupCancelled,
  PickupRescheduled,
  PickupScheduled,
  RefundAdjusted,
  RefundFailed,
  RefundIssued,
  RefundRetried,
  RefundSuperseded,
  StoreCreditIssued,
  type EventClass,
  type InspectedLine,
  type EventEnvelope,
  type EventPayload,
} from '@rebound/contracts';
import type { RefundFact } from '../../return-request';
import type { ReturnStatus } from '../../return-status';

export type RefundChange = Pick<RefundFact, 'refundId' | 'phase'> &
  Partial<Omit<RefundFact, 'refundId' | 'returnId' | 'updatedAt'>>;

/** What a fact means for the return. */
export interface Meaning {
  /** The status this fact implies, if any. */
  readonly moveTo?: ReturnStatus;
  readonly refund?: RefundChange;
  /** Why the return ends, in words, when this fact ends it; ReturnExpired carries it. */
  readonly endReason?: string;
  /** The lines as inspection found them: whether exchanged items were accepted. */
  readonly inspected?: readonly InspectedLine[];
  /** The exchange is paid: nothing to collect, or the customer's shortfall collected. Its replacements may ship. */
  readonly exchangePaid?: boolean;
}

type Reading = (data: EventPayload) => Meaning;

function reads<T extends EventPayload>(eventClass: EventClass<T>, meaning: (data: T) => Meaning): [string, Reading] {
  return [eventClass.eventType, (data) => meaning(data as T)];
}

const MEANINGS = new Map<string, Reading>([
  reads(PickupScheduled, () => ({ moveTo: 'awaiting_pickup' })),
  reads(LabelIssued, () => ({ moveTo: 'awaiting_dropoff' })),
  // The return already awaits its pickup after PickupScheduled; a reschedule means the same, so the status
  // is right even when it is applied first (a PickupScheduled replayed from the dead-letter topic).
  reads(PickupRescheduled, () => ({ moveTo: 'awaiting_pickup' })),
  reads(PickupAttemptFailed, () => ({})),
  reads(PickupCancelled, () => ({})),
  reads(PickupAbandoned, ({ reason, detail }) => ({ moveTo: 'expired', endReason: `${reason}: ${detail}` })),
  reads(ParcelPickedUp, () => ({ moveTo: 'in_transit' })),
  reads(ParcelInTransit, () => ({ moveTo: 'in_transit' })),
  reads(ParcelDeliveredToWarehouse, () => ({ moveTo: 'received' })),
  reads(InspectionOpened, () => ({ moveTo: 'received' })),
  reads(InspectionCompleted, ({ lines }) => ({ moveTo: 'inspected', inspected: lines })),
  reads(RefundIssued, ({ refundId, amountMinor, currency, phase, providerReference }) => ({
    moveTo: phase === 'final' ? 'refunded' : undefined,
    refund: {
      refundId,
      kind: 'refund',
      phase,
      state: 'succeeded',
      amountMinor,
      currency,
      detail: providerReference ? `provider reference ${providerReference}` : 'nothing to pay',
    },
  })),
  reads(StoreCreditIssued, ({ refundId, amountMinor, bonusMinor, currency, phase }) => ({
    moveTo: phase === 'final' ? 'refunded' : undefined,
    refund: { refundId, kind: 'store_credit', phase, state: 'succeeded', amountMinor, bonusMinor, currency },
  })),
  reads(RefundFailed, ({ refundId, phase, amountMinor, currency, reason, attempts }) => ({
    refund: {
      refundId,
      phase,
      state: 'failed',
      amountMinor,
      currency,
      detail: `${reason} (after ${attempts} attempt(s))`,
    },
  })),
  // Ops sent the refund back to be paid: it is pending again until RefundIssued or RefundFailed.
  reads(RefundRetried, ({ refundId, phase, amountMinor, currency, operatorId, reason }) => ({
    refund: { refundId, phase, state: 'pending', amountMinor, currency, detail: `retried by ${operatorId}: ${reason}` },
  })),
  // Ops replaced the refund by store credit; the StoreCreditIssued that follows completes a final refund.
  // From here on the refund stands for what it did pay; the replacement for the rest.
  reads(RefundSuperseded, ({ refundId, phase, paidMinor, operatorId, reason, replacementRefundId }) => ({
    refund: {
      refundId,
      phase,
      state: 'superseded',
      amountMinor: paidMinor,
      detail: `replaced by store credit ${replacementRefundId} by ${operatorId}: ${reason}`,
    },
  })),
  // An exchange's money, settled by refunds when its order is requested: what the returned items gave
  // towards their replacements, the difference collected or paid back, and an instant exchange charged
  // back when its items never came or came wrong. The timeline says so; the status does not move. The
  // exchange is paid when there is no shortfall to collect, or once it is collected: a declined one
  // (ExchangeDifferenceFailed) waits for ops' retry.
  reads(ExchangeSettled, ({ shortfallMinor }) => ({ exchangePaid: shortfallMinor === 0 })),
  reads(ExchangeDifferenceCollected, () => ({ exchangePaid: true })),
  reads(ExchangeDifferenceFailed, () => ({})),
  reads(ExchangeDifferenceRetried, () => ({})),
  reads(ExchangeChargedBack, () => ({})),
  // The reconciliation after inspection: the refund is final, whether or not anything is clawed back.
  reads(RefundAdjusted, ({ refundId, adjustmentMinor }) => ({
    moveTo: 'refunded',
    refund: { refundId, phase: 'instant', state: 'succeeded', clawbackMinor: adjustmentMinor },
  })),
]);

export type LifecycleEvent = Pick<
  EventEnvelope<EventPayload & { returnId: string }>,
  'id' | 'type' | 'source' | 'time' | 'data'
>;

export class ProjectLifecycleEventCommand implements Meaning {
  readonly eventId: string;
  readonly eventType: string;
  readonly source: string;
  readonly occurredAt: Date;
  readonly returnId: string;
  readonly details: Record<string, unknown>;
  readonly moveTo?: ReturnStatus;
  readonly refund?: RefundChange;
  readonly endReason?: string;
  readonly inspected?: readonly InspectedLine[];
  readonly exchangePaid?: boolean;

  constructor(event: LifecycleEvent) {
    const reading = MEANINGS.get(event.type);
    if (!reading) throw new Error(`${event.type} is not a fact about a return's lifecycle`);
    const { moveTo, refund, endReason, inspected, exchangePaid } = reading(event.data);
    this.eventId = event.id;
    this.eventType = event.type;
    this.source = event.source;
    this.occurredAt = event.time;
    this.returnId = event.data.returnId;
    this.details = { ...event.data } as Record<string, unknown>;
    this.moveTo = moveTo;
    this.refund = refund;
    this.endReason = endReason;
    this.inspected = inspected;
    this.exchangePaid = exchangePaid;
  }
}
