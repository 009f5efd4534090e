/**
 * Follows the reservation of an exchanged line's replacement. Every fact lands on the return's
 * timeline once (by event id). A replacement held remembers its warehouse and may make the exchange
 * order due (an instant exchange ships once every replacement is held); one that could not be held
 * gives way to the customer's next choice, or a refund, announced as LineResolutionChanged
 * (exchanges.ts). A fact about a replacement the line no longer waits for (its choice moved on, the
 * return ended) changes nothing but the timeline.
 */
import { DomainError, type UseCase } from '@rebound/kernel';
import { changeResolution, completeWhenSettled, nextChoice, requestExchangeOrderWhenDue } from '../../exchanges';
import type { Clock, IntakeTransaction } from '../../ports';
import type { ReturnRequest } from '../../return-request';
import { isEnded } from '../../return-status';
import type { TrackReplacementCommand } from './track-replacement.command';

export class TrackReplacement implements UseCase<IntakeTransaction, TrackReplacementCommand, void> {
  constructor(private readonly clock: Clock) {}

  async execute(tx: IntakeTransaction, fact: TrackReplacementCommand): Promise<void> {
    const request = await tx.returns.lock(fact.returnId);
    if (!request) {
      throw new DomainError(
        'not-found',
        'return-not-found',
        `${fact.eventType} refers to unknown return ${fact.returnId}`,
      );
    }
    const recorded = await tx.returns.appendTimeline({
      eventId: fact.eventId,
      returnId: fact.returnId,
      eventType: fact.eventType,
      source: fact.source,
      occurredAt: fact.occurredAt,
      statusAfter: request.status,
      details: fact.details,
      actor: null,
    });
    if (!recorded) return;
    const now = this.clock.now();
    await tx.returns.markProgress(fact.returnId, now);
    const line = request.lines.find((candidate) => candidate.lineId === fact.lineId);
    const awaited =
      line?.resolution?.kind === 'exchange' &&
      line.resolution.replacement?.sku === fact.sku &&
      line.warehouseId === null &&
      request.exchangeRequestedAt === null &&
      !isEnded(request.status);
    if (!line || !awaited) return;
    // A reaction never precedes its cause on the timeline, even when inventory's clock runs ahead.
    const at = fact.occurredAt > now ? fact.occurredAt : now;
    let current: ReturnRequest;
    if (fact.warehouseId !== null) {
      const held = { ...line, warehouseId: fact.warehouseId };
      await tx.returns.updateLine(request.returnId, line.lineId, held);
      current = { ...request, lines: request.lines.map((other) => (other.lineId === line.lineId ? held : other)) };
    } else {
      current = await changeResolution(tx, request, line, nextChoice(line), 'replacement_unavailable', at);
    }
    await completeWhenSettled(tx, await requestExchangeOrderWhenDue(tx, current, at), at);
  }
}
