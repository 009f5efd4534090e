/**
 * One info line per state change a service makes. Every state change records its fact in the outbox
 * in the change's own transaction (ReturnApproved, PickupScheduled, InspectionCompleted,
 * StockRestocked, RefundIssued, …), so the outbox is the one place that sees them all: `Outbox`
 * notes each fact on the transaction, and this TypeORM subscriber writes their lines once the
 * transaction has committed — a change rolled back (or retried after a serialization conflict) says
 * nothing, and one committed says it once. Each line carries the change's trace id (from the
 * event's traceparent, which its consumers continue), the subject (the return id) and the event id.
 */
import type { EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { type Logger, parseTraceparent } from '@rebound/observability';

export interface RecordedFact {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly topic: string;
  readonly traceparent?: string;
}

const FACTS = Symbol('rebound.recordedFacts');

interface Noted {
  readonly fact: RecordedFact;
  /**
   * The transaction depth it was recorded at: a savepoint rolled back drops what it recorded, and one
   * released hands it to the savepoint or transaction around it.
   */
  depth: number;
}

function noted(queryRunner: QueryRunner): Noted[] {
  const data = queryRunner.data as Record<symbol, Noted[] | undefined>;
  return (data[FACTS] ??= []);
}

/** Called by `Outbox.publish` with each fact it wrote, in the transaction that wrote it. */
export function noteRecordedFact(queryRunner: QueryRunner, fact: RecordedFact): void {
  const depth = (queryRunner as { transactionDepth?: number }).transactionDepth ?? 1;
  noted(queryRunner).push({ fact, depth });
}

export class StateChangeLog implements EntitySubscriberInterface {
  constructor(private readonly logger: Logger) {}

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive) {
      // A savepoint released: the transaction goes on, and a rollback of it drops what it noted.
      const depth = (queryRunner as { transactionDepth?: number }).transactionDepth ?? 1;
      for (const entry of noted(queryRunner)) entry.depth = Math.min(entry.depth, depth);
      return;
    }
    const facts = noted(queryRunner).splice(0);
    for (const { fact } of facts) {
      this.logger.info(
        {
          stateChange: fact.type,
          subject: fact.subject,
          eventId: fact.id,
          topic: fact.topic,
          traceId: fact.traceparent && parseTraceparent(fact.traceparent)?.traceId,
        },
        `${fact.type} (${fact.subject})`,
      );
    }
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    const facts = noted(queryRunner);
    const depth = (queryRunner as { transactionDepth?: number }).transactionDepth ?? 0;
    const kept = queryRunner.isTransactionActive ? facts.filter((entry) => entry.depth <= depth) : [];
    facts.splice(0, facts.length, ...kept);
  }
}
