/**
 * The lifecycle events a merchant hears of: each makes its public event and the deliveries of the
 * subscriptions that want it (RecordLifecycleEvent). An event of a return whose approval was not read
 * yet — it comes on another topic, which may be read later — is parked until it is; one on the
 * returns topic itself belongs to a return never approved (a request cancelled before its decision),
 * which merchants are not told of.
 */
import { Injectable } from '@nestjs/common';
import {
  ExchangeOrderRequested,
  InspectionCompleted,
  LabelIssued,
  ParcelDeliveredToWarehouse,
  ParcelPickedUp,
  PickupAttemptFailed,
  PickupRescheduled,
  PickupScheduled,
  RefundIssued,
  ReturnApproved,
  ReturnCancelled,
  ReturnCompleted,
  ReturnExpired,
  ReturnRejected,
  StoreCreditIssued,
  Topics,
  type EventClass,
  type EventPayload,
} from '@rebound/contracts';
import { FactNotYetKnownError, type ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { NotificationsTransaction } from '../domain/ports';
import { RecordLifecycleEvent } from '../domain/use-cases/record-lifecycle-event';

type AboutReturn = EventPayload & { returnId: string };

@Injectable()
export class NotificationsEventsHandler {
  constructor(private readonly record: RecordLifecycleEvent) {}

  @HandleEvent(ReturnApproved)
  approved(event: ConsumedEvent<ReturnApproved>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(ReturnRejected)
  rejected(event: ConsumedEvent<ReturnRejected>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(ReturnCancelled)
  cancelled(event: ConsumedEvent<ReturnCancelled>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(ReturnExpired)
  expired(event: ConsumedEvent<ReturnExpired>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(ReturnCompleted)
  completed(event: ConsumedEvent<ReturnCompleted>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(ExchangeOrderRequested)
  exchangeOrdered(event: ConsumedEvent<ExchangeOrderRequested>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(LabelIssued)
  labelIssued(event: ConsumedEvent<LabelIssued>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(PickupScheduled)
  pickupScheduled(event: ConsumedEvent<PickupScheduled>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(PickupRescheduled)
  pickupRescheduled(event: ConsumedEvent<PickupRescheduled>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(PickupAttemptFailed)
  pickupFailed(event: ConsumedEvent<PickupAttemptFailed>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(ParcelPickedUp)
  pickedUp(event: ConsumedEvent<ParcelPickedUp>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(ParcelDeliveredToWarehouse)
  received(event: ConsumedEvent<ParcelDeliveredToWarehouse>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(InspectionCompleted)
  inspected(event: ConsumedEvent<InspectionCompleted>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(RefundIssued)
  refundIssued(event: ConsumedEvent<RefundIssued>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  @HandleEvent(StoreCreditIssued)
  storeCreditIssued(event: ConsumedEvent<StoreCreditIssued>, tx: NotificationsTransaction) {
    return this.publicEvent(event, tx);
  }

  private async publicEvent<T extends AboutReturn>(event: ConsumedEvent<T>, tx: NotificationsTransaction) {
    const eventClass = event.eventClass as EventClass<T>;
    const recorded = await this.record.execute(tx, eventClass, { id: event.id, time: event.time, data: event.data });
    if ('unknownReturn' in recorded && eventClass.topic !== Topics.returnsReturn) {
      throw new FactNotYetKnownError(`return ${recorded.unknownReturn}'s approval has not been read yet`);
    }
  }
}
