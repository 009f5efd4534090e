/**
 * returns-intake's returns, as far as exchanges go: approvals hold the replacements, a line moved to
 * the customer's next choice trades what it held for the new choice, cancellation and expiry put
 * what is held back on sale, and the exchange order takes it.
 */
import { Injectable } from '@nestjs/common';
import {
  ExchangeOrderRequested,
  LineResolutionChanged,
  ReturnApproved,
  ReturnCancelled,
  ReturnExpired,
} from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { InventoryTransaction } from '../domain/ports';
import { AllocateReplacements } from '../domain/use-cases/allocate-replacements/allocate-replacements';
import { ChangeLineResolution } from '../domain/use-cases/change-line-resolution/change-line-resolution';
import { ChangeLineResolutionCommand } from '../domain/use-cases/change-line-resolution/change-line-resolution.command';
import { ReleaseReplacements } from '../domain/use-cases/release-replacements/release-replacements';
import { ReleaseReplacementsCommand } from '../domain/use-cases/release-replacements/release-replacements.command';
import { ReserveReplacements } from '../domain/use-cases/reserve-replacements/reserve-replacements';
import { ReserveReplacementsCommand } from '../domain/use-cases/reserve-replacements/reserve-replacements.command';

@Injectable()
export class ReplacementEventsHandler {
  constructor(
    private readonly reserveReplacements: ReserveReplacements,
    private readonly changeLineResolution: ChangeLineResolution,
    private readonly releaseReplacements: ReleaseReplacements,
    private readonly allocateReplacements: AllocateReplacements,
  ) {}

  @HandleEvent(ReturnApproved)
  async approved(event: ConsumedEvent<ReturnApproved>, tx: InventoryTransaction): Promise<void> {
    await this.reserveReplacements.execute(tx, ReserveReplacementsCommand.fromApproval(event.data));
  }

  @HandleEvent(LineResolutionChanged)
  async resolutionChanged(event: ConsumedEvent<LineResolutionChanged>, tx: InventoryTransaction): Promise<void> {
    await this.changeLineResolution.execute(tx, ChangeLineResolutionCommand.of(event.data));
  }

  @HandleEvent(ReturnCancelled)
  async cancelled(event: ConsumedEvent<ReturnCancelled>, tx: InventoryTransaction): Promise<void> {
    await this.releaseReplacements.execute(tx, ReleaseReplacementsCommand.cancelled(event.data));
  }

  @HandleEvent(ReturnExpired)
  async expired(event: ConsumedEvent<ReturnExpired>, tx: InventoryTransaction): Promise<void> {
    await this.releaseReplacements.execute(tx, ReleaseReplacementsCommand.expired(event.data));
  }

  @HandleEvent(ExchangeOrderRequested)
  async exchangeOrdered(event: ConsumedEvent<ExchangeOrderRequested>, tx: InventoryTransaction): Promise<void> {
    await this.allocateReplacements.execute(tx, event.data);
  }
}
