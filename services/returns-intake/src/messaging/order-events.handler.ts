/** `commerce.order.v1` → the order read model. An order change that returns forbid goes to the dead-letter topic. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderDelivered, OrderPlaced } from '@rebound/contracts';
import { ConsumedEvent, PermanentError } from '@rebound/messaging';
import { HandleEvent } from '@rebound/messaging/nest';
import { IntakeError } from '../domain/errors';
import { orderFromSnapshot } from '../domain/order';
import { recordOrder } from '../domain/use-cases/record-order/record-order';
import { PgReturnsStore } from '../persistence/pg-returns.store';

@Injectable()
export class OrderEventsHandler {
  @HandleEvent(OrderPlaced)
  placed(event: ConsumedEvent<OrderPlaced>, manager: EntityManager): Promise<void> {
    return record(event.data, manager);
  }

  @HandleEvent(OrderDelivered)
  delivered(event: ConsumedEvent<OrderDelivered>, manager: EntityManager): Promise<void> {
    return record(event.data, manager);
  }
}

async function record(snapshot: OrderPlaced | OrderDelivered, manager: EntityManager): Promise<void> {
  try {
    await recordOrder(new PgReturnsStore(manager), orderFromSnapshot(snapshot));
  } catch (error) {
    if (error instanceof IntakeError) {
      const fields = error.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
      throw new PermanentError(`${error.message}${fields ? ` (${fields})` : ''}`);
    }
    throw error;
  }
}
