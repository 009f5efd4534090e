/**
 * What a run counts once it is over (docs/reliability.md, "What a run counts"): the returns it drove
 * and how each ended, every event from outbox to Kafka to each consumer group's inbox, the money the
 * payment provider moved against the refunds ledger, stock levels against the inventory ledger, the
 * timeline against the lifecycle events on Kafka, and the dead letters against the poison the run
 * injected. `invariantsOf` compares the facts (pure); `countInvariants` reads them first.
 */
import { Topics, allServices, topicMatches } from '@rebound/contracts';
import type { DeadLetterEntry } from '../dlt/dead-letter-entry';
import { DuplicateEffect, RunFacts, RunSources, STOCK_BUCKETS, TopicMessage, readRunFacts } from './run-facts';
import { FINAL_RETURN_STATUSES, HANDLED_EVENT_TYPES } from './service-facts';

export interface DrivenReturn {
  readonly returnId: string;
  /** The status it should end in, when the run knows. */
  readonly expected?: string;
}

export interface InvariantOptions extends RunSources {
  readonly returns: readonly DrivenReturn[];
  /** Ids and keys of the poison messages the run injected: the only dead letters it expects. */
  readonly injectedPoison?: Iterable<string>;
}

export interface ReturnsCount {
  readonly driven: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Driven, but returns-intake has no such return. */
  readonly unknown: readonly string[];
  readonly notFinal: readonly { readonly returnId: string; readonly status: string }[];
  readonly unexpected: readonly { readonly returnId: string; readonly expected: string; readonly status: string }[];
}

/** An event on a topic a service consumes, of a type it handles, that it neither applied nor dead-lettered. */
export interface LostEvent {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly eventId: string | null;
  readonly eventType: string | null;
}

export interface ServiceEvents {
  readonly service: string;
  readonly outbox: {
    readonly written: number;
    readonly published: number;
    /** Published rows found on their topic. */
    readonly onKafka: number;
    readonly unpublished: readonly string[];
    readonly parked: readonly string[];
    /** Published according to the outbox, yet not on the (uncompacted) topic. */
    readonly missingOnKafka: readonly string[];
  };
  /** Distinct events on the topics it consumes, of the types it handles. */
  readonly handled: number;
  readonly applied: number;
  readonly deadLettered: number;
  readonly lost: readonly LostEvent[];
  /** Events on its topics more than once (at-least-once delivery: the inbox makes them harmless). */
  readonly redelivered: number;
}

export interface EventsCount {
  readonly services: readonly ServiceEvents[];
  /** Effects recorded more than once for what should have made one. */
  readonly appliedTwice: readonly DuplicateEffect[];
}

export interface RefundMoney {
  readonly refundId: string;
  readonly returnId: string;
  readonly phase: string;
  readonly state: string;
  readonly amountMinor: number;
  /** Succeeded parts per the refunds ledger, and what the provider applied under their keys. */
  readonly recordedMinor: number;
  readonly providerMinor: number;
  readonly problems: readonly string[];
}

export interface MoneyCount {
  /** Refunds of the driven returns paid through the provider (store credit is not). */
  readonly refunds: readonly RefundMoney[];
  readonly recordedMinor: number;
  readonly providerMinor: number;
  /** Provider payments under a key naming no refund the refunds service has. */
  readonly unknownToRefunds: readonly string[];
}

export interface StockDifference {
  readonly sku: string;
  readonly warehouseId: string;
  readonly bucket: string;
  readonly level: number;
  readonly ledger: number;
}

export interface StockCount {
  readonly places: number;
  readonly differences: readonly StockDifference[];
}

export interface TimelineCount {
  /** Entries about the driven returns. */
  readonly entries: number;
  readonly duplicates: readonly string[];
  /** Lifecycle events on Kafka about a driven return. */
  readonly lifecycleEvents: number;
  readonly missing: readonly { readonly returnId: string; readonly eventId: string; readonly eventType: string }[];
}

export interface DeadLetterSummary {
  readonly service: string;
  readonly partition: number;
  readonly offset: string;
  readonly originalTopic: string | null;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly key: string | null;
  readonly errorKind: string | null;
  readonly error: string | null;
}

export interface DeadLettersCount {
  readonly entries: readonly DeadLetterSummary[];
  /** Dead letters that are none of the injected poison. */
  readonly unexpected: readonly DeadLetterSummary[];
}

export interface InvariantsReport {
  readonly returns: ReturnsCount;
  readonly events: EventsCount;
  readonly money: MoneyCount;
  readonly stock: StockCount;
  readonly timeline: TimelineCount;
  readonly deadLetters: DeadLettersCount;
}

