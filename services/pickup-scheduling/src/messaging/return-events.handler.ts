/** returns-intake's decisions → pickups: book on approval, cancel on cancellation. */
import { Injectable } from '@nestjs/common';
import { ReturnApproved, ReturnCancelled } from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { PickupsTransaction } from '../domain/ports';
import { BookPickup } from '../domain/use-cases/book-pickup/book-pickup';
import { BookPickupCommand } from '../domain/use-cases/book-pickup/book-pickup.command';
import { CancelPickup } from '../domain/use-cases/cancel-pickup/cancel-pickup';
import { CancelPickupCommand } from '../domain/use-cases/cancel-pickup/cancel-pickup.command';

@Injectable()
export class ReturnEventsHandler {
  constructor(
    private readonly bookPickup: BookPickup,
    private readonly cancelPickup: CancelPickup,
  ) {}

  @HandleEvent(ReturnApproved)
  async approved(event: ConsumedEvent<ReturnApproved>, tx: PickupsTransaction): Promise<void> {
    await this.bookPickup.execute(tx, BookPickupCommand.from(event.data));
  }

  @HandleEvent(ReturnCancelled)
  async cancelled(event: ConsumedEvent<ReturnCancelled>, tx: PickupsTransaction): Promise<void> {
    await this.cancelPickup.execute(tx, CancelPickupCommand.from(event.data));
  }
}
