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
  PickupAttemptFailed,
  PickupCancelled,
  PickupExpired,
  PickupScheduled,
  RefundAdjusted,
  RefundFailed,
  RefundIssued,
  StoreCreditIssued,
} from '@rebound/contracts';
import { ConsumedEvent, Outbox, PermanentError } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import { IntakeError } from '../domain/errors';
import type { Clock } from '../domain/ports';
import { ReturnStatus } from '../domain/return-status';
import {
  RefundChange,
  projectLifecycleEvent,
} from '../domain/use-cases/project-lifecycle-event/project-lifecycle-event';
import { intakeTransaction } from '../persistence/intake-transactions';
import { CLOCK } from '../providers';

type Lifecycle = EventPayload & { returnId: string };

@Injectable()
export class LifecycleEventsHandler {
  constructor(
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @HandleEvent(PickupScheduled)
  pickupScheduled(event: ConsumedEvent<PickupScheduled>, manager: EntityManager) {
    return this.project(event, manager, 'awaiting_pickup');
  }

  @HandleEvent(LabelIssued)
  labelIssued(event: ConsumedEvent<LabelIssued>, manager: EntityManager) {
    return this.project(event, manager, 'awaiting_dropoff');
  }

  @HandleEvent(PickupAttemptFailed)
  attemptFailed(event: ConsumedEvent<PickupAttemptFailed>, manager: EntityManager) {
    return this.project(event, manager);
  }

  @HandleEvent(PickupCancelled)
  pickupCancelled(event: ConsumedEvent<PickupCancelled>, manager: EntityManager) {
    return this.project(event, manager);
  }

  @HandleEvent(PickupExpired)
  pickupExpired(event: ConsumedEvent<PickupExpired>, manager: EntityManager) {
    return this.project(event, manager, 'expired');
  }

  @HandleEvent(ParcelPickedUp)
  pickedUp(event: ConsumedEvent<ParcelPickedUp>, manager: EntityManager) {
    return this.project(event, manager, 'in_transit');
  }

  @HandleEvent(ParcelInTransit)
  inTransit(event: ConsumedEvent<ParcelInTransit>, manager: EntityManager) {
    return this.project(event, manager, 'in_transit');
  }

  @HandleEvent(ParcelDeliveredToWarehouse)
  delivered(event: ConsumedEvent<ParcelDeliveredToWarehouse>, manager: EntityManager) {
    return this.project(event, manager, 'received');
  }

  @HandleEvent(InspectionOpened)
  inspectionOpened(event: ConsumedEvent<InspectionOpened>, manager: EntityManager) {
    return this.project(event, manager, 'received');
  }

  @HandleEvent(InspectionCompleted)
  inspected(event: ConsumedEvent<InspectionCompleted>, manager: EntityManager) {
    return this.project(event, manager, 'inspected');
  }

  @HandleEvent(RefundIssued)
  refundIssued(event: ConsumedEvent<RefundIssued>, manager: EntityManager) {
    const { refundId, amountMinor, currency, phase, providerReference } = event.data;
    return this.project(event, manager, phase === 'final' ? 'refunded' : undefined, {
      refundId,
      kind: 'refund',
      phase,
      state: 'issued',
      amountMinor,
      currency,
      detail: `provider reference ${providerReference}`,
    });
  }

  @HandleEvent(StoreCreditIssued)
  storeCreditIssued(event: ConsumedEvent<StoreCreditIssued>, manager: EntityManager) {
    const { refundId, amountMinor, bonusMinor, currency, phase } = event.data;
    return this.project(event, manager, phase === 'final' ? 'refunded' : undefined, {
      refundId,
      kind: 'store_credit',
      phase,
      state: 'issued',
      amountMinor,
      bonusMinor,
      currency,
    });
  }

  @HandleEvent(RefundFailed)
  refundFailed(event: ConsumedEvent<RefundFailed>, manager: EntityManager) {
    const { refundId, amountMinor, currency, reason, attempts } = event.data;
    return this.project(event, manager, undefined, {
      refundId,
      state: 'failed',
      amountMinor,
      currency,
      detail: `${reason} (after ${attempts} attempt(s))`,
    });
  }

  /** The reconciliation after inspection: the refund is final, whether or not anything is clawed back. */
  @HandleEvent(RefundAdjusted)
  refundAdjusted(event: ConsumedEvent<RefundAdjusted>, manager: EntityManager) {
    const { refundId, adjustmentMinor } = event.data;
    return this.project(event, manager, 'refunded', { refundId, state: 'issued', clawbackMinor: adjustmentMinor });
  }

  private async project(
    event: ConsumedEvent<Lifecycle>,
    manager: EntityManager,
    moveTo?: ReturnStatus,
    refund?: RefundChange,
  ): Promise<void> {
    const fact = {
      eventId: event.id,
      eventType: event.type,
      source: event.source,
      occurredAt: event.time,
      returnId: event.data.returnId,
      moveTo,
      details: { ...event.data } as Record<string, unknown>,
      refund,
    };
    try {
      await projectLifecycleEvent(intakeTransaction(manager, this.outbox), fact, this.clock.now());
    } catch (error) {
      if (error instanceof IntakeError) throw new PermanentError(error.message);
      throw error;
    }
  }
}