/** Reads what the run left behind and counts it. */
export async function countInvariants(options: InvariantOptions): Promise<InvariantsReport> {
  return invariantsOf(await readRunFacts(options), options.returns, new Set(options.injectedPoison ?? []));
}

export function invariantsOf(
  facts: RunFacts,
  driven: readonly DrivenReturn[],
  injectedPoison: ReadonlySet<string> = new Set(),
): InvariantsReport {
  const drivenIds = new Set(driven.map(({ returnId }) => returnId));
  return {
    returns: countReturns(facts, driven),
    events: countEvents(facts),
    money: countMoney(facts, drivenIds),
    stock: countStock(facts),
    timeline: countTimeline(facts, drivenIds),
    deadLetters: countDeadLetters(facts, injectedPoison),
  };
}

export function countReturns(facts: Pick<RunFacts, 'returns'>, driven: readonly DrivenReturn[]): ReturnsCount {
  const statusOf = new Map(facts.returns.map(({ returnId, status }) => [returnId, status]));
  const byStatus: Record<string, number> = {};
  const unknown: string[] = [];
  const notFinal: { returnId: string; status: string }[] = [];
  const unexpected: { returnId: string; expected: string; status: string }[] = [];
  for (const { returnId, expected } of driven) {
    const status = statusOf.get(returnId);
    if (status === undefined) {
      unknown.push(returnId);
      continue;
    }
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (!FINAL_RETURN_STATUSES.includes(status)) notFinal.push({ returnId, status });
    if (expected !== undefined && expected !== status) unexpected.push({ returnId, expected, status });
  }
  return { driven: driven.length, byStatus, unknown, notFinal, unexpected };
}

const eventKey = (topic: string, eventId: string) => `${topic} ${eventId}`;
const coordinates = (topic: string | null, partition: number | null, offset: string | null) =>
  `${topic}:${partition}:${offset}`;
/** An event by its id on its topic; a message without an id (poison) by where it sits. */
const messageKey = (message: TopicMessage) =>
  message.eventId
    ? eventKey(message.topic, message.eventId)
    : coordinates(message.topic, message.partition, message.offset);
/** Where a dead letter came from, as `messageKey` names it, and by its original coordinates. */
const letterKeys = (letter: DeadLetterEntry) => [
  ...(letter.eventId && letter.originalTopic ? [eventKey(letter.originalTopic, letter.eventId)] : []),
  coordinates(letter.originalTopic, letter.originalPartition, letter.originalOffset),
];

export function countEvents(
  facts: Pick<RunFacts, 'outbox' | 'inbox' | 'topics' | 'compactedTopics' | 'deadLetters' | 'duplicateEffects'>,
): EventsCount {
  const onKafka = new Set(facts.topics.map(messageKey));
  const compacted = new Set(facts.compactedTopics);
  const services = allServices().map((service): ServiceEvents => {
    const outbox = facts.outbox[service.name] ?? [];
    const handledTypes = HANDLED_EVENT_TYPES[service.name] ?? [];
    const consumed = facts.topics.filter(
      (message) =>
        service.consumes.some((ref) => topicMatches(ref, message.topic)) &&
        // A message without an id or type is poison the consumer dead-letters: it is accounted for too.
        (message.eventType === null || message.eventId === null || handledTypes.includes(message.eventType)),
    );
    const distinct = new Map<string, TopicMessage>();
    for (const message of consumed) if (!distinct.has(messageKey(message))) distinct.set(messageKey(message), message);
    const inbox = facts.inbox[service.name] ?? [];
    const done = new Set(inbox.map((row) => eventKey(row.topic, row.eventId)));
    const letters = facts.deadLetters[service.name] ?? [];
    const deadLettered = new Set(letters.flatMap(letterKeys));
    const lost = [...distinct.entries()]
      .filter(
        ([key, message]) =>
          !done.has(key) &&
          !deadLettered.has(key) &&
          !deadLettered.has(coordinates(message.topic, message.partition, message.offset)),
      )
      .map(([, { topic, partition, offset, eventId, eventType }]) => ({
        topic,
        partition,
        offset,
        eventId,
        eventType,
      }));
    return {
      service: service.name,
      outbox: {
        written: outbox.length,
        published: outbox.filter((row) => row.published).length,
        onKafka: outbox.filter((row) => row.published && onKafka.has(eventKey(row.topic, row.eventId))).length,
        unpublished: outbox.filter((row) => !row.published && !row.parked).map((row) => row.eventId),
        parked: outbox.filter((row) => row.parked).map((row) => row.eventId),
        missingOnKafka: outbox
          .filter((row) => row.published && !compacted.has(row.topic) && !onKafka.has(eventKey(row.topic, row.eventId)))
          .map((row) => row.eventId),
      },
      handled: distinct.size,
      applied: inbox.filter((row) => row.outcome === 'applied').length,
      deadLettered: new Set([
        ...inbox.filter((row) => row.outcome === 'dead-lettered').map((row) => eventKey(row.topic, row.eventId)),
        ...letters.map((letter) => letterKeys(letter)[0]),
      ]).size,
      lost,
      redelivered: consumed.length - distinct.size,
    };
  });
  return { services, appliedTwice: facts.duplicateEffects };
}

