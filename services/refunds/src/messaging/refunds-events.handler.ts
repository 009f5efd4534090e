/**
 * The facts refunds pays by: the commerce platform's orders (what was captured), returns-intake's
 * approvals (terms, instant refunds) and ends (cancelled, expired: instant refunds reversed),
 * pickup-scheduling's abandoned pickups (reversed too) and warehouse-qc's inspections (what is refunded).
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  InspectionCompleted,
  OrderDelivered,
  OrderPlaced,
  PickupAbandoned,
  ReturnApproved,
  ReturnCancelled,
  ReturnExpired,
} from '@rebound/contracts';
import { ConsumedEvent, Outbox } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { Clock } from '../domain/ports';
import { reverseInstantRefund } from '../domain/use-cases/instant-refund';
import { recordApproval } from '../domain/use-cases/record-approval';
import { recordCaptures } from '../domain/use-cases/record-captures';
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
    await recordApproval(this.transaction(manager), event.data, this.clock.now());
  }

  @HandleEvent(InspectionCompleted)
  async inspected(event: ConsumedEvent<InspectionCompleted>, manager: EntityManager): Promise<void> {
    await settleInspection(this.transaction(manager), event.data, this.clock.now());
  }

  @HandleEvent(ReturnCancelled)
  async cancelled(event: ConsumedEvent<ReturnCancelled>, manager: EntityManager): Promise<void> {
    await reverseInstantRefund(this.transaction(manager), event.data.returnId, 'cancelled', this.clock.now());
  }

  @HandleEvent(ReturnExpired)
  async expired(event: ConsumedEvent<ReturnExpired>, manager: EntityManager): Promise<void> {
    await reverseInstantRefund(this.transaction(manager), event.data.returnId, 'expired', this.clock.now());
  }

  @HandleEvent(PickupAbandoned)
  async abandoned(event: ConsumedEvent<PickupAbandoned>, manager: EntityManager): Promise<void> {
    await reverseInstantRefund(this.transaction(manager), event.data.returnId, 'abandoned', this.clock.now());
  }

  @HandleEvent(OrderPlaced)
  async placed(event: ConsumedEvent<OrderPlaced>, manager: EntityManager): Promise<void> {
    await recordCaptures(this.transaction(manager), event.data);
  }

  @HandleEvent(OrderDelivered)
  async delivered(event: ConsumedEvent<OrderDelivered>, manager: EntityManager): Promise<void> {
    await recordCaptures(this.transaction(manager), event.data);
  }

  private transaction(manager: EntityManager) {
    return refundsTransaction(manager, this.outbox);
  }
}
