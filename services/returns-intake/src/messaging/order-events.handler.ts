/** `commerce.order.v1` → the order read model. An order change that returns forbid goes to the dead-letter topic. */
import { Injectable } from '@nestjs/common';
import { OrderDelivered, OrderPlaced } from '@rebound/contracts';
import type { ConsumedEvent } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import type { IntakeTransaction } from '../domain/ports';
import { RecordOrder } from '../domain/use-cases/record-order/record-order';
import { RecordOrderCommand } from '../domain/use-cases/record-order/record-order.command';

@Injectable()
export class OrderEventsHandler {
  constructor(private readonly recordOrder: RecordOrder) {}

  @HandleEvent(OrderPlaced)
  async placed(event: ConsumedEvent<OrderPlaced>, tx: IntakeTransaction): Promise<void> {
    await this.recordOrder.execute(tx, new RecordOrderCommand(event.data));
  }

  @HandleEvent(OrderDelivered)
  async delivered(event: ConsumedEvent<OrderDelivered>, tx: IntakeTransaction): Promise<void> {
    await this.recordOrder.execute(tx, new RecordOrderCommand(event.data));
  }
}
