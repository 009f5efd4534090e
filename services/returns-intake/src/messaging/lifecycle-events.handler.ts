/**
 * The other services' facts about a return → its status and timeline. What each fact means, and the
 * projection rules, live in the domain (project-lifecycle-event); these handlers only subscribe. A
 * fact about a return this service never opened is refused by the use case and dead-lettered.
 */
import { Injectable } from '@nestjs/common';
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
} from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { IntakeTransaction } from '../domain/ports';
import { ProjectLifecycleEvent } from '../domain/use-cases/project-lifecycle-event/project-lifecycle-event';
import {
  ProjectLifecycleEventCommand,
  type LifecycleEvent,
} from '../domain/use-cases/project-lifecycle-event/project-lifecycle-event.command';

@Injectable()
export class LifecycleEventsHandler {
  constructor(private readonly projectLifecycleEvent: ProjectLifecycleEvent) {}

  @HandleEvent(PickupScheduled)
  pickupScheduled(event: ConsumedEvent<PickupScheduled>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(LabelIssued)
  labelIssued(event: ConsumedEvent<LabelIssued>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(PickupRescheduled)
  pickupRescheduled(event: ConsumedEvent<PickupRescheduled>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(PickupAttemptFailed)
  attemptFailed(event: ConsumedEvent<PickupAttemptFailed>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(PickupCancelled)
  pickupCancelled(event: ConsumedEvent<PickupCancelled>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(PickupAbandoned)
  pickupAbandoned(event: ConsumedEvent<PickupAbandoned>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(ParcelPickedUp)
  pickedUp(event: ConsumedEvent<ParcelPickedUp>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(ParcelInTransit)
  inTransit(event: ConsumedEvent<ParcelInTransit>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(ParcelDeliveredToWarehouse)
  delivered(event: ConsumedEvent<ParcelDeliveredToWarehouse>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(InspectionOpened)
  inspectionOpened(event: ConsumedEvent<InspectionOpened>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(InspectionCompleted)
  inspected(event: ConsumedEvent<InspectionCompleted>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(RefundIssued)
  refundIssued(event: ConsumedEvent<RefundIssued>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(StoreCreditIssued)
  storeCreditIssued(event: ConsumedEvent<StoreCreditIssued>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(RefundFailed)
  refundFailed(event: ConsumedEvent<RefundFailed>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(RefundRetried)
  refundRetried(event: ConsumedEvent<RefundRetried>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(RefundSuperseded)
  refundSuperseded(event: ConsumedEvent<RefundSuperseded>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(RefundAdjusted)
  refundAdjusted(event: ConsumedEvent<RefundAdjusted>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(ExchangeSettled)
  exchangeSettled(event: ConsumedEvent<ExchangeSettled>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(ExchangeDifferenceCollected)
  exchangeDifferenceCollected(event: ConsumedEvent<ExchangeDifferenceCollected>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(ExchangeDifferenceFailed)
  exchangeDifferenceFailed(event: ConsumedEvent<ExchangeDifferenceFailed>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(ExchangeDifferenceRetried)
  exchangeDifferenceRetried(event: ConsumedEvent<ExchangeDifferenceRetried>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  @HandleEvent(ExchangeChargedBack)
  exchangeChargedBack(event: ConsumedEvent<ExchangeChargedBack>, tx: IntakeTransaction): Promise<void> {
    return this.project(event, tx);
  }

  private project(event: LifecycleEvent, tx: IntakeTransaction): Promise<void> {
    return this.projectLifecycleEvent.execute(tx, new ProjectLifecycleEventCommand(event));
  }
}
