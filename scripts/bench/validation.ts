/**
 * What checking an event's payload costs (see docs/performance.md): the same internal events, as
 * JSON text, parsed and checked by class-validator (`toValidPayload`, what every consumed event met
 * before) and by the validator compiled from the event's JSON Schema (`toCheckedPayload`, what
 * internal events meet now); and as the objects a service publishes, checked and serialised for
 * the outbox row, by class-validator (what publishing did before) and by the compiled validator on
 * a copy (`toPublishedPayload`, what it does now). In one process, alternating rounds so all see
 * the same machine. Needs nothing running.
 *   npx nx run scripts:bench-validation [--rounds 7] [--events 20000]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  InspectionCompleted,
  ParcelDeliveredToWarehouse,
  RefundIssued,
  ReturnApproved,
  toCheckedPayload,
  toPublishedPayload,
  toValidPayload,
  type EventClass,
} from '@rebound/contracts';
import { GRADED_REFUNDABLE_FRACTIONS, approvedReturnEvent } from '@rebound/testing';
import { Figure, formatTable, percentile } from './stats';

interface Sample {
  readonly eventClass: EventClass;
  readonly json: string;
  /** The object a service would hand to the outbox. */
  readonly data: object;
}

function line(index: number) {
  return {
    lineId: `line-${index}`,
    sku: `SKU-${index}`,
    category: 'apparel',
    quantity: 1 + index,
    reasonCode: 'wrong_size',
    unitPriceMinor: 4999,
    restockingFeeMinor: 0,
  };
}

/** Internal events of the sizes the lifecycle sends: a return of three lines, its inspection, refund and arrival. */
function samples(): Sample[] {
  const approved = approvedReturnEvent({
    lines: [line(1), line(2), line(3)],
    refundableFractions: GRADED_REFUNDABLE_FRACTIONS,
  });
  const { returnId, orderId } = approved;
  const inspected = {
    inspectionId: randomUUID(),
    returnId,
    orderId,
    warehouseId: 'wh-berlin',
    lines: [1, 2, 3].map((index) => ({
      lineId: `line-${index}`,
      sku: `SKU-${index}`,
      expectedQuantity: 1,
      receivedQuantity: 1,
      grade: 'B',
      disposition: 'refurbish',
      refundableFraction: 0.7,
      flags: [],
    })),
    completedAt: '2026-12-01T16:30:00Z',
  };
  const refunded = {
    refundId: randomUUID(),
    returnId,
    orderId,
    currency: 'EUR',
    amountMinor: 20_649,
    method: 'original_payment',
    phase: 'final',
    providerReference: 're_1',
    charges: [{ chargeId: 'ch_card', amountMinor: 20_649, providerReference: 're_1' }],
  };
  const delivered = { pickupId: randomUUID(), returnId, partnerId: 'acme-logistics', warehouseId: 'wh-berlin' };
  return [
    { eventClass: ReturnApproved, json: JSON.stringify(approved), data: approved },
    { eventClass: InspectionCompleted, json: JSON.stringify(inspected), data: inspected },
    { eventClass: RefundIssued, json: JSON.stringify(refunded), data: refunded },
    { eventClass: ParcelDeliveredToWarehouse, json: JSON.stringify(delivered), data: delivered },
  ];
}

type Check = (eventClass: EventClass, data: object) => object;

/** Events per second through `check`, each parsed from its JSON text as a consumer parses it. */
function consumedPerSecond(check: Check, events: readonly Sample[], count: number): number {
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index += 1) {
    const { eventClass, json } = events[index % events.length];
    check(eventClass, JSON.parse(json));
  }
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Events per second through `check`, each from the object handed over, then serialised as its outbox row is. */
function publishedPerSecond(check: Check, events: readonly Sample[], count: number): number {
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index += 1) {
    const { eventClass, data } = events[index % events.length];
    JSON.stringify(check(eventClass, data));
  }
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

function main(): void {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '7' }, events: { type: 'string', default: '20000' } },
  });
  const rounds = Number(values.rounds);
  const count = Number(values.events);
  const events = samples();
  // Each accepts every sample, or the comparison would time an error path.
  for (const { eventClass, json, data } of events) {
    toValidPayload(eventClass, JSON.parse(json));
    toCheckedPayload(eventClass, JSON.parse(json));
    toPublishedPayload(eventClass, data);
  }
  const asItIs: Check = (_eventClass, data) => data;
  const rates = {
    parse: [] as number[],
    classValidator: [] as number[],
    compiled: [] as number[],
    serialise: [] as number[],
    publishedClassValidator: [] as number[],
    publishedCompiled: [] as number[],
  };
  // The first round warms all up (the compiled validators are built on first use) and is not counted.
  for (let round = 0; round <= rounds; round += 1) {
    const measured = {
      parse: consumedPerSecond(asItIs, events, count),
      classValidator: consumedPerSecond(toValidPayload, events, count),
      compiled: consumedPerSecond(toCheckedPayload, events, count),
      serialise: publishedPerSecond(asItIs, events, count),
      publishedClassValidator: publishedPerSecond(toValidPayload, events, count),
      publishedCompiled: publishedPerSecond(toPublishedPayload, events, count),
    };
    if (round === 0) continue;
    for (const [name, rate] of Object.entries(measured)) rates[name as keyof typeof rates].push(rate);
  }
  const median = (samples: readonly number[]) => percentile(samples, 50);
  const classValidator = median(rates.classValidator);
  const compiled = median(rates.compiled);
  const parse = median(rates.parse);
  const serialise = median(rates.serialise);
  const publishedClassValidator = median(rates.publishedClassValidator);
  const publishedCompiled = median(rates.publishedCompiled);
  const figures: Figure[] = [
    { name: 'JSON.parse only', value: parse, unit: 'events/s' },
    {
      name: 'parse + class-validator',
      value: classValidator,
      unit: 'events/s',
      note: `${(1e6 / classValidator).toFixed(1)} µs per event`,
    },
    {
      name: 'parse + compiled schema',
      value: compiled,
      unit: 'events/s',
      ceiling: { name: 'JSON.parse only', value: parse, unit: 'events/s' },
      ratio: compiled / parse,
      note: `${(1e6 / compiled).toFixed(1)} µs per event, ${(compiled / classValidator).toFixed(1)}× class-validator's rate`,
    },
    { name: 'JSON.stringify only', value: serialise, unit: 'events/s' },
    {
      name: 'class-validator + stringify',
      value: publishedClassValidator,
      unit: 'events/s',
      note: `${(1e6 / publishedClassValidator).toFixed(1)} µs per published event`,
    },
    {
      name: 'copy + compiled + stringify',
      value: publishedCompiled,
      unit: 'events/s',
      ceiling: { name: 'JSON.stringify only', value: serialise, unit: 'events/s' },
      ratio: publishedCompiled / serialise,
      note:
        `${(1e6 / publishedCompiled).toFixed(1)} µs per published event, ` +
        `${(publishedCompiled / publishedClassValidator).toFixed(1)}× class-validator's rate`,
    },
  ];
  console.log(
    `${events.length} internal events (${events.map((event) => event.eventClass.eventType).join(', ')}), ` +
      `${count} per round, median of ${rounds} rounds, Node ${process.version}\n`,
  );
  console.log(formatTable(figures));
  for (const figure of figures) if (figure.note) console.log(`  ${figure.name}: ${figure.note}`);
}

main();
