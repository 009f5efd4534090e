/** `pickups.partner.v1` → the partner coverage read model that returns are checked against. */
import { Injectable } from '@nestjs/common';
import { PartnerCoverageChanged } from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { IntakeTransaction } from '../domain/ports';
import { RecordPartnerCoverage } from '../domain/use-cases/record-partner-coverage/record-partner-coverage';
import { RecordPartnerCoverageCommand } from '../domain/use-cases/record-partner-coverage/record-partner-coverage.command';

@Injectable()
export class PartnerCoverageHandler {
  constructor(private readonly recordPartnerCoverage: RecordPartnerCoverage) {}

  @HandleEvent(PartnerCoverageChanged)
  async changed(event: ConsumedEvent<PartnerCoverageChanged>, tx: IntakeTransaction): Promise<void> {
    await this.recordPartnerCoverage.execute(tx, new RecordPartnerCoverageCommand(event.data));
  }
}
