import { randomUUID } from 'node:crypto';
import type { LineResolution } from '@rebound/contracts';
import { InMemoryIntake, SHIRT_PRODUCT, storedReturn } from '../../../../test/fakes/in-memory-intake';
import type { ReturnRequest } from '../../return-request';
import { ProjectLifecycleEvent } from '../project-lifecycle-event/project-lifecycle-event';
import {
  ProjectLifecycleEventCommand,
  type LifecycleEvent,
} from '../project-lifecycle-event/project-lifecycle-event.command';
import { TrackReplacement } from './track-replacement';
import { TrackReplacementCommand, type ReplacementFact } from './track-replacement.command';

const exchangeFor = (sku: string, unitPriceMinor = 2999): LineResolution => ({
  kind: 'exchange',
  replacement: { sku, productId: 'oxford-shirt', quantity: 1, unitPriceMinor },
});

function envelope(type: string, data: Record<string, unknown>) {
  return { id: randomUUID(), type, source: '/rebound/test', time: new Date('2026-06-30T12:00:00Z'), data };
}

async function world(overrides: Partial<ReturnRequest> = {}, fallbacks: readonly LineResolution[] = []) {
  const intake = await new InMemoryIntake().withProduct(SHIRT_PRODUCT);
  const base = await storedReturn(intake, 'approved');
  const request = await storedReturn(intake, 'approved', {
    ...overrides,
    lines: base.lines.map((line) => ({ ...line, resolution: exchangeFor('SKU-SHIRT-L'), fallbacks })),
  });
  const { returnId } = request;
  const track = new TrackReplacement(intake.clock);
  const project = new ProjectLifecycleEvent(intake.clock);
  const replacement = (type: 'ReplacementReserved' | 'ReplacementReservationFailed', sku = 'SKU-SHIRT-L') =>
    track.execute(
      intake.tx,
      new TrackReplacementCommand(
        envelope(type, {
          returnId,
          lineId: 'shirt',
          sku,
          quantity: 1,
          ...(type === 'ReplacementReserved' ? { warehouseId: 'wh-1' } : { sellable: 0 }),
        }) as unknown as ReplacementFact,
      ),
    );
  const lifecycle = (type: string, data: Record<string, unknown> = {}) =>
    project.execute(
      intake.tx,
      new ProjectLifecycleEventCommand(envelope(type, { returnId, ...data }) as unknown as LifecycleEvent),
    );
  const inspected = (flags: string[] = [], refundableFraction = 1) =>
    lifecycle('InspectionCompleted', {
      lines: [
        {
          lineId: 'shirt',
          sku: 'SKU-SHIRT',
          expectedQuantity: 1,
          receivedQuantity: 1,
          grade: 'A',
          disposition: 'restock',
          refundableFraction,
          flags,
        },
      ],
    });
  const stored = async () => (await intake.returns.find(returnId)) as ReturnRequest;
  return { intake, returnId, replacement, lifecycle, inspected, stored };
}

