/**
 * The Kafka side of the partner simulator: reads one partner's bookings, plans each attempt
 * (tracking-plan.ts) and sends the planned events on the partner's tracking topic, one at a time.
 *
 * A booking's offset is committed once it is planned, not once its plan is done, so a plan cut short
 * by a stop or a crash is not read again from Kafka. Given where its partner's pickups stand
 * (pickups-in-flight.ts), a new run resumes them instead: each pickup pickup-scheduling still shows
 * under way gets its attempt's plan again — the same events, the same `ce_id`s for the same seed —
 * less the steps the pickup has already reached.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DecodedEvent,
  InvalidEventError,
  PartnerBookingEvents,
  PartnerTopics,
  PickupBooked,
  PickupBookingCancelled,
  decodeEvent,
  encodeEvent,
} from '@rebound/contracts';
import {
  BatchControl,
  BrokerConsumer,
  BrokerProducer,
  IncomingMessage,
  MessageBroker,
  PartitionBatch,
  partnerGroupPrefix,
} from '@rebound/kafka';
import { backoffDelay } from '@rebound/kernel';
import { childSpan, formatTraceparent, parseTraceparent } from '@rebound/observability';
import { BookingLedger } from './booking-ledger';
import { bookingRandom } from './seeded-random';
import { SimulatorOptions } from './simulator-options';
import { PickupsInFlight } from './pickups-in-flight';
import { BookedAttempt, PlannedReport, planTracking, stepsLeft } from './tracking-plan';

const SEND_RETRY = { initialDelayMs: 250, maxDelayMs: 10_000 };

/** The consumer group of the simulator playing `partnerId`: one of the partner's own groups, so partners never share bookings. */
export function simulatorGroupId(partnerId: string): string {
  return `${partnerGroupPrefix(partnerId)}simulator`;
}

export class PartnerSimulator {
  private readonly bookingsTopic: string;
  private readonly trackingTopic: string;
  private readonly ledger = new BookingLedger();
  private readonly producer: BrokerProducer;
  private readonly consumer: BrokerConsumer;
  private readonly stopping = new AbortController();
  /** The plans being followed: stopping waits for them to notice. */
  private readonly following = new Set<Promise<void>>();
  /** The attempts whose plans a stop cut short. */
  private readonly interrupted: string[] = [];
  private sending: Promise<unknown> = Promise.resolve();
  private resuming: Promise<void> = Promise.resolve();

  constructor(
    private readonly broker: MessageBroker,
    private readonly options: SimulatorOptions,
    /** Receives one human-readable line per booking read and event sent. */
    private readonly report: (line: string) => void,
    /** Where the pickups a previous run left under way are found; without it, none is resumed. */
    private readonly inFlight?: PickupsInFlight,
  ) {
    this.bookingsTopic = PartnerTopics.bookings.nameFor(options.partnerId);
    this.trackingTopic = PartnerTopics.tracking.nameFor(options.partnerId);
    this.producer = broker.producer();
    this.consumer = broker.consumer({ groupId: simulatorGroupId(options.partnerId) });
  }

  async start(): Promise<void> {
    await this.ensureTopics();
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe([this.bookingsTopic], this.options.fromBeginning);
    // Asked before the bookings are read, so an attempt both sources give is resumed where it stands
    // rather than replanned from its first event; if the answer does not come, asking goes on meanwhile.
    const retryMs = backoffDelay(SEND_RETRY, 1);
    if (this.inFlight && !(await this.resume(this.inFlight, retryMs))) {
      this.resuming = this.keepResuming(this.inFlight, retryMs);
    }
    await this.consumer.run((batch, control) => this.receive(batch, control));
    const { partnerId, minDelayMs, maxDelayMs, failureRate, maxFailedAttempts, duplicateRate, reorderRate, seed } =
      this.options;
    const failureLimit = Number.isFinite(maxFailedAttempts) ? ` up to attempt ${maxFailedAttempts}` : '';
    this.report(
      `playing ${partnerId}: reading ${this.bookingsTopic} as ${simulatorGroupId(partnerId)}` +
        ` (${this.options.fromBeginning ? 'from the beginning' : 'new bookings'} unless the group resumes),` +
        ` publishing to ${this.trackingTopic}; delay ${minDelayMs}-${maxDelayMs} ms, failure rate ${failureRate}${failureLimit},` +
        ` duplicate rate ${duplicateRate}, reorder rate ${reorderRate}, seed ${seed}`,
    );
  }

