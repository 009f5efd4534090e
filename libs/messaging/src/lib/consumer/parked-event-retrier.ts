/**
 * Tries a consumer group's parked events again (see parked-events.ts), inside the consumer:
 *
 * - when: every `sweepIntervalMs` the chains whose first event is due (backoff by its durable
 *   attempt count), and right after the group applied an event, the chains of that event's key
 *   whether due or not — the fact just read may be the one they wait for;
 * - how: per chain in the order its events were read, each in a transaction that locks it (`FOR
 *   UPDATE SKIP LOCKED`, so replicas share the work and never try one chain at once) and, if it
 *   applies, removes it and turns its inbox row `applied` together with the handlers' effects; the
 *   chain stops at the first event that still waits;
 * - until: an event still waiting `maxAgeMs` after it was parked, or failing for good, is
 *   dead-lettered with its attempts, and the chain goes on with the next.
 */
import { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '@rebound/observability';
import { inTransaction } from '@rebound/persistence';
import { BackoffPolicy, backoffDelay } from '@rebound/kernel';
import { IncomingMessage } from '@rebound/kafka';
import { changeInboxOutcome } from '../inbox/inbox';
import { ErrorClass, FactNotYetKnownError, classifyError, errorMessage } from './error-classification';
import { ConsumedEvent } from './event-handler';
import { underSavepoint } from '../outbox/outbox';
import { ParkedEvent, chainsToTry, hasParkedEvents, lockFirstInChain, reschedule, unpark } from './parked-events';

export interface ParkingPolicy extends BackoffPolicy {
  /** A parked event still waiting this long after it was parked is dead-lettered. Default 7 days. */
  readonly maxAgeMs: number;
  /** How often due parked events are looked for, besides right after the group applied an event. Default 5 s. */
  readonly sweepIntervalMs: number;
}

export const DEFAULT_PARKING: ParkingPolicy = {
  maxAgeMs: 7 * 24 * 3600_000,
  initialDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  sweepIntervalMs: 5_000,
};

export interface ParkedEventRetrierOptions {
  readonly groupId: string;
  readonly dataSource: DataSource;
  readonly logger: Logger;
  readonly policy: ParkingPolicy;
  /** Decodes the message and runs the group's handlers for it in `manager`'s transaction (the retrier's savepoint). */
  apply(message: IncomingMessage, manager: EntityManager): Promise<ConsumedEvent>;
  /** Committed: the parked event was applied, at this attempt. */
  applied(event: ConsumedEvent, message: IncomingMessage, attempts: number): void;
  /** Writes the dead letter; false when the consumer stopped first. */
  deadLetter(message: IncomingMessage, error: unknown, kind: ErrorClass, attempts: number): Promise<boolean>;
}

type Step =
  | { readonly kind: 'applied'; readonly event: ConsumedEvent; readonly parked: ParkedEvent; readonly attempts: number }
  | { readonly kind: 'dead-lettered' | 'waits' | 'untouched' };

const UNTOUCHED: Step = { kind: 'untouched' };

/** Chains looked at per query; a sweep that did something with all of them looks again. */
const CHAINS_PER_SWEEP = 100;
/** Events applied within this long wake one sweep, not one each: a busy group does not sweep non-stop. */
const WAKE_COALESCE_MS = 50;

export class ParkedEventRetrier {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private sweepAgain = false;
  /** Keys of events applied since the last sweep began. */
  private readonly appliedKeys = new Set<string>();
  /** False once a sweep found nothing parked: applied events then wake no sweep until something is. */
  private mayHaveParked = true;
  /** Events this replica parked: one parked while a sweep looked for any is not missed. */
  private parkings = 0;

  constructor(private readonly options: ParkedEventRetrierOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(() => this.requestSweep(), this.options.policy.sweepIntervalMs);
    this.timer.unref();
    this.requestSweep();
  }

  /** Finishes the event in flight and stops; what is still parked is tried after the next start. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    clearTimeout(this.wakeTimer);
    await this.sweeping;
  }

  /** This replica parked an event. (Other replicas' are found by the periodic sweep.) */
  parked(): void {
    this.parkings++;
    this.mayHaveParked = true;
  }

  /** The group applied an event with this key: its key's parked events are tried now. */
  wake(key: Buffer | null): void {
    if (!this.mayHaveParked) return;
    if (key !== null) this.appliedKeys.add(key.toString('utf8'));
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.requestSweep();
    }, WAKE_COALESCE_MS);
  }

  private requestSweep(): void {
    if (!this.running) return;
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweeping = this.sweepWhileAsked().finally(() => {
      this.sweeping = undefined;
    });
  }

  private async sweepWhileAsked(): Promise<void> {
    do {
      this.sweepAgain = false;
      await this.sweep();
    } while (this.sweepAgain && this.running);
  }

  private async sweep(): Promise<void> {
    const { dataSource, groupId, logger } = this.options;
    const keys = [...this.appliedKeys];
    this.appliedKeys.clear();
    const parkings = this.parkings;
    try {
      const chains = await chainsToTry(dataSource, groupId, keys, CHAINS_PER_SWEEP);
      let worked = 0;
      for (const { topic, chain } of chains) {
        if (!this.running) return;
        try {
          if (await this.retryChain(topic, chain)) worked++;
        } catch (error) {
          // The database failed this chain's transaction; its events are as they were, tried again later.
          logger.warn({ err: error, groupId, topic }, 'could not try a parked event; trying it again later');
        }
      }
      // More may be due; but chains another replica holds are not worth asking for again at once.
      if (chains.length === CHAINS_PER_SWEEP && worked > 0) this.sweepAgain = true;
      const found = await hasParkedEvents(dataSource, groupId);
      this.mayHaveParked = found || this.parkings !== parkings;
    } catch (error) {
      // Keys whose facts were applied stay to try at the next sweep.
      for (const key of keys) this.appliedKeys.add(key);
      logger.warn({ err: error, groupId }, 'could not try the parked events; trying again at the next sweep');
    }
  }

  /** Tries the chain's events in order until one still waits; true if it tried any. */
  private async retryChain(topic: string, chain: string): Promise<boolean> {
    let tried = false;
    while (this.running) {
      const step = await inTransaction(this.options.dataSource, async (manager): Promise<Step> => {
        const parked = await lockFirstInChain(manager, this.options.groupId, topic, chain);
        return parked ? this.retry(manager, parked) : UNTOUCHED;
      });
      if (step.kind === 'untouched') return tried;
      tried = true;
      if (step.kind === 'applied') this.options.applied(step.event, step.parked.message, step.attempts);
      if (step.kind === 'waits') return tried;
    }
    return tried;
  }

  /**
   * Applies the parked event under a savepoint of the chain's transaction, so that a failure undoes
   * all the handlers did — their writes, and the events they published (outbox rows and state-change
   * lines) — and the transaction goes on to reschedule or dead-letter it.
   */
  private async retry(manager: EntityManager, parked: ParkedEvent): Promise<Step> {
    const { groupId } = this.options;
    const { message } = parked;
    const attempts = parked.attempts + 1;
    let event: ConsumedEvent;
    try {
      event = await underSavepoint(manager, (savepoint) => this.options.apply(message, savepoint));
    } catch (error) {
      return this.failed(manager, parked, attempts, error);
    }
    await unpark(manager, groupId, parked);
    await changeInboxOutcome(manager, { groupId, topic: message.topic, eventId: parked.eventId, outcome: 'applied' });
    return { kind: 'applied', event, parked, attempts };
  }

  /** The parked event failed again, its handlers' work undone: it waits longer, or is dead-lettered. */
  private async failed(manager: EntityManager, parked: ParkedEvent, attempts: number, error: unknown): Promise<Step> {
    const { groupId, logger, policy } = this.options;
    const { message } = parked;
    const where = {
      groupId,
      eventId: parked.eventId,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      attempts,
    };
    const waits = error instanceof FactNotYetKnownError;
    const kind = waits ? 'transient' : classifyError(error);
    if (kind === 'permanent' || Date.now() - parked.parkedAt.getTime() >= policy.maxAgeMs) {
      if (!(await this.options.deadLetter(message, error, kind, attempts))) return UNTOUCHED;
      await unpark(manager, groupId, parked);
      await changeInboxOutcome(manager, {
        groupId,
        topic: message.topic,
        eventId: parked.eventId,
        outcome: 'dead-lettered',
      });
      return { kind: 'dead-lettered' };
    }
    const retryInMs = backoffDelay(policy, attempts);
    await reschedule(manager, groupId, parked, {
      reason: errorMessage(error),
      attempts,
      nextAttemptAt: new Date(Date.now() + retryInMs),
    });
    if (waits) logger.debug({ ...where, reason: errorMessage(error), retryInMs }, 'parked event still waits');
    else logger.warn({ ...where, err: error, retryInMs }, 'parked event failed; trying it again later');
    return { kind: 'waits' };
  }
}