/** Refunds' phases paid by charging the customer through the provider rather than refunding them. */
const CHARGED_PHASES: readonly string[] = ['clawback', 'collection'];

/**
 * Refunds pay through the provider under the key `<refundId>.<part>` (services/refunds domain
 * refund.ts paymentKey): a refund's succeeded parts must be what the provider applied under their
 * keys, amount for amount, and the provider may have applied no more than the refund's amount.
 */
export function countMoney(
  facts: Pick<RunFacts, 'refunds' | 'refundPayments' | 'sandboxPayments'>,
  drivenIds: ReadonlySet<string>,
): MoneyCount {
  const known = new Set(facts.refunds.map((refund) => refund.refundId));
  const refunds = facts.refunds
    .filter((refund) => drivenIds.has(refund.returnId))
    // An exchange's credit moves no money; claw-backs and an exchange's shortfall are charged to the customer.
    .filter((refund) => refund.phase !== 'exchange')
    .filter((refund) => refund.method === 'original_payment' || CHARGED_PHASES.includes(refund.phase))
    .map((refund): RefundMoney => {
      const kind = CHARGED_PHASES.includes(refund.phase) ? 'charge' : 'refund';
      const parts = facts.refundPayments.filter((payment) => payment.refundId === refund.refundId);
      const applied = facts.sandboxPayments.filter(
        (payment) =>
          payment.kind === kind &&
          payment.status === 'succeeded' &&
          payment.idempotencyKey.startsWith(`${refund.refundId}.`),
      );
      const problems: string[] = [];
      for (const part of parts.filter((payment) => payment.state === 'succeeded')) {
        const key = `${refund.refundId}.${part.n}`;
        const provider = applied.find((payment) => payment.idempotencyKey === key);
        if (!provider) problems.push(`part ${part.n} succeeded but the provider applied nothing under ${key}`);
        else if (provider.amountMinor !== part.amountMinor)
          problems.push(`part ${part.n} is ${part.amountMinor}, the provider applied ${provider.amountMinor}`);
      }
      for (const payment of applied) {
        const n = Number(payment.idempotencyKey.slice(refund.refundId.length + 1));
        if (!parts.some((part) => part.n === n && part.state === 'succeeded'))
          problems.push(
            `the provider applied ${payment.amountMinor} under ${payment.idempotencyKey}, not a succeeded part`,
          );
      }
      const recordedMinor = sum(parts.filter((part) => part.state === 'succeeded').map((part) => part.amountMinor));
      const providerMinor = sum(applied.map((payment) => payment.amountMinor));
      if (providerMinor > refund.amountMinor)
        problems.push(`paid twice: the provider applied ${providerMinor} of a ${refund.amountMinor} refund`);
      if (refund.state === 'succeeded' && recordedMinor !== refund.amountMinor)
        problems.push(`succeeded, but its succeeded parts add up to ${recordedMinor} of ${refund.amountMinor}`);
      return {
        refundId: refund.refundId,
        returnId: refund.returnId,
        phase: refund.phase,
        state: refund.state,
        amountMinor: refund.amountMinor,
        recordedMinor,
        providerMinor,
        problems,
      };
    });
  return {
    refunds,
    recordedMinor: sum(refunds.map((refund) => refund.recordedMinor)),
    providerMinor: sum(refunds.map((refund) => refund.providerMinor)),
    unknownToRefunds: facts.sandboxPayments
      .filter((payment) => payment.status === 'succeeded' && !known.has(payment.idempotencyKey.split('.')[0]))
      .map((payment) => `${payment.kind} ${payment.idempotencyKey}`),
  };
}

