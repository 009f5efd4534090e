/** `pickups.partner.v1` → the partner coverage read model that returns are checked against. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PartnerCoverageChanged } from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import { recordPartnerCoverage } from '../domain/use-cases/record-partner-coverage/record-partner-coverage';
import { PgReturnsStore } from '../persistence/pg-returns.store';

@Injectable()
export class PartnerCoverageHandler {
  @HandleEvent(PartnerCoverageChanged)
  async changed(event: ConsumedEvent<PartnerCoverageChanged>, manager: EntityManager): Promise<void> {
    await recordPartnerCoverage(new PgReturnsStore(manager), event.data);
  }
}
