import type { DeadLetterEntry } from '../dlt/dead-letter-entry';
import {
  countDeadLetters,
  countEvents,
  countMoney,
  countReturns,
  countStock,
  countTimeline,
  formatInvariants,
  invariantsOf,
  violations,
} from './invariants';
import type { OutboxRow, RunFacts, TopicMessage } from './run-facts';

const RETURN = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const REFUND = '10000000-0000-4000-8000-000000000001';

function message(topic: string, eventId: string | null, eventType: string | null, offset = 0): TopicMessage {
  return { topic, partition: 0, offset: String(offset), eventId, eventType, returnId: RETURN, key: RETURN };
}

function deadLetter(fields: Partial<DeadLetterEntry>): DeadLetterEntry {
  return {
    partition: 0,
    offset: '0',
    failedAt: null,
    originalTopic: null,
    originalPartition: null,
    originalOffset: null,
    consumerGroup: null,
    eventType: null,
    eventId: null,
    errorKind: 'permanent',
    errorClass: 'InvalidEventError',
    errorMessage: 'status must be one of …',
    attempts: 1,
    failedOnReplay: false,
    key: null,
    value: null,
    ...fields,
  };
}

const published = (eventId: string, topic = 'returns.return.v1'): OutboxRow => ({
  eventId,
  topic,
  eventType: 'ReturnApproved',
  published: true,
  parked: false,
});

const noEvents = { outbox: {}, inbox: {}, topics: [], compactedTopics: [], deadLetters: {}, duplicateEffects: [] };

describe('countReturns', () => {
  it('names the returns that stopped half-way, ended otherwise than expected, or were never known', () => {
    const count = countReturns(
      {
        returns: [
          { returnId: RETURN, status: 'completed' },
          { returnId: OTHER, status: 'inspected' },
        ],
      },
      [{ returnId: RETURN, expected: 'rejected' }, { returnId: OTHER }, { returnId: 'unknown' }],
    );
    expect(count).toEqual({
      driven: 3,
      byStatus: { completed: 1, inspected: 1 },
      unknown: ['unknown'],
      notFinal: [{ returnId: OTHER, status: 'inspected' }],
      unexpected: [{ returnId: RETURN, expected: 'rejected', status: 'completed' }],
    });
  });
});

describe('countEvents', () => {
  const warehouse = (service: string, facts: Partial<Parameters<typeof countEvents>[0]>) =>
    countEvents({ ...noEvents, ...facts }).services.find((events) => events.service === service);

  it('counts an event lost when a group that handles its type neither applied nor dead-lettered it', () => {
    const events = warehouse('warehouse-qc', {
      topics: [
        message('returns.return.v1', 'e1', 'ReturnApproved', 0),
        message('returns.return.v1', 'e2', 'ReturnApproved', 1),
        message('returns.return.v1', 'e3', 'ReturnApproved', 2),
        // Skipped by design: warehouse-qc has no handler for it.
        message('returns.return.v1', 'e4', 'ReturnRejected', 3),
        // A redelivered copy of e1.
        message('returns.return.v1', 'e1', 'ReturnApproved', 4),
      ],
      inbox: {
        'warehouse-qc': [
          { topic: 'returns.return.v1', eventId: 'e1', eventType: 'ReturnApproved', outcome: 'applied' },
          { topic: 'returns.return.v1', eventId: 'e2', eventType: 'ReturnApproved', outcome: 'dead-lettered' },
        ],
      },
    });
    expect(events).toMatchObject({
      handled: 3,
      applied: 1,
      deadLettered: 1,
      redelivered: 1,
      lost: [{ topic: 'returns.return.v1', partition: 0, offset: '2', eventId: 'e3', eventType: 'ReturnApproved' }],
    });
  });

  it('accounts for poison on the dead-letter topic, by event id or, when it has none, by its coordinates', () => {
    const events = warehouse('pickup-scheduling', {
      topics: [
        message('partners.kiezkurier.tracking.v1', 'p1', 'TrackingReported', 0),
        message('partners.kiezkurier.tracking.v1', null, null, 1),
        message('partners.kiezkurier.tracking.v1', null, null, 2),
      ],
      deadLetters: {
        'pickup-scheduling': [
          deadLetter({ originalTopic: 'partners.kiezkurier.tracking.v1', eventId: 'p1' }),
          deadLetter({ originalTopic: 'partners.kiezkurier.tracking.v1', originalPartition: 0, originalOffset: '1' }),
        ],
      },
    });
    expect(events).toMatchObject({ handled: 3, deadLettered: 2, lost: [{ offset: '2', eventId: null }] });
  });

  it('counts outbox rows never published, parked, or published but not on their topic (unless compacted)', () => {
    const events = warehouse('returns-intake', {
      outbox: {
        'returns-intake': [
          published('o1'),
          published('o2'),
          { ...published('o3'), published: false },
          { ...published('o4'), published: false, parked: true },
          published('o5', 'pickups.partner.v1'),
        ],
      },
      topics: [message('returns.return.v1', 'o1', 'ReturnApproved')],
      compactedTopics: ['pickups.partner.v1'],
    });
    expect(events?.outbox).toEqual({
      written: 5,
      published: 3,
      onKafka: 1,
      unpublished: ['o3'],
      parked: ['o4'],
      missingOnKafka: ['o2'],
    });
  });
});

