/**
 * The partner simulator on the real broker, in a topic namespace of its own: bookings published on a
 * partner's bookings topic come back as tracking events on its tracking topic. Each test plays
 * another partner, so each has its own topics and consumer group; the simulator creates the topics.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  PartnerTopics,
  PartnerTrackingEvents,
  PickupBooked,
  PickupBookingCancelled,
  TrackingReported,
  decodeEvent,
  encodeEvent,
} from '@rebound/contracts';
import { kafkaConnection, KafkaJsBroker, logicalTopic, physicalTopic } from '@rebound/kafka';
import { createLogger } from '@rebound/observability';
import {
  SeenMessage,
  TestConsumer,
  TsProcess,
  deleteNamespacedTopics,
  produce,
  testNamespace,
  uniqueName,
} from '@rebound/testing';
import { callJson } from '../platform/call-json';
import { PartnerSimulator } from './partner-simulator';
import { pickupSchedulingInFlight } from './pickups-in-flight';
import { SimulatorOptions } from './simulator-options';
import { SUCCESSFUL_PICKUP, calm, pickupBooked } from './test/simulation.fixture';

jest.setTimeout(120_000);

type BookingMessage = [typeof PickupBooked, PickupBooked] | [typeof PickupBookingCancelled, PickupBookingCancelled];

const fastAndReliable: Omit<SimulatorOptions, 'partnerId'> = {
  ...calm,
  seed: 1,
  fromBeginning: true,
  partitions: 3,
};

describe('the partner simulator on a real broker', () => {
  const namespace = testNamespace('partner-sim');
  const broker = new KafkaJsBroker({
    connection: kafkaConnection(),
    clientId: 'partner-sim-tests',
    logger: createLogger({ service: 'partner-sim-tests', level: 'silent' }),
    namespace,
  });
  const cleanup: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
    await deleteNamespacedTopics(broker);
  });

  /**
   * Starts a simulator in-process playing a partner of its own (or `partnerId`, a run of the same
   * partner after another), and reads that partner's tracking topic.
   */
  async function simulate(options: Partial<SimulatorOptions> = {}, resumeFrom?: string) {
    const partnerId = options.partnerId ?? uniqueName('acme', '-');
    const lines: string[] = [];
    const simulator = new PartnerSimulator(
      broker,
      { ...fastAndReliable, ...options, partnerId },
      (line) => lines.push(line),
      resumeFrom === undefined ? undefined : pickupSchedulingInFlight(resumeFrom, callJson),
    );
    await simulator.start();
    let stopped: Promise<void> | undefined;
    const stop = () => (stopped ??= simulator.stop());
    cleanup.push(stop);
    const tracking = await TestConsumer.start([physicalTopic(namespace, PartnerTopics.tracking.nameFor(partnerId))]);
    cleanup.push(() => tracking.stop());
    return { partnerId, lines, tracking, stop };
  }

  /**
   * pickup-scheduling's read API as far as the simulator's resume uses it, for one pickup: its state
   * is the furthest status the partner's tracking topic shows for it, as pickup-scheduling would
   * apply them. The token the simulator would send is not checked.
   */
  async function pickupSchedulingOf(booking: PickupBooked, partnerId: string, tracking: TestConsumer) {
    const stateNow = () => {
      const order = [
        'scheduled',
        ...SUCCESSFUL_PICKUP.map((status) => (status === 'delivered_to_warehouse' ? 'delivered' : status)),
      ];
      const seen = reports(tracking.messages, booking.pickupId).map((event) =>
        event.data.status === 'delivered_to_warehouse' ? 'delivered' : event.data.status,
      );
      return order[Math.max(0, ...seen.map((status) => order.indexOf(status)))];
    };
    const pickup = () => ({ ...booking, partnerId, state: stateNow() });
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://stub');
      const answer = (body: unknown) =>
        response.setHeader('content-type', 'application/json').end(JSON.stringify(body));
      if (url.pathname === '/v1/pickups') {
        const listed = url.searchParams.get('partnerId') === partnerId && url.searchParams.get('state') === stateNow();
        answer({ items: listed ? [pickup()] : [], nextCursor: null });
      } else if (url.pathname === `/v1/pickups/${booking.pickupId}`) {
        answer(pickup());
      } else {
        response.statusCode = 404;
        answer({ title: 'not found' });
      }
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    cleanup.push(() => new Promise((closed) => server.close(closed)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Publishes booking events the way pickup-scheduling does: keyed by the return, in one send. */
  async function publish(partnerId: string, events: BookingMessage[]) {
    await produce(
      physicalTopic(namespace, PartnerTopics.bookings.nameFor(partnerId)),
      events.map(([eventClass, data]) =>
        encodeEvent({
          id: randomUUID(),
          type: eventClass.eventType,
          source: '/rebound/pickup-scheduling',
          subject: data.returnId,
          time: new Date(),
          data,
        }),
      ),
    );
  }

  /** The pickup's tracking events as Rebound would decode them (throws on an invalid one). */
  function reports(messages: readonly SeenMessage[], pickupId: string) {
    return messages
      .filter((message) => message.key === pickupId)
      .map((message) => {
        const event = decodeEvent(
          logicalTopic(namespace, message.topic),
          message.value === null ? null : Buffer.from(message.value),
          message.headers,
          PartnerTrackingEvents,
        );
        expect(event.data).toBeInstanceOf(TrackingReported);
        return { ...event, data: event.data as TrackingReported };
      });
  }

  async function waitForReports(tracking: TestConsumer, pickupId: string, count: number) {
    const seen = await tracking.waitFor(`${count} tracking events for pickup ${pickupId}`, (messages) => {
      return reports(messages, pickupId).length >= count;
    });
    return reports(seen, pickupId);
  }

  it('creates the partner topics and reports a booked pickup out for pickup, picked up, in transit and delivered', async () => {
    const { partnerId, lines, tracking } = await simulate();
    const booking = pickupBooked();

    await publish(partnerId, [[PickupBooked, booking]]);

    const events = await waitForReports(tracking, booking.pickupId, 4);
    expect(events.map((event) => event.data.status)).toEqual(SUCCESSFUL_PICKUP);
    for (const event of events) {
      expect(event).toMatchObject({
        type: 'TrackingReported',
        source: `/partners/${partnerId}`,
        subject: booking.pickupId,
        data: { pickupId: booking.pickupId },
      });
    }
    expect(new Set(events.map((event) => event.id)).size).toBe(4);
    expect(events[3].data.warehouseId).toBe(booking.destinationWarehouseId);
    expect(lines).toContain(`created topic ${PartnerTopics.bookings.nameFor(partnerId)} (3 partitions)`);
    expect(lines).toContain(`created topic ${PartnerTopics.tracking.nameFor(partnerId)} (3 partitions)`);
  });

  it('reports a failed attempt, waits for the rebooking, and carries attempt 2 through to the warehouse', async () => {
    const { partnerId, tracking } = await simulate({ failureRate: 1, maxFailedAttempts: 1 });
    const booking = pickupBooked();

    await publish(partnerId, [[PickupBooked, booking]]);
    const failed = await waitForReports(tracking, booking.pickupId, 2);
    expect(failed.map((event) => event.data.status)).toEqual(['out_for_pickup', 'attempt_failed']);
    expect(failed[1].data.reason).toEqual(expect.any(String));

    await publish(partnerId, [[PickupBooked, { ...booking, attempt: 2 }]]);
    const all = await waitForReports(tracking, booking.pickupId, 6);
    expect(all.map((event) => event.data.status)).toEqual(['out_for_pickup', 'attempt_failed', ...SUCCESSFUL_PICKUP]);
  });

  it('sends nothing for a booking cancelled before its first event', async () => {
    // One partition: the other pickup's last event arriving proves the cancelled one's would have come first.
    const { partnerId, lines, tracking } = await simulate({ minDelayMs: 200, maxDelayMs: 200, partitions: 1 });
    const cancelled = pickupBooked();
    const other = pickupBooked({ returnId: cancelled.returnId });

    await publish(partnerId, [
      [PickupBooked, cancelled],
      [
        PickupBookingCancelled,
        { pickupId: cancelled.pickupId, returnId: cancelled.returnId, reason: 'return cancelled' },
      ],
      [PickupBooked, other],
    ]);

    await waitForReports(tracking, other.pickupId, 4);
    expect(reports(tracking.messages, cancelled.pickupId)).toEqual([]);
    expect(lines).toContain(`cancelled pickup ${cancelled.pickupId} (return cancelled): no more events for it`);
  });

  it('resumes, after a restart, the plan of a booking it had read, sending only the events the pickup has not reached', async () => {
    // The first run waits long enough between events to be stopped halfway; the second sends at once.
    const first = await simulate({ minDelayMs: 1_500, maxDelayMs: 1_500 });
    const { partnerId, tracking } = first;
    const booking = pickupBooked();
    const resumeFrom = await pickupSchedulingOf(booking, partnerId, tracking);

    await publish(partnerId, [[PickupBooked, booking]]);
    await waitForReports(tracking, booking.pickupId, 2);
    await first.stop();
    expect(first.lines.at(-1)).toBe(
      `stopped; 1 plan(s) had events left to send, which a restart without --resume-from does not resume: pickup ${booking.pickupId} attempt 1`,
    );
    const sentBefore = reports(tracking.messages, booking.pickupId);
    expect(sentBefore.map((event) => event.data.status)).toEqual(['out_for_pickup', 'picked_up']);

    // Its booking's offset was committed: only pickup-scheduling's record brings it back.
    const second = await simulate({ partnerId }, resumeFrom);
    const events = await waitForReports(tracking, booking.pickupId, 4);

    expect(events.map((event) => event.data.status)).toEqual(SUCCESSFUL_PICKUP);
    expect(events.slice(0, 2)).toEqual(sentBefore);
    expect(new Set(events.map((event) => event.id)).size).toBe(4);
    expect(events[3].data.warehouseId).toBe(booking.destinationWarehouseId);
    expect(second.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^resumed 1 pickup\\(s\\) left under way: pickup ${booking.pickupId} attempt 1 \\(picked_up\\): in_transit at .+, delivered_to_warehouse to wh-berlin$`,
        ),
      ),
    );
    // Nothing more comes for it: the redelivered steps were left out, not sent again.
    await second.stop();
    expect(reports(tracking.messages, booking.pickupId)).toHaveLength(4);
  });

  it('runs from the command line and, on SIGTERM, finishes, disconnects and exits 0', async () => {
    const partnerId = uniqueName('acme-cli', '-');
    const child = TsProcess.spawn(
      'scripts/partner-sim/main.ts',
      { KAFKA_TOPIC_NAMESPACE: namespace, LOG_LEVEL: 'warn' },
      'partner-sim',
      ['--partner', partnerId, '--delay', '0', '--from-beginning'],
    );
    cleanup.push(async () => child.kill('SIGKILL'));
    await child.waitForLine(/playing acme-cli/);
    const booking = pickupBooked();

    await publish(partnerId, [[PickupBooked, booking]]);
    await child.waitForLine(/sent delivered_to_warehouse to wh-berlin/);
    child.kill('SIGTERM');

    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.lines.at(-1)).toMatch(/ stopped$/);
  });

  it('refuses bad options from the command line with exit code 2, naming each', async () => {
    const child = TsProcess.spawn('scripts/partner-sim/main.ts', {}, 'partner-sim', [
      '--partner',
      'acme',
      '--failure-rate',
      '2',
      '--delay',
      'soon',
    ]);

    expect(await child.exited).toEqual({ code: 2, signal: null });
    expect(child.lines).toEqual([
      'invalid options:',
      '  - --delay "soon" must be milliseconds: one number (0 = no wait) or a range like 500-2000',
      '  - --failure-rate "2" must be a number from 0 to 1 (a probability, e.g. 0.2)',
      'run with --help for the options',
    ]);
  });
});
