/**
 * The facts refunds pays by: the commerce platform's orders (what was captured), returns-intake's
 * approvals (terms, instant refunds, returnless lines), changed resolutions, exchange orders (exchanges
 * settled) and ends (cancelled, expired: instant refunds reversed, instant exchanges charged back),
 * pickup-scheduling's abandoned pickups (reversed too) and warehouse-qc's inspections (what is refunded).
 * An event that needs a fact not read yet (an approval, what becomes of an exchanged line) is parked
 * until it may have been.
 */
import { Injectable } from '@nestjs/common';
import {
  ExchangeOrderRequested,
  InspectionCompleted,
  LineResolutionChanged,
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
import { FactAwaited } from '../domain/refusals';
import { ChangeLineResolution } from '../domain/use-cases/change-line-resolution/change-line-resolution';
import { RecordApproval } from '../domain/use-cases/record-approval/record-approval';
import { RecordCaptures } from '../domain/use-cases/record-captures/record-captures';
import { ReverseInstantRefund } from '../domain/use-cases/reverse-instant-refund/reverse-instant-refund';
import { SettleExchange } from '../domain/use-cases/settle-exchange/settle-exchange';
import { SettleInspection } from '../domain/use-cases/settle-inspection/settle-inspection';

@Injectable()
export class RefundsEventsHandler {
  constructor(
    private readonly recordApproval: RecordApproval,
    private readonly settleInspection: SettleInspection,
    private readonly reverseInstantRefund: ReverseInstantRefund,
    private readonly recordCaptures: RecordCaptures,
    private readonly settleExchange: SettleExchange,
    private readonly changeLineResolution: ChangeLineResolution,
  ) {}

  @HandleEvent(ReturnApproved)
  async approved(event: ConsumedEvent<ReturnApproved>, tx: RefundsTransaction): Promise<void> {
    await this.recordApproval.execute(tx, event.data);
  }

  @HandleEvent(InspectionCompleted)
  async inspected(event: ConsumedEvent<InspectionCompleted>, tx: RefundsTransaction): Promise<void> {
    await parkedUntilKnown(() => this.settleInspection.execute(tx, event.data));
  }

  @HandleEvent(ExchangeOrderRequested)
  async exchangeRequested(event: ConsumedEvent<ExchangeOrderRequested>, tx: RefundsTransaction): Promise<void> {
    await parkedUntilKnown(() => this.settleExchange.execute(tx, event.data));
  }

  @HandleEvent(LineResolutionChanged)
  async resolutionChanged(event: ConsumedEvent<LineResolutionChanged>, tx: RefundsTransaction): Promise<void> {
    await parkedUntilKnown(() => this.changeLineResolution.execute(tx, event.data));
  }

  @HandleEvent(ReturnCancelled)
  async cancelled(event: ConsumedEvent<ReturnCancelled>, tx: RefundsTransaction): Promise<void> {
    await parkedUntilKnown(() =>
      this.reverseInstantRefund.execute(tx, { returnId: event.data.returnId, reason: 'cancelled' }),
    );
  }

  @HandleEvent(ReturnExpired)
  async expired(event: ConsumedEvent<ReturnExpired>, tx: RefundsTransaction): Promise<void> {
    await parkedUntilKnown(() =>
      this.reverseInstantRefund.execute(tx, { returnId: event.data.returnId, reason: 'expired' }),
    );
  }

  @HandleEvent(PickupAbandoned)
  async abandoned(event: ConsumedEvent<PickupAbandoned>, tx: RefundsTransaction): Promise<void> {
    await parkedUntilKnown(() =>
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

/** The approval, or what becomes of an exchanged line, travels on another topic: work that needs it waits (parked) rather than fails. */
async function parkedUntilKnown(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof FactAwaited) throw new FactNotYetKnownError(error.message);
    throw error;
  }
}
