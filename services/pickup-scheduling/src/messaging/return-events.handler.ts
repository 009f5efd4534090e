/** returns-intake's decisions → pickups: book on approval, cancel on cancellation. */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReturnApproved, ReturnCancelled } from '@rebound/contracts';
import { ConsumedEvent, Outbox } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { PickupsConfig } from '../config/pickups-config';
import type { Clock } from '../domain/ports';
import { BookPickup } from '../domain/use-cases/book-pickup/book-pickup';
import { CancelPickup } from '../domain/use-cases/cancel-pickup/cancel-pickup';
import { pickupsTransaction } from '../persistence/pickups-transactions';
import { CLOCK, PICKUPS_CONFIG } from '../providers';

@Injectable()
export class ReturnEventsHandler {
  private readonly bookPickup: BookPickup;
  private readonly cancelPickup: CancelPickup;

  constructor(
    private readonly outbox: Outbox,
    @Inject(CLOCK) clock: Clock,
    @Inject(PICKUPS_CONFIG) config: PickupsConfig,
  ) {
    this.bookPickup = new BookPickup(clock, config);
    this.cancelPickup = new CancelPickup(clock);
  }

  @HandleEvent(ReturnApproved)
  async approved(event: ConsumedEvent<ReturnApproved>, manager: EntityManager): Promise<void> {
    await this.bookPickup.execute(pickupsTransaction(manager, this.outbox), event.data);
  }

  @HandleEvent(ReturnCancelled)
  async cancelled(event: ConsumedEvent<ReturnCancelled>, manager: EntityManager): Promise<void> {
    await this.cancelPickup.execute(pickupsTransaction(manager, this.outbox), event.data);
  }
}
