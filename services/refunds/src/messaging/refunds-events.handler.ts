/** returns-intake's approvals (terms, instant refunds) and warehouse-qc's inspections (what is refunded). */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InspectionCompleted, ReturnApproved } from '@rebound/contracts';
import { ConsumedEvent, Outbox } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { Clock } from '../domain/ports';
import { recordApproval } from '../domain/use-cases/record-approval';
import { settleInspection } from '../domain/use-cases/settle-inspection';
import { refundsTransaction } from '../persistence/refunds-transactions';
import { CLOCK } from '../providers';

@Injectable()
export class RefundsEventsHandler {
  constructor(
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @HandleEvent(ReturnApproved)
  async approved(event: ConsumedEvent<ReturnApproved>, manager: EntityManager): Promise<void> {
    await recordApproval(refundsTransaction(manager, this.outbox), event.data, this.clock.now());
  }

  @HandleEvent(InspectionCompleted)
  async inspected(event: ConsumedEvent<InspectionCompleted>, manager: EntityManager): Promise<void> {
    await settleInspection(refundsTransaction(manager, this.outbox), event.data, this.clock.now());
  }
}