describe('countMoney', () => {
  const refund = {
    refundId: REFUND,
    returnId: RETURN,
    phase: 'final',
    method: 'original_payment',
    state: 'succeeded',
    amountMinor: 4004,
  };
  const paid = (n: number, amountMinor: number, state = 'succeeded') => ({
    refundId: REFUND,
    n,
    chargeId: 'ch_1',
    amountMinor,
    state,
  });
  const provider = (key: string, amountMinor: number, kind: 'refund' | 'charge' = 'refund') => ({
    kind,
    idempotencyKey: key,
    paymentReference: 'ch_1',
    amountMinor,
    status: 'succeeded',
  });

  it('agrees when each succeeded part is what the provider applied under its key', () => {
    const money = countMoney(
      {
        refunds: [refund],
        refundPayments: [paid(1, 4004, 'retried'), paid(2, 4004)],
        sandboxPayments: [{ ...provider(`${REFUND}.1`, 4004), status: 'declined' }, provider(`${REFUND}.2`, 4004)],
      },
      new Set([RETURN]),
    );
    expect(money).toEqual({
      refunds: [expect.objectContaining({ recordedMinor: 4004, providerMinor: 4004, problems: [] })],
      recordedMinor: 4004,
      providerMinor: 4004,
      unknownToRefunds: [],
    });
  });

  it('finds a refund paid twice, a part the provider never applied and money refunds does not know of', () => {
    const money = countMoney(
      {
        refunds: [refund],
        refundPayments: [paid(1, 4004, 'failed'), paid(2, 4004)],
        sandboxPayments: [provider(`${REFUND}.1`, 4004), provider(`${REFUND}.2`, 4000), provider('other.1', 10)],
      },
      new Set([RETURN]),
    );
    expect(money.refunds[0].problems).toEqual([
      'part 2 is 4004, the provider applied 4000',
      `the provider applied 4004 under ${REFUND}.1, not a succeeded part`,
      'paid twice: the provider applied 8004 of a 4004 refund',
    ]);
    expect(money.unknownToRefunds).toEqual(['refund other.1']);
  });

  it('looks for a claw-back among the charges and leaves store credit and other returns out', () => {
    const money = countMoney(
      {
        refunds: [
          { ...refund, phase: 'clawback', amountMinor: 6499 },
          { ...refund, refundId: 'sc', method: 'store_credit' },
          { ...refund, refundId: 'elsewhere', returnId: OTHER },
        ],
        refundPayments: [paid(1, 6499)],
        sandboxPayments: [provider(`${REFUND}.1`, 6499, 'charge')],
      },
      new Set([RETURN]),
    );
    expect(
      money.refunds.map(({ refundId, providerMinor, problems }) => ({ refundId, providerMinor, problems })),
    ).toEqual([{ refundId: REFUND, providerMinor: 6499, problems: [] }]);
  });

  it("looks for an exchange's shortfall among the charges, and expects nothing paid for its credit", () => {
    const money = countMoney(
      {
        refunds: [
          { ...refund, phase: 'collection', amountMinor: 2000 },
          { ...refund, refundId: 'credit', phase: 'exchange', amountMinor: 8999 },
        ],
        refundPayments: [paid(1, 2000)],
        sandboxPayments: [provider(`${REFUND}.1`, 2000, 'charge')],
      },
      new Set([RETURN]),
    );
    expect(
      money.refunds.map(({ refundId, providerMinor, problems }) => ({ refundId, providerMinor, problems })),
    ).toEqual([{ refundId: REFUND, providerMinor: 2000, problems: [] }]);
  });
});

