import { SetMetadata } from '@nestjs/common';
import { EventClass } from '@rebound/contracts';

export const HANDLE_EVENT = Symbol('rebound:handle-event');

/**
 * Marks a provider method as the handler of one event type; it receives the service's transaction
 * (MessagingModuleOptions.transactionOf) or, without one, the EntityManager:
 *
 *   @HandleEvent(InspectionCompleted)
 *   async restock(event: ConsumedEvent<InspectionCompleted>, tx: InventoryTransaction) { ... }
 *
 * It runs inside the transaction that records the event in the inbox, so a redelivered event never
 * reaches it twice. Throw TransientError / PermanentError to steer retries and dead-lettering, and
 * FactNotYetKnownError to have the event parked until a fact it depends on has been read.
 */
export const HandleEvent = (eventClass: EventClass): MethodDecorator => SetMetadata(HANDLE_EVENT, eventClass);