/** Each stock level, bucket by bucket, is the sum of its ledger movements; expected inbound the open expectations. */
export function countStock(facts: Pick<RunFacts, 'stockLevels' | 'stockFromLedger'>): StockCount {
  const place = (row: { sku: string; warehouseId: string }) => `${row.sku}@${row.warehouseId}`;
  const levels = new Map(facts.stockLevels.map((row) => [place(row), row]));
  const ledger = new Map(facts.stockFromLedger.map((row) => [place(row), row]));
  const places = [...new Set([...levels.keys(), ...ledger.keys()])].sort();
  const differences = places.flatMap((at) => {
    const [sku, warehouseId] = at.split('@');
    return [...STOCK_BUCKETS, 'expected_inbound'].flatMap((bucket) => {
      const level = levels.get(at)?.quantities[bucket] ?? 0;
      const summed = ledger.get(at)?.quantities[bucket] ?? 0;
      return level === summed ? [] : [{ sku, warehouseId, bucket, level, ledger: summed }];
    });
  });
  return { places: places.length, differences };
}

/**
 * The lifecycle events about a return: what returns-intake publishes about it, and the pickup,
 * inspection and refund events it handles. Orders and partner coverage are about no return.
 */
const LIFECYCLE_TOPICS: readonly string[] = [
  Topics.pickupsPickup.name,
  Topics.warehouseInspection.name,
  Topics.refundsRefund.name,
];

export function isLifecycleEvent(message: Pick<TopicMessage, 'topic' | 'eventType'>): boolean {
  if (message.eventType === null) return false;
  if (message.topic === Topics.returnsReturn.name) return true;
  return LIFECYCLE_TOPICS.includes(message.topic) && HANDLED_EVENT_TYPES['returns-intake'].includes(message.eventType);
}

export function countTimeline(
  facts: Pick<RunFacts, 'timeline' | 'topics'>,
  drivenIds: ReadonlySet<string>,
): TimelineCount {
  const entries = facts.timeline.filter((entry) => drivenIds.has(entry.returnId));
  const seen = new Map<string, number>();
  for (const entry of entries) seen.set(entry.eventId, (seen.get(entry.eventId) ?? 0) + 1);
  const lifecycle = new Map<string, TopicMessage>();
  for (const message of facts.topics) {
    if (message.eventId && message.returnId && drivenIds.has(message.returnId) && isLifecycleEvent(message))
      lifecycle.set(message.eventId, message);
  }
  return {
    entries: entries.length,
    duplicates: [...seen].filter(([, count]) => count > 1).map(([eventId]) => eventId),
    lifecycleEvents: lifecycle.size,
    missing: [...lifecycle.values()]
      .filter((message) => !seen.has(message.eventId ?? ''))
      .map((message) => ({
        returnId: message.returnId ?? '',
        eventId: message.eventId ?? '',
        eventType: message.eventType ?? '',
      })),
  };
}

export function countDeadLetters(
  facts: Pick<RunFacts, 'deadLetters'>,
  injectedPoison: ReadonlySet<string>,
): DeadLettersCount {
  const entries = Object.entries(facts.deadLetters).flatMap(([service, letters]) =>
    letters.map((letter: DeadLetterEntry) => ({
      service,
      partition: letter.partition,
      offset: letter.offset,
      originalTopic: letter.originalTopic,
      eventId: letter.eventId,
      eventType: letter.eventType,
      key: letter.key,
      errorKind: letter.errorKind,
      error:
        letter.errorClass || letter.errorMessage ? `${letter.errorClass ?? '-'}: ${letter.errorMessage ?? ''}` : null,
    })),
  );
  return {
    entries,
    unexpected: entries.filter(
      (entry) =>
        !(entry.eventId !== null && injectedPoison.has(entry.eventId)) &&
        !(entry.key !== null && injectedPoison.has(entry.key)),
    ),
  };
}