  /** Reads no more bookings, finishes the event being sent, sends no other, and disconnects. */
  async stop(): Promise<void> {
    await this.consumer.stop();
    this.stopping.abort();
    await this.resuming;
    await Promise.all(this.following);
    await this.producer.disconnect();
    await this.consumer.disconnect();
    this.report(
      this.interrupted.length === 0
        ? 'stopped'
        : `stopped; ${this.interrupted.length} plan(s) had events left to send, which ` +
            `${this.inFlight ? 'a restart resumes' : 'a restart without --resume-from does not resume'}: ${this.interrupted.join(', ')}`,
    );
  }

  private async ensureTopics(): Promise<void> {
    const admin = this.broker.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = [
        { topic: this.bookingsTopic, family: PartnerTopics.bookings },
        { topic: this.trackingTopic, family: PartnerTopics.tracking },
      ].filter(({ topic }) => !existing.has(topic));
      await admin.createTopics(
        missing.map(({ topic, family }) => ({
          topic,
          partitions: this.options.partitions,
          config: { 'cleanup.policy': family.cleanupPolicy },
        })),
      );
      for (const { topic } of missing) this.report(`created topic ${topic} (${this.options.partitions} partitions)`);
    } finally {
      await admin.disconnect();
    }
  }

  private async receive(batch: PartitionBatch, control: BatchControl): Promise<void> {
    for (const message of batch.messages) {
      if (!control.canContinue()) return;
      this.accept(message);
      control.markProcessed(message);
    }
    await control.commitIfDue();
  }

  private accept(message: IncomingMessage): void {
    let decoded: DecodedEvent;
    try {
      decoded = decodeEvent(message.topic, message.value, message.headers, PartnerBookingEvents);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      // A real partner would reject it; the simulator says so and goes on with the next booking.
      this.report(`skipped ${message.topic}[${message.partition}]@${message.offset}: ${error.message}`);
      return;
    }
    // Bookings arrive as their JSON, not as instances of their classes: told apart by their type.
    const { eventClass, traceparent } = decoded;
    if (eventClass === PickupBookingCancelled) {
      const data = decoded.data as PickupBookingCancelled;
      this.report(
        this.ledger.cancel(data.pickupId)
          ? `cancelled pickup ${data.pickupId} (${data.reason}): no more events for it`
          : `cancellation of pickup ${data.pickupId} (${data.reason}) came after the parcel was collected: delivering it all the same`,
      );
    } else if (eventClass === PickupBooked) {
      this.book(decoded.data as PickupBooked, traceparent);
    }
  }

  /** `traceparent`: the booking's; its tracking events continue that trace, as an instrumented partner's would. */
  private book(booking: PickupBooked, traceparent: string | undefined): void {
    const attempt = `pickup ${booking.pickupId} attempt ${booking.attempt}`;
    const decision = this.ledger.book(booking);
    if (!decision.plan) {
      this.report(`ignored booking of ${attempt}: ${decision.why}`);
      return;
    }
    const plan = this.plan(booking);
    this.report(`booked ${attempt} (${booking.method}): ${plan.map(describe).join(', ')}`);
    this.startFollowing(booking, plan, traceparent);
  }

  /**
   * Takes up again the pickups a previous run left under way: false when they cannot be learned now
   * (the service may be restarting too), after saying why and that it asks again in `retryMs`.
   */
  private async resume(inFlight: PickupsInFlight, retryMs: number): Promise<boolean> {
    let pickups;
    try {
      pickups = await inFlight(this.options.partnerId);
    } catch (error) {
      this.report(
        `cannot learn the pickups left under way (${(error as Error).message}); asking again in ${retryMs} ms`,
      );
      return false;
    }
    const resumed: string[] = [];
    for (const pickup of pickups) {
      // The ledger keeps an attempt read from Kafka meanwhile, or cancelled, from being planned twice.
      if (!this.ledger.book(pickup).plan) continue;
      const plan = stepsLeft(this.plan(pickup), pickup.state);
      resumed.push(
        `pickup ${pickup.pickupId} attempt ${pickup.attempt} (${pickup.state}): ${plan.map(describe).join(', ')}`,
      );
      this.startFollowing(pickup, plan, undefined);
    }
    this.report(
      resumed.length === 0
        ? 'resumed nothing: no pickup was left under way'
        : `resumed ${resumed.length} pickup(s) left under way: ${resumed.join('; ')}`,
    );
    return true;
  }

  /** Asks again, with back-off, until the pickups under way are learned or the simulator stops. */
  private async keepResuming(inFlight: PickupsInFlight, firstRetryMs: number): Promise<void> {
    let retryMs = firstRetryMs;
    for (let failures = 1; await this.wait(retryMs); failures++) {
      retryMs = backoffDelay(SEND_RETRY, failures + 1);
      if (await this.resume(inFlight, retryMs)) return;
    }
  }

  private plan(booking: BookedAttempt): PlannedReport[] {
    const random = bookingRandom(this.options.seed, booking.pickupId, booking.attempt);
    return planTracking(booking, this.options, random, new Date());
  }

  private startFollowing(
    booking: BookedAttempt,
    plan: readonly PlannedReport[],
    traceparent: string | undefined,
  ): void {
    const following: Promise<void> = this.follow(booking, plan, traceparent).finally(() =>
      this.following.delete(following),
    );
    this.following.add(following);
  }

  private async follow(
    booking: BookedAttempt,
    plan: readonly PlannedReport[],
    traceparent: string | undefined,
  ): Promise<void> {
    for (const step of plan) {
      const sent = (await this.wait(step.delayMs)) && (await this.enqueue(() => this.send(booking, step, traceparent)));
      if (!sent) {
        if (this.stopping.signal.aborted && this.ledger.isCurrent(booking.pickupId, booking.attempt)) {
          this.interrupted.push(`pickup ${booking.pickupId} attempt ${booking.attempt}`);
        }
        return;
      }
    }
  }

  /** One send at a time: progress lines come in send order, and a failing send holds the others back. */
  private enqueue(send: () => Promise<boolean>): Promise<boolean> {
    const sent = this.sending.then(send);
    this.sending = sent;
    return sent;
  }

  /** False when the event was not sent: the attempt is no longer current, or the simulator is stopping. */
  private async send(booking: BookedAttempt, step: PlannedReport, traceparent: string | undefined): Promise<boolean> {
    // Checked when the event's turn comes: a cancellation may have been read while it waited.
    if (!this.ledger.isCurrent(booking.pickupId, booking.attempt)) return false;
    for (let failures = 0; !this.stopping.signal.aborted; failures++) {
      try {
        const trace = traceparent && formatTraceparent(childSpan(parseTraceparent(traceparent)));
        await this.producer.send([
          { topic: this.trackingTopic, ...encodeEvent({ ...step.event, ...(trace && { traceparent: trace }) }) },
        ]);
        this.report(
          `sent ${describe(step)} for pickup ${booking.pickupId} attempt ${booking.attempt}, id ${step.event.id}`,
        );
        if (step.event.data.status === 'picked_up') this.ledger.collected(booking.pickupId, booking.attempt);
        return true;
      } catch (error) {
        const retryMs = backoffDelay(SEND_RETRY, failures + 1);
        this.report(`sending ${describe(step)} failed (${(error as Error).message}); retrying in ${retryMs} ms`);
        await this.wait(retryMs);
      }
    }
    return false;
  }

  /** False when the wait was cut short by stopping. */
  private async wait(ms: number): Promise<boolean> {
    if (ms > 0) await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    return !this.stopping.signal.aborted;
  }
}

function describe(step: PlannedReport): string {
  const { status, reason, location, warehouseId } = step.event.data;
  const detail = reason ? ` (${reason})` : location ? ` at ${location}` : warehouseId ? ` to ${warehouseId}` : '';
  const flags = [step.duplicate && 'duplicate', step.late && 'late'].filter(Boolean).join(', ');
  return `${status}${detail}${flags ? ` [${flags}]` : ''}`;
}
