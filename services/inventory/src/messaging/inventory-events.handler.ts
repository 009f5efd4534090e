/** pickup-scheduling's parcel facts (expected inbound, delivery time) and warehouse-qc's inspections (restock). */
import { Injectable } from '@nestjs/common';
import { InspectionCompleted, ParcelDeliveredToWarehouse, ParcelPickedUp } from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { InventoryTransaction } from '../domain/ports';
import { RestockInspection } from '../domain/use-cases/restock-inspection/restock-inspection';
import { RestockInspectionCommand } from '../domain/use-cases/restock-inspection/restock-inspection.command';
import { TrackParcel } from '../domain/use-cases/track-parcel/track-parcel';
import { TrackParcelCommand } from '../domain/use-cases/track-parcel/track-parcel.command';

@Injectable()
export class InventoryEventsHandler {
  constructor(
    private readonly trackParcel: TrackParcel,
    private readonly restockInspection: RestockInspection,
  ) {}

  @HandleEvent(ParcelPickedUp)
  async pickedUp(event: ConsumedEvent<ParcelPickedUp>, tx: InventoryTransaction): Promise<void> {
    await this.trackParcel.execute(tx, TrackParcelCommand.pickedUp(event.data));
  }

  /** The delivery's time is the event's: when pickup-scheduling announced it. */
  @HandleEvent(ParcelDeliveredToWarehouse)
  async delivered(event: ConsumedEvent<ParcelDeliveredToWarehouse>, tx: InventoryTransaction): Promise<void> {
    await this.trackParcel.execute(tx, TrackParcelCommand.delivered(event.data.returnId, event.time));
  }

  @HandleEvent(InspectionCompleted)
  async inspected(event: ConsumedEvent<InspectionCompleted>, tx: InventoryTransaction): Promise<void> {
    await this.restockInspection.execute(tx, RestockInspectionCommand.of(event.data));
  }
}