/** Every broken invariant, one sentence each; empty when the run adds up. */
export function violations(report: InvariantsReport): string[] {
  const found: string[] = [];
  const { returns, events, money, stock, timeline, deadLetters } = report;
  for (const returnId of returns.unknown)
    found.push(`return ${returnId} was driven but returns-intake has no such return`);
  for (const { returnId, status } of returns.notFinal) found.push(`return ${returnId} stopped in ${status}`);
  for (const { returnId, expected, status } of returns.unexpected)
    found.push(`return ${returnId} ended ${status}, expected ${expected}`);
  for (const service of events.services) {
    for (const lost of service.lost)
      found.push(
        `${service.service} lost ${lost.eventType ?? 'a message'} ${lost.eventId ?? ''} (${lost.topic} ${lost.partition}:${lost.offset})`,
      );
    for (const eventId of service.outbox.unpublished)
      found.push(`${service.service} never published outbox event ${eventId}`);
    for (const eventId of service.outbox.parked) found.push(`${service.service} parked outbox event ${eventId}`);
    for (const eventId of service.outbox.missingOnKafka)
      found.push(`${service.service} published outbox event ${eventId}, but it is not on its topic`);
  }
  for (const duplicate of events.appliedTwice)
    found.push(`${duplicate.service}: ${duplicate.count} ${duplicate.effect} for ${duplicate.key}`);
  for (const refund of money.refunds)
    for (const problem of refund.problems) found.push(`refund ${refund.refundId} (${refund.phase}): ${problem}`);
  for (const payment of money.unknownToRefunds) found.push(`the provider applied ${payment}, unknown to refunds`);
  for (const difference of stock.differences)
    found.push(
      `stock ${difference.sku}@${difference.warehouseId} ${difference.bucket} is ${difference.level}, its ledger adds up to ${difference.ledger}`,
    );
  for (const eventId of timeline.duplicates) found.push(`the timeline holds event ${eventId} more than once`);
  for (const missing of timeline.missing)
    found.push(`the timeline of ${missing.returnId} lacks ${missing.eventType} ${missing.eventId}`);
  for (const letter of deadLetters.unexpected)
    found.push(
      `${letter.service} dead-lettered ${letter.eventType ?? 'a message'} ${letter.eventId ?? letter.key ?? ''} from ${letter.originalTopic ?? '-'}: ${letter.error ?? '-'}`,
    );
  return found;
}

/** The report as a table (one row per invariant, its figures, ✓ or ✗) and what broke; or as JSON. */
export function formatInvariants(report: InvariantsReport, { json = false }: { json?: boolean } = {}): string {
  if (json) return JSON.stringify({ ...report, violations: violations(report) }, null, 2);
  const { returns, events, money, stock, timeline, deadLetters } = report;
  const statuses = Object.entries(returns.byStatus)
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
  const rows: [boolean, string, string][] = [
    [
      returns.unknown.length + returns.notFinal.length === 0,
      'returns reached a final state',
      `${returns.driven} driven: ${statuses || 'none found'}`,
    ],
    [returns.unexpected.length === 0, 'returns ended as expected', `${returns.unexpected.length} otherwise`],
    ...events.services.map((service): [boolean, string, string] => {
      const outboxLost =
        service.outbox.unpublished.length + service.outbox.parked.length + service.outbox.missingOnKafka.length;
      return [
        service.lost.length + outboxLost === 0,
        `${service.service}: no event lost`,
        `outbox ${service.outbox.written}: ${service.outbox.published} published, ${service.outbox.onKafka} on Kafka, ` +
          `${outboxLost} lost · ` +
          `consumed ${service.handled}: ${service.applied} applied, ${service.deadLettered} dead-lettered, ` +
          `${service.lost.length} lost · ${service.redelivered} redelivered`,
      ];
    }),
    [events.appliedTwice.length === 0, 'no effect applied twice', `${events.appliedTwice.length} duplicate keys`],
    [
      money.refunds.every((refund) => refund.problems.length === 0) && money.unknownToRefunds.length === 0,
      'money: provider = refunds ledger',
      `${money.refunds.length} refunds: recorded ${money.recordedMinor}, provider ${money.providerMinor}, ` +
        `${money.unknownToRefunds.length} unknown to refunds`,
    ],
    [
      stock.differences.length === 0,
      'stock: levels = ledger',
      `${stock.places} sku@warehouse, ${stock.differences.length} differ`,
    ],
    [
      timeline.duplicates.length + timeline.missing.length === 0,
      'timeline: one entry per fact',
      `${timeline.entries} entries, ${timeline.duplicates.length} twice, ` +
        `${timeline.missing.length} of ${timeline.lifecycleEvents} lifecycle events missing`,
    ],
    [
      deadLetters.unexpected.length === 0,
      'dead letters: only injected poison',
      `${deadLetters.entries.length} dead letters, ${deadLetters.unexpected.length} unexpected`,
    ],
  ];
  const width = Math.max(...rows.map(([, name]) => name.length));
  const table = rows.map(([ok, name, figures]) => `${ok ? '✓' : '✗'} ${name.padEnd(width)}  ${figures}`);
  const broken = violations(report);
  return [...table, ...(broken.length > 0 ? ['', ...broken.map((line) => `  ✗ ${line}`)] : [])].join('\n');
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
