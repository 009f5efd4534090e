/**
 * Transactions for the use cases: each gets the store and an event sink bound to the same
 * EntityManager, so state and outbox rows commit together. Row-lock conflicts and lost
 * serialisation races are retried by `inTransaction`.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { EventClass, EventPayload } from '@rebound/contracts';
import type { Outbox } from '@rebound/messaging';
import { inTransaction } from '@rebound/persistence';
import type { IntakeTransaction, PublishedEvent, TransactionRunner } from '../domain/ports';
import { PgReturnsStore } from './pg-returns.store';

/** The transaction a Kafka handler already runs in (the inbox's), seen through the ports. */
export function intakeTransaction(manager: EntityManager, outbox: Outbox): IntakeTransaction {
  return {
    store: new PgReturnsStore(manager),
    events: {
      async publish<T extends EventPayload>(
        eventClass: EventClass<T>,
        data: T,
        subject: string,
        time?: Date,
      ): Promise<PublishedEvent> {
        const envelope = await outbox.publish(manager, eventClass, data, { subject, time });
        return { id: envelope.id, source: envelope.source, time: envelope.time };
      },
    },
  };
}

export class PgTransactionRunner implements TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  run<T>(work: (tx: IntakeTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, (manager) => work(intakeTransaction(manager, this.outbox)));
  }
}
