/**
 * What checking a consumed event's payload costs (see docs/performance.md): the same internal
 * events, as JSON text, parsed and checked by class-validator (`toValidPayload`, what every
 * consumed event met before) and by the validator compiled from the event's JSON Schema
 * (`toCheckedPayload`, what internal events meet now), in one process, alternating rounds so
 * both see the same machine. Needs nothing running.
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
  toValidPayload,
  type EventClass,
} from '@rebound/contracts';
import { GRADED_REFUNDABLE_FRACTIONS, approvedReturnEvent } from '@rebound/testing';
import { Figure, formatTable, percentile } from './stats';

interface Sample {
  readonly eventClass: EventClass;
  readonly json: string;
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
    { eventClass: ReturnApproved, json: JSON.stringify(approved) },
    { eventClass: InspectionCompleted, json: JSON.stringify(inspected) },
    { eventClass: RefundIssued, json: JSON.stringify(refunded) },
    { eventClass: ParcelDeliveredToWarehouse, json: JSON.stringify(delivered) },
  ];
}

type Check = (eventClass: EventClass, data: unknown) => object;

/** Events per second through `check`, each parsed from its JSON text as a consumer parses it. */
function eventsPerSecond(check: Check, events: readonly Sample[], count: number): number {
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index += 1) {
    const { eventClass, json } = events[index % events.length];
    check(eventClass, JSON.parse(json));
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
  // Both accept every sample, or the comparison would time an error path.
  for (const { eventClass, json } of events) {
    toValidPayload(eventClass, JSON.parse(json));
    toCheckedPayload(eventClass, JSON.parse(json));
  }
  const parseOnly: Check = (_eventClass, data) => data as object;
  const rates = { parse: [] as number[], classValidator: [] as number[], compiled: [] as number[] };
  // The first round warms both up (the compiled validators are built on first use) and is not counted.
  for (let round = 0; round <= rounds; round += 1) {
    const parse = eventsPerSecond(parseOnly, events, count);
    const classValidator = eventsPerSecond(toValidPayload, events, count);
    const compiled = eventsPerSecond(toCheckedPayload, events, count);
    if (round === 0) continue;
    rates.parse.push(parse);
    rates.classValidator.push(classValidator);
    rates.compiled.push(compiled);
  }
  const median = (samples: readonly number[]) => percentile(samples, 50);
  const classValidator = median(rates.classValidator);
  const compiled = median(rates.compiled);
  const parse = median(rates.parse);
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
  ];
  console.log(
    `${events.length} internal events (${events.map((event) => event.eventClass.eventType).join(', ')}), ` +
      `${count} per round, median of ${rounds} rounds, Node ${process.version}\n`,
  );
  console.log(formatTable(figures));
  for (const figure of figures) if (figure.note) console.log(`  ${figure.name}: ${figure.note}`);
}

main();