describe('TrackReplacement and the exchange order', () => {
  it('moves a line whose replacement cannot be reserved to the next choice, then to a refund', async () => {
    const { intake, replacement, stored, returnId } = await world({}, [exchangeFor('SKU-SHIRT-XL')]);
    await replacement('ReplacementReservationFailed');
    expect((await stored()).lines[0]).toMatchObject({ resolution: exchangeFor('SKU-SHIRT-XL'), fallbacks: [] });
    await replacement('ReplacementReservationFailed', 'SKU-SHIRT-XL');
    expect((await stored()).lines[0]).toMatchObject({ resolution: { kind: 'refund' }, fallbacks: [] });
    expect(intake.events.published.map((event) => [event.type, (event.data as { reason?: string }).reason])).toEqual([
      ['LineResolutionChanged', 'replacement_unavailable'],
      ['LineResolutionChanged', 'replacement_unavailable'],
    ]);
    expect((await intake.returns.timeline(returnId)).map((entry) => entry.eventType)).toEqual([
      'ReplacementReservationFailed',
      'LineResolutionChanged',
      'ReplacementReservationFailed',
      'LineResolutionChanged',
    ]);
  });

  it('ignores a failure about a replacement the line no longer waits for', async () => {
    const { intake, replacement, stored } = await world();
    await replacement('ReplacementReservationFailed', 'SKU-OTHER');
    expect((await stored()).lines[0].resolution).toEqual(exchangeFor('SKU-SHIRT-L'));
    expect(intake.events.published).toEqual([]);
  });

  it('requests an instant exchange order once the replacement is reserved, from its warehouse', async () => {
    const { intake, replacement, stored } = await world({ instantExchange: true });
    await replacement('ReplacementReserved');
    expect(intake.events.types).toEqual(['ExchangeOrderRequested']);
    expect(intake.events.published[0].data).toMatchObject({
      instant: true,
      lines: [{ lineId: 'shirt', sku: 'SKU-SHIRT-L', warehouseId: 'wh-1', unitPriceMinor: 2999 }],
    });
    expect((await stored()).exchangeRequestedAt).not.toBeNull();
  });

  it('requests an exchange after inspection accepted the item, completes it once paid and remembers what was kept', async () => {
    const { intake, replacement, inspected, lifecycle, stored } = await world();
    await replacement('ReplacementReserved');
    expect(intake.events.published).toEqual([]);
    await inspected();
    expect(intake.events.types).toEqual(['ExchangeOrderRequested']);
    expect(intake.events.published[0].data).toMatchObject({ instant: false });
    expect((await stored()).status).toBe('inspected');
    await lifecycle('ExchangeSettled', { shortfallMinor: 0 });
    expect(intake.events.types).toEqual(['ExchangeOrderRequested', 'ExchangeShipmentReleased', 'ReturnCompleted']);
    expect((await stored()).status).toBe('completed');
    expect(await intake.exchanges.keptByCustomer('customer-1', 'apparel')).toEqual([
      { sku: 'SKU-SHIRT-L', productId: 'oxford-shirt', category: 'apparel', optionValues: { size: 'L' } },
    ]);
  });

  it('refunds an exchanged item inspection did not accept, and waits for that refund to complete', async () => {
    const { intake, replacement, inspected, lifecycle, stored } = await world();
    await replacement('ReplacementReserved');
    await inspected(['wrong_item']);
    expect(intake.events.published.map((event) => [event.type, (event.data as { reason?: string }).reason])).toEqual([
      ['LineResolutionChanged', 'not_accepted_at_inspection'],
    ]);
    expect((await stored()).status).toBe('inspected');
    await lifecycle('RefundIssued', { refundId: 'refund-1', amountMinor: 2504, currency: 'EUR', phase: 'final' });
    expect((await stored()).status).toBe('completed');
    expect(intake.exchanges.exchanges).toEqual([]);
  });

  it('gives up the exchange of an expired return: a parcel that turns up after all is refunded as graded, never exchanged', async () => {
    const { intake, replacement, lifecycle, inspected, stored } = await world();
    await replacement('ReplacementReserved');
    await lifecycle('PickupAbandoned', { reason: 'attempts_exhausted', detail: '3 attempts failed' });
    expect((await stored()).status).toBe('expired');
    expect((await stored()).lines[0]).toMatchObject({
      resolution: { kind: 'refund' },
      fallbacks: [],
      warehouseId: null,
    });
    expect(intake.events.published.map((event) => [event.type, (event.data as { reason?: string }).reason])).toEqual([
      ['ReturnExpired', 'attempts_exhausted: 3 attempts failed'],
      ['LineResolutionChanged', 'return_expired'],
    ]);

    await lifecycle('ParcelInTransit');
    await inspected();
    expect((await stored()).status).toBe('inspected');
    await lifecycle('RefundIssued', { refundId: 'refund-1', amountMinor: 2999, currency: 'EUR', phase: 'final' });
    expect((await stored()).status).toBe('completed');
    expect(intake.events.types).not.toContain('ExchangeOrderRequested');
    expect(intake.exchanges.exchanges).toEqual([]);
  });

  it('completes an expired instant exchange whose parcel turns up after all on its final refund, recording no exchange', async () => {
    const { intake, replacement, lifecycle, inspected, stored } = await world({ instantExchange: true });
    await replacement('ReplacementReserved');
    await lifecycle('PickupAbandoned', { reason: 'attempts_exhausted', detail: '3 attempts failed' });
    expect(intake.events.types).toEqual(['ExchangeOrderRequested', 'ReturnExpired', 'LineResolutionChanged']);

    await lifecycle('ParcelDeliveredToWarehouse');
    await inspected();
    expect((await stored()).status).toBe('inspected');
    await lifecycle('RefundIssued', { refundId: 'refund-1', amountMinor: 2999, currency: 'EUR', phase: 'final' });
    expect((await stored()).status).toBe('completed');
    expect(intake.exchanges.exchanges).toEqual([]);
  });

  it('requests the exchange once the replacement is reserved when inspection came first', async () => {
    const { intake, replacement, inspected } = await world();
    await inspected();
    expect(intake.events.published).toEqual([]);
    await replacement('ReplacementReserved');
    expect(intake.events.types).toEqual(['ExchangeOrderRequested']);
  });

  describe('the replacements released to ship once the exchange is paid', () => {
    const settled = (shortfallMinor: number) => ({
      shortfallMinor,
      ...(shortfallMinor > 0 && { collectionId: 'c-1' }),
    });
    const collection = { refundId: 'c-1', amountMinor: 500, currency: 'EUR' };

    it('holds back a dearer exchange whose difference is declined, then ships it once and completes when collected', async () => {
      const { intake, replacement, inspected, lifecycle, stored } = await world();
      await replacement('ReplacementReserved');
      await inspected();
      await lifecycle('ExchangeSettled', settled(500));
      await lifecycle('ExchangeDifferenceFailed', { ...collection, detail: 'card declined', attempts: 1 });
      expect(intake.events.types).toEqual(['ExchangeOrderRequested']);
      expect(await stored()).toMatchObject({ status: 'inspected', exchangeReleasedAt: null });

      await lifecycle('ExchangeDifferenceRetried', { ...collection, operatorId: 'ops-anna', reason: 'new card' });
      await lifecycle('ExchangeDifferenceCollected', { ...collection, charges: [] });
      await lifecycle('ExchangeDifferenceCollected', { ...collection, charges: [] });
      expect(intake.events.types).toEqual(['ExchangeOrderRequested', 'ExchangeShipmentReleased', 'ReturnCompleted']);
      expect(intake.events.published[1].data).toEqual({
        returnId: expect.any(String),
        orderId: 'order-1',
        customerId: 'customer-1',
        instant: false,
        currency: 'EUR',
        lines: [{ lineId: 'shirt', sku: 'SKU-SHIRT-L', productId: 'oxford-shirt', quantity: 1, warehouseId: 'wh-1' }],
        releasedAt: expect.any(String),
      });
      expect((await stored()).status).toBe('completed');
    });

    it('ships an instant exchange paid before its parcel is inspected, and completes it at inspection', async () => {
      const { intake, replacement, inspected, lifecycle, stored } = await world({ instantExchange: true });
      await replacement('ReplacementReserved');
      await lifecycle('ExchangeSettled', settled(0));
      expect(intake.events.types).toEqual(['ExchangeOrderRequested', 'ExchangeShipmentReleased']);
      expect((await stored()).status).toBe('approved');
      await inspected();
      expect(intake.events.types).toEqual(['ExchangeOrderRequested', 'ExchangeShipmentReleased', 'ReturnCompleted']);
      expect((await stored()).status).toBe('completed');
    });

    it('waits in refunded for the release when the refund of its other lines comes first', async () => {
      const { intake, replacement, inspected, lifecycle, stored } = await world({ instantExchange: true });
      await replacement('ReplacementReserved');
      await inspected();
      await lifecycle('RefundIssued', { refundId: 'refund-1', amountMinor: 100, currency: 'EUR', phase: 'final' });
      expect((await stored()).status).toBe('refunded');
      await lifecycle('ExchangeSettled', settled(0));
      expect(intake.events.types).toEqual(['ExchangeOrderRequested', 'ExchangeShipmentReleased', 'ReturnCompleted']);
      expect((await stored()).status).toBe('completed');
    });

    it('never ships the replacements of a return that ended before the exchange was paid', async () => {
      const { intake, replacement, lifecycle, stored } = await world({ instantExchange: true });
      await replacement('ReplacementReserved');
      await lifecycle('PickupAbandoned', { reason: 'attempts_exhausted', detail: '3 attempts failed' });
      await lifecycle('ExchangeSettled', settled(0));
      // Expiring, the return gave up its exchange: the line is a refund now.
      expect(intake.events.types).toEqual(['ExchangeOrderRequested', 'ReturnExpired', 'LineResolutionChanged']);
      expect((await stored()).exchangeReleasedAt).toBeNull();
    });
  });
});
