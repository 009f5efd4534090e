/** returns-intake's approvals (what to expect) and pickup-scheduling's arrivals → inspections. */
import { Injectable } from '@nestjs/common';
import { ParcelDeliveredToWarehouse, ReturnApproved } from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { QcTransaction } from '../domain/ports';
import { OpenInspection } from '../domain/use-cases/open-inspection/open-inspection';
import { OpenInspectionCommand } from '../domain/use-cases/open-inspection/open-inspection.command';

@Injectable()
export class QcEventsHandler {
  constructor(private readonly openInspection: OpenInspection) {}

  @HandleEvent(ReturnApproved)
  async approved(event: ConsumedEvent<ReturnApproved>, tx: QcTransaction): Promise<void> {
    await this.openInspection.execute(tx, OpenInspectionCommand.approved(event.data));
  }

  @HandleEvent(ParcelDeliveredToWarehouse)
  async arrived(event: ConsumedEvent<ParcelDeliveredToWarehouse>, tx: QcTransaction): Promise<void> {
    await this.openInspection.execute(tx, OpenInspectionCommand.arrived(event.data));
  }
}
