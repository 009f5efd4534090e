/**
 * The other services' facts about a return → its status and timeline. Each handler only says what
 * the fact means for the return (the status it implies, the refund it records); the projection rules
 * live in the use case. A fact about a return this service never opened goes to the dead-letter topic.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  EventPayload,
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
} from '@rebound/contracts';
import { ConsumedEvent, Outbox, PermanentError } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import { IntakeError } from '../domain/errors';
import type { Clock } from '../domain/ports';
import {
  LifecycleFact,
  projectLifecycleEvent,
} from '../domain/use-cases/project-lifecycle-event/project-lifecycle-event';
import { intakeTransaction } from '../persistence/intake-transactions';
import { CLOCK } from '../providers';

type Lifecycle = EventPayload & { returnId: string };

/** What a fact means for the return, as its handler reads it. */
type Meaning = Pick<LifecycleFact, 'moveTo' | 'refund' | 'endReason'>;

@Injectable()
export class LifecycleEventsHandler {
  constructor(
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @HandleEvent(PickupScheduled)
  pickupScheduled(event: ConsumedEvent<PickupScheduled>, manager: EntityManager) {
    return this.project(event, manager, { moveTo: 'awaiting_pickup' });
  }

  @HandleEvent(LabelIssued)
  labelIssued(event: ConsumedEvent<LabelIssued>, manager: EntityManager) {
    return this.project(event, manager, { moveTo: 'awaiting_dropoff' });
  }

  /**
   * The return already awaits its pickup after PickupScheduled; a reschedule means the same, so the status
   * is right even when it is applied first (a PickupScheduled replayed from the dead-letter topic).
   */
  @HandleEvent(PickupRescheduled)
  pickupRescheduled(event: ConsumedEvent<PickupRescheduled>, manager: EntityManager) {
    return this.project(event, manager, { moveTo: 'awaiting_pickup' });
  }

  @HandleEvent(PickupAttemptFailed)
  attemptFailed(event: ConsumedEvent<PickupAttemptFailed>, manager: EntityManager) {
    return this.project(event, manager);
  }

  @HandleEvent(PickupCancelled)
  pickupCancelled(event: ConsumedEvent<PickupCancelled>, manager: EntityManager) {
    return this.project(event, manager);
  }

  @HandleEvent(PickupAbandoned)
  pickupAbandoned(event: ConsumedEvent<PickupAbandoned>, manager: EntityManager) {
    const { reason, detail } = event.data;
    return this.project(event, manager, { moveTo: 'expired', endReason: `${reason}: ${detail}` });
  }

  @HandleEvent(ParcelPickedUp)
  pickedUp(event: ConsumedEvent<ParcelPickedUp>, manager: EntityManager) {
    return this.project(event, manager, { moveTo: 'in_transit' });
  }

  @HandleEvent(ParcelInTransit)
  inTransit(event: ConsumedEvent<ParcelInTransit>, manager: EntityManager) {
    return this.project(event, manager, { moveTo: 'in_transit' });
  }

  @HandleEvent(ParcelDeliveredToWarehouse)
  delivered(event: ConsumedEvent<ParcelDeliveredToWarehouse>, manager: EntityManager) {
    return this.project(event, manager, { moveTo: 'received' });
  }

  @HandleEvent(InspectionOpened)
  inspectionOpened(event: ConsumedEvent<InspectionOpened>, manager: EntityManager) {
    return this.project(event, manager, { moveTo: 'received' });
  }

  @HandleEvent(InspectionCompleted)
  inspected(event: ConsumedEvent<InspectionCompleted>, manager: EntityManager) {
    return this.project(event, manager, { moveTo: 'inspected' });
  }

  @HandleEvent(RefundIssued)
  refundIssued(event: ConsumedEvent<RefundIssued>, manager: EntityManager) {
    const { refundId, amountMinor, currency, phase, providerReference } = event.data;
    return this.project(event, manager, {
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
    });
  }

  @HandleEvent(StoreCreditIssued)
  storeCreditIssued(event: ConsumedEvent<StoreCreditIssued>, manager: EntityManager) {
    const { refundId, amountMinor, bonusMinor, currency, phase } = event.data;
    return this.project(event, manager, {
      moveTo: phase === 'final' ? 'refunded' : undefined,
      refund: { refundId, kind: 'store_credit', phase, state: 'succeeded', amountMinor, bonusMinor, currency },
    });
  }

  @HandleEvent(RefundFailed)
  refundFailed(event: ConsumedEvent<RefundFailed>, manager: EntityManager) {
    const { refundId, phase, amountMinor, currency, reason, attempts } = event.data;
    return this.project(event, manager, {
      refund: {
        refundId,
        phase,
        state: 'failed',
        amountMinor,
        currency,
        detail: `${reason} (after ${attempts} attempt(s))`,
      },
    });
  }

  /** Ops sent the refund back to be paid: it is pending again until RefundIssued or RefundFailed. */
  @HandleEvent(RefundRetried)
  refundRetried(event: ConsumedEvent<RefundRetried>, manager: EntityManager) {
    const { refundId, phase, amountMinor, currency, operatorId, reason } = event.data;
    return this.project(event, manager, {
      refund: {
        refundId,
        phase,
        state: 'pending',
        amountMinor,
        currency,
        detail: `retried by ${operatorId}: ${reason}`,
      },
    });
  }

  /** Ops replaced the refund by store credit; the StoreCreditIssued that follows completes a final refund. */
  @HandleEvent(RefundSuperseded)
  refundSuperseded(event: ConsumedEvent<RefundSuperseded>, manager: EntityManager) {
    const { refundId, phase, paidMinor, operatorId, reason, replacementRefundId } = event.data;
    return this.project(event, manager, {
      // From here on the refund stands for what it did pay; the replacement for the rest.
      refund: {
        refundId,
        phase,
        state: 'superseded',
        amountMinor: paidMinor,
        detail: `replaced by store credit ${replacementRefundId} by ${operatorId}: ${reason}`,
      },
    });
  }

  /** The reconciliation after inspection: the refund is final, whether or not anything is clawed back. */
  @HandleEvent(RefundAdjusted)
  refundAdjusted(event: ConsumedEvent<RefundAdjusted>, manager: EntityManager) {
    const { refundId, adjustmentMinor } = event.data;
    return this.project(event, manager, {
      moveTo: 'refunded',
      refund: { refundId, phase: 'instant', state: 'succeeded', clawbackMinor: adjustmentMinor },
    });
  }

  private async project(event: ConsumedEvent<Lifecycle>, manager: EntityManager, meaning: Meaning = {}): Promise<void> {
    const fact: LifecycleFact = {
      eventId: event.id,
      eventType: event.type,
      source: event.source,
      occurredAt: event.time,
      returnId: event.data.returnId,
      details: { ...event.data } as Record<string, unknown>,
      ...meaning,
    };
    try {
      await projectLifecycleEvent(intakeTransaction(manager, this.outbox), fact, this.clock.now());
    } catch (error) {
      if (error instanceof IntakeError) throw new PermanentError(error.message);
      throw error;
    }
  }
}
