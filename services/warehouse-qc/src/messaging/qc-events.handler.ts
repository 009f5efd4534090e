/** returns-intake's approvals (what to expect) and pickup-scheduling's arrivals → inspections. */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ParcelDeliveredToWarehouse, ReturnApproved } from '@rebound/contracts';
import { ConsumedEvent, Outbox } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { Clock } from '../domain/ports';
import { OpenInspection } from '../domain/use-cases/open-inspection/open-inspection';
import { qcTransaction } from '../persistence/qc-transactions';
import { CLOCK } from '../providers';

@Injectable()
export class QcEventsHandler {
  private readonly openInspection: OpenInspection;

  constructor(
    private readonly outbox: Outbox,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.openInspection = new OpenInspection(clock);
  }

  @HandleEvent(ReturnApproved)
  async approved(event: ConsumedEvent<ReturnApproved>, manager: EntityManager): Promise<void> {
    await this.openInspection.onApproved(qcTransaction(manager, this.outbox), event.data);
  }

  @HandleEvent(ParcelDeliveredToWarehouse)
  async arrived(event: ConsumedEvent<ParcelDeliveredToWarehouse>, manager: EntityManager): Promise<void> {
    await this.openInspection.onArrival(qcTransaction(manager, this.outbox), event.data);
  }
}
