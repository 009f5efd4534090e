/** pickup-scheduling's parcel facts (expected inbound, delivery time) and warehouse-qc's inspections (restock). */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InspectionCompleted, ParcelDeliveredToWarehouse, ParcelPickedUp } from '@rebound/contracts';
import { ConsumedEvent, Outbox } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { Clock } from '../domain/ports';
import { RestockInspection } from '../domain/use-cases/restock-inspection';
import { TrackParcel } from '../domain/use-cases/track-parcel';
import { RestockMetrics } from '../metrics/restock-metrics';
import { inventoryTransaction } from '../persistence/inventory-transactions';
import { CLOCK } from '../providers';

@Injectable()
export class InventoryEventsHandler {
  private readonly trackParcel = new TrackParcel();
  private readonly restockInspection = new RestockInspection();

  constructor(
    private readonly outbox: Outbox,
    private readonly metrics: RestockMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @HandleEvent(ParcelPickedUp)
  async pickedUp(event: ConsumedEvent<ParcelPickedUp>, manager: EntityManager): Promise<void> {
    await this.trackParcel.pickedUp(inventoryTransaction(manager, this.outbox), event.data, this.clock.now());
  }

  @HandleEvent(ParcelDeliveredToWarehouse)
  async delivered(event: ConsumedEvent<ParcelDeliveredToWarehouse>, manager: EntityManager): Promise<void> {
    const tx = inventoryTransaction(manager, this.outbox);
    this.metrics.observe(await this.trackParcel.delivered(tx, event.data.returnId, event.time));
  }

  @HandleEvent(InspectionCompleted)
  async inspected(event: ConsumedEvent<InspectionCompleted>, manager: EntityManager): Promise<void> {
    const tx = inventoryTransaction(manager, this.outbox);
    this.metrics.observe(await this.restockInspection.execute(tx, event.data, this.clock.now()));
  }
}
