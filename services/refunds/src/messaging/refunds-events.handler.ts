/**
 * The facts refunds pays by: the commerce platform's orders (what was captured), returns-intake's
 * approvals (terms, instant refunds) and ends (cancelled, expired: instant refunds reversed),
 * pickup-scheduling's abandoned pickups (reversed too) and warehouse-qc's inspections (what is refunded).
 * An event that needs an approval not read yet is parked until it may have been.
 */
import { Injectable } from '@nestjs/common';
import {
  InspectionCompleted,
  OrderDelivered,
  OrderPlaced,
  PickupAbandoned,
  ReturnApproved,
  ReturnCancelled,
  ReturnExpired,
} from '@rebound/contracts';
import { ConsumedEvent, FactNotYetKnownError } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { RefundsTransaction } from '../domain/ports';
import { ApprovalNotYetRead } from '../domain/refusals';
import { RecordApproval } from '../domain/use-cases/record-approval/record-approval';
import { RecordCaptures } from '../domain/use-cases/record-captures/record-captures';
import { ReverseInstantRefund } from '../domain/use-cases/reverse-instant-refund/reverse-instant-refund';
import { SettleInspection } from '../domain/use-cases/settle-inspection/settle-inspection';

@Injectable()
export class RefundsEventsHandler {
  constructor(
    private readonly recordApproval: RecordApproval,
    private readonly settleInspection: SettleInspection,
    private readonly reverseInstantRefund: ReverseInstantRefund,
    private readonly recordCaptures: RecordCaptures,
  ) {}

  @HandleEvent(ReturnApproved)
  async approved(event: ConsumedEvent<ReturnApproved>, tx: RefundsTransaction): Promise<void> {
    await this.recordApproval.execute(tx, event.data);
  }

  @HandleEvent(InspectionCompleted)
  async inspected(event: ConsumedEvent<InspectionCompleted>, tx: RefundsTransaction): Promise<void> {
    await parkedUntilApproved(() => this.settleInspection.execute(tx, event.data));
  }

  @HandleEvent(ReturnCancelled)
  async cancelled(event: ConsumedEvent<ReturnCancelled>, tx: RefundsTransaction): Promise<void> {
    await this.reverseInstantRefund.execute(tx, { returnId: event.data.returnId, reason: 'cancelled' });
  }

  @HandleEvent(ReturnExpired)
  async expired(event: ConsumedEvent<ReturnExpired>, tx: RefundsTransaction): Promise<void> {
    await this.reverseInstantRefund.execute(tx, { returnId: event.data.returnId, reason: 'expired' });
  }

  @HandleEvent(PickupAbandoned)
  async abandoned(event: ConsumedEvent<PickupAbandoned>, tx: RefundsTransaction): Promise<void> {
    await parkedUntilApproved(() =>
      this.reverseInstantRefund.execute(tx, { returnId: event.data.returnId, reason: 'abandoned' }),
    );
  }

  @HandleEvent(OrderPlaced)
  async placed(event: ConsumedEvent<OrderPlaced>, tx: RefundsTransaction): Promise<void> {
    await this.recordCaptures.execute(tx, event.data);
  }

  @HandleEvent(OrderDelivered)
  async delivered(event: ConsumedEvent<OrderDelivered>, tx: RefundsTransaction): Promise<void> {
    await this.recordCaptures.execute(tx, event.data);
  }
}

/** The approval travels on another topic: work that needs it waits (parked) rather than fails. */
async function parkedUntilApproved(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ApprovalNotYetRead) throw new FactNotYetKnownError(error.message);
    throw error;
  }
}