describe('countStock', () => {
  const row = (quantities: Record<string, number>) => ({ sku: 'SKU-1', warehouseId: 'wh-berlin', quantities });

  it('compares every bucket and the expected inbound with what the ledger adds up to', () => {
    expect(
      countStock({
        stockLevels: [row({ sellable: 2, refurbish: 1, expected_inbound: 0 })],
        stockFromLedger: [row({ sellable: 1, refurbish: 1, expected_inbound: 1 })],
      }),
    ).toEqual({
      places: 1,
      differences: [
        { sku: 'SKU-1', warehouseId: 'wh-berlin', bucket: 'sellable', level: 2, ledger: 1 },
        { sku: 'SKU-1', warehouseId: 'wh-berlin', bucket: 'expected_inbound', level: 0, ledger: 1 },
      ],
    });
  });
});

describe('countTimeline', () => {
  it('wants one entry per lifecycle event about a driven return, and ignores what is about no return', () => {
    const timeline = countTimeline(
      {
        timeline: [
          { eventId: 'r1', returnId: RETURN, eventType: 'ReturnApproved' },
          { eventId: 'r1', returnId: RETURN, eventType: 'ReturnApproved' },
        ],
        topics: [
          message('returns.return.v1', 'r1', 'ReturnApproved'),
          message('pickups.pickup.v1', 'p1', 'ParcelPickedUp'),
          // Not handled by returns-intake, so not on its timeline.
          message('inventory.stock.v1', 's1', 'StockRestocked'),
          { ...message('returns.return.v1', 'r9', 'ReturnApproved'), returnId: OTHER },
        ],
      },
      new Set([RETURN]),
    );
    expect(timeline).toEqual({
      entries: 2,
      duplicates: ['r1'],
      lifecycleEvents: 2,
      missing: [{ returnId: RETURN, eventId: 'p1', eventType: 'ParcelPickedUp' }],
    });
  });
});

describe('countDeadLetters', () => {
  it('reports the dead letters that are not the injected poison, by event id or key', () => {
    const count = countDeadLetters(
      {
        deadLetters: {
          'pickup-scheduling': [
            deadLetter({ eventId: 'poison-1', originalTopic: 'partners.kiezkurier.tracking.v1' }),
            deadLetter({ key: 'poison-key', offset: '1' }),
            deadLetter({ eventId: 'real', eventType: 'TrackingReported', offset: '2' }),
          ],
        },
      },
      new Set(['poison-1', 'poison-key']),
    );
    expect(count.entries).toHaveLength(3);
    expect(count.unexpected).toEqual([
      {
        service: 'pickup-scheduling',
        partition: 0,
        offset: '2',
        originalTopic: null,
        eventId: 'real',
        eventType: 'TrackingReported',
        key: null,
        errorKind: 'permanent',
        error: 'InvalidEventError: status must be one of …',
      },
    ]);
  });
});

describe('the report', () => {
  const facts: RunFacts = {
    ...noEvents,
    returns: [{ returnId: RETURN, status: 'completed' }],
    timeline: [],
    refunds: [],
    refundPayments: [],
    sandboxPayments: [],
    stockLevels: [],
    stockFromLedger: [],
  };

  it('has no violations and only ✓ rows when the run adds up', () => {
    const report = invariantsOf(facts, [{ returnId: RETURN, expected: 'completed' }]);
    expect(violations(report)).toEqual([]);
    const table = formatInvariants(report);
    expect(table).toContain('✓ returns reached a final state');
    expect(table).not.toContain('✗');
    expect(JSON.parse(formatInvariants(report, { json: true }))).toMatchObject({ violations: [] });
  });

  it('marks a broken invariant ✗ and says what broke', () => {
    const report = invariantsOf({ ...facts, returns: [{ returnId: RETURN, status: 'inspected' }] }, [
      { returnId: RETURN },
    ]);
    expect(violations(report)).toEqual([`return ${RETURN} stopped in inspected`]);
    expect(formatInvariants(report)).toMatch(/✗ returns reached a final state +1 driven: inspected 1/);
    expect(formatInvariants(report)).toContain(`  ✗ return ${RETURN} stopped in inspected`);
  });
});
