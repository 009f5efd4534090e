/**
 * Inventory's facts about the replacements held for a return's exchanges → the return's lines,
 * timeline and exchange order (track-replacement). Releases and allocations follow returns-intake's
 * own events and change nothing here, so this group has no handler for them.
 */
import { Injectable } from '@nestjs/common';
import { ReplacementReservationFailed, ReplacementReserved } from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { IntakeTransaction } from '../domain/ports';
import { TrackReplacement } from '../domain/use-cases/track-replacement/track-replacement';
import { TrackReplacementCommand } from '../domain/use-cases/track-replacement/track-replacement.command';

@Injectable()
export class ReplacementEventsHandler {
  constructor(private readonly trackReplacement: TrackReplacement) {}

  @HandleEvent(ReplacementReserved)
  reserved(event: ConsumedEvent<ReplacementReserved>, tx: IntakeTransaction): Promise<void> {
    return this.trackReplacement.execute(tx, new TrackReplacementCommand(event));
  }

  @HandleEvent(ReplacementReservationFailed)
  failed(event: ConsumedEvent<ReplacementReservationFailed>, tx: IntakeTransaction): Promise<void> {
    return this.trackReplacement.execute(tx, new TrackReplacementCommand(event));
  }
}
