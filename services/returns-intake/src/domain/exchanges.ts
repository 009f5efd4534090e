/**
 * How an approved return's exchanges move on, returns-intake's own decisions on other services' facts:
 *
 * - A replacement inventory could not reserve gives way to the customer's next choice, or a refund
 *   when none is left (`LineResolutionChanged`, `replacement_unavailable`). The quote follows.
 * - Inspection accepts an exchanged item when every unit came back as the item it is (no flag says it
 *   is the wrong, missing, short or mismatched item: `cameBackAsExchanged`) graded as new (refundable
 *   fraction 1), so the replacement ships at the price quoted. An item it does not accept is refunded
 *   as graded instead (`not_accepted_at_inspection`). An instant
 *   exchange has shipped already: inspection changes nothing of it (refunds charges back what must be).
 * - A return that expires gives up its exchanges: every line still exchanged becomes a refund with no
 *   choices left (`return_expired`). Inventory puts what it held back on sale, and refunds charges an
 *   instant exchange back; should the parcel turn up after all (`expired` → `in_transit`), the return
 *   goes on as a refund return, its items refunded as graded, and no exchange order is ever requested.
 * - The exchange order (`ExchangeOrderRequested`) is requested once, when every exchanged line's
 *   replacement is reserved and, unless the exchange is instant, inspection accepted the items.
 * - The replacements are released to ship (`ExchangeShipmentReleased`, what the commerce platform
 *   ships on) once the exchange is paid — refunds settled it with nothing to collect, or collected the
 *   customer's shortfall — and the return has not ended. A declined shortfall holds them back until
 *   ops retry the collection and it is paid: the replacement never ships unpaid.
 * - A return completes when its money is settled and its exchange, if it has one, is released. Its
 *   money is settled by the final refund (`refunded`) — or, when no line awaits a refund (only
 *   exchanges at the same price or dearer), by inspection alone (`inspected`). The release and the
 *   inspection or refund come on different topics, in either order: whichever comes last completes.
 *   Completing records what each exchanging customer kept in the exchange history.
 */
import {
  cameBackAsExchanged,
  ExchangeOrderRequested,
  ExchangeShipmentReleased,
  LineResolutionChanged,
  ReturnCompleted,
  type InspectedLine,
  type LineResolution,
  type ResolutionChangeReason,
} from '@rebound/contracts';
import { announce } from './announce';
import type { IntakeTransaction, KeptExchange } from './ports';
import { awaitsRefund, quotedWith } from './resolutions';
import { refundedMinor, type ReturnLine, type ReturnRequest } from './return-request';
import { returnCompleted } from './return-events';
import { isEnded } from './return-status';

const REFUND: LineResolution = { kind: 'refund' };

function isExchange(line: ReturnLine): boolean {
  return line.resolution?.kind === 'exchange';
}

/** Whether inspection accepted the returned item of an exchanged line (see above). */
export function acceptedAtInspection(line: ReturnLine, inspected: readonly InspectedLine[]): boolean {
  const found = inspected.find((candidate) => candidate.lineId === line.lineId);
  // Graded as new: the replacement is full value for the item, so nothing is reckoned for its condition.
  return cameBackAsExchanged(found, line.quantity) && found?.refundableFraction === 1;
}

/**
 * Moves a line to `resolution` with `fallbacks` left, announces it, and answers the return as it now
 * stands. The replacement it held (if any) is no longer the line's: inventory releases it.
 */
export async function changeResolution(
  tx: IntakeTransaction,
  request: ReturnRequest,
  line: ReturnLine,
  next: { readonly resolution: LineResolution; readonly fallbacks: readonly LineResolution[] },
  reason: ResolutionChangeReason,
  at: Date,
): Promise<ReturnRequest> {
  const changed: ReturnLine = { ...line, resolution: next.resolution, fallbacks: next.fallbacks, warehouseId: null };
  await tx.returns.updateLine(request.returnId, line.lineId, changed);
  const current = withLine(request, changed);
  const expectedRefundMinor = await requote(tx, current);
  await announce(
    tx,
    request.returnId,
    LineResolutionChanged,
    {
      returnId: request.returnId,
      orderId: request.orderId,
      lineId: line.lineId,
      resolution: next.resolution,
      fallbacks: [...next.fallbacks],
      reason,
      changedAt: at.toISOString(),
    },
    request.status,
    at,
  );
  return { ...current, expectedRefundMinor };
}

/**
 * The quote as the lines now resolve, from the approval's assessment (whose shipping fee was kept,
 * since a line then exchanged was to be sent back).
 */
async function requote(tx: IntakeTransaction, request: ReturnRequest): Promise<number> {
  const approval = (await tx.returns.decisions(request.returnId)).findLast(
    (decision) => decision.outcome === 'approved',
  );
  if (!approval) return request.expectedRefundMinor;
  const resolved = approval.assessment.lines.map(({ lineId }) => ({
    resolution: request.lines.find((line) => line.lineId === lineId)?.resolution ?? null,
    fallbacks: [],
  }));
  const { expectedRefundMinor } = quotedWith(approval.assessment, resolved);
  await tx.returns.setExpectedRefund(request.returnId, expectedRefundMinor);
  return expectedRefundMinor;
}

/** The customer's next choice for a line whose replacement could not be reserved; a refund with none left. */
export function nextChoice(line: ReturnLine): { resolution: LineResolution; fallbacks: readonly LineResolution[] } {
  const [resolution = REFUND, ...fallbacks] = line.fallbacks;
  return { resolution, fallbacks: resolution.kind === 'exchange' ? fallbacks : [] };
}

/** Exchanged items inspection did not accept become refunds; an instant exchange's have shipped already. */
export async function settleInspection(
  tx: IntakeTransaction,
  request: ReturnRequest,
  inspected: readonly InspectedLine[],
  at: Date,
): Promise<ReturnRequest> {
  if (request.instantExchange || request.exchangeRequestedAt !== null) return request;
  let current = request;
  for (const line of request.lines.filter(isExchange)) {
    if (acceptedAtInspection(line, inspected)) continue;
    current = await changeResolution(
      tx,
      current,
      line,
      { resolution: REFUND, fallbacks: [] },
      'not_accepted_at_inspection',
      at,
    );
  }
  return current;
}

/** The return expired: every line still exchanged becomes a refund, with no choices left (see above). */
export async function giveUpExchanges(tx: IntakeTransaction, request: ReturnRequest, at: Date): Promise<void> {
  let current = request;
  for (const line of request.lines.filter(isExchange)) {
    current = await changeResolution(tx, current, line, { resolution: REFUND, fallbacks: [] }, 'return_expired', at);
  }
}

/** Requests the exchange order once it is due (see above); answers the return as it now stands. */
export async function requestExchangeOrderWhenDue(
  tx: IntakeTransaction,
  request: ReturnRequest,
  at: Date,
): Promise<ReturnRequest> {
  const exchanged = request.lines.filter(isExchange);
  const inspected = request.status === 'inspected' || request.status === 'refunded';
  if (
    request.exchangeRequestedAt !== null ||
    isEnded(request.status) ||
    exchanged.length === 0 ||
    (!request.instantExchange && !inspected)
  ) {
    return request;
  }
  const lines = heldReplacements(exchanged);
  if (lines.length < exchanged.length) return request;
  const data: ExchangeOrderRequested = {
    returnId: request.returnId,
    orderId: request.orderId,
    customerId: request.customerId,
    instant: request.instantExchange,
    currency: request.currency,
    lines,
    requestedAt: at.toISOString(),
  };
  await announce(tx, request.returnId, ExchangeOrderRequested, data, request.status, at);
  await tx.returns.markExchangeRequested(request.returnId, at);
  return { ...request, exchangeRequestedAt: at };
}

/**
 * Releases the replacements to ship once refunds says the exchange is paid (see above), then completes
 * the return if the release was all it waited for. Once per return; never after it ended.
 */
export async function releaseExchange(tx: IntakeTransaction, request: ReturnRequest, at: Date): Promise<void> {
  const lines = heldReplacements(request.lines.filter(isExchange)).map(
    ({ lineId, sku, productId, quantity, warehouseId }) => ({ lineId, sku, productId, quantity, warehouseId }),
  );
  if (
    request.exchangeRequestedAt === null ||
    request.exchangeReleasedAt !== null ||
    isEnded(request.status) ||
    lines.length === 0
  ) {
    return;
  }
  const data: ExchangeShipmentReleased = {
    returnId: request.returnId,
    orderId: request.orderId,
    customerId: request.customerId,
    instant: request.instantExchange,
    currency: request.currency,
    lines,
    releasedAt: at.toISOString(),
  };
  await announce(tx, request.returnId, ExchangeShipmentReleased, data, request.status, at);
  await tx.returns.markExchangeReleased(request.returnId, at);
  await completeWhenSettled(tx, { ...request, exchangeReleasedAt: at }, at);
}

/** Completes the return once its money is settled and its exchange, if any, released (see above). */
export async function completeWhenSettled(tx: IntakeTransaction, request: ReturnRequest, at: Date): Promise<void> {
  const settled = request.status === 'refunded' || (request.status === 'inspected' && !awaitsRefund(request.lines));
  const exchanged = request.lines.filter(isExchange);
  if (!settled || (exchanged.length > 0 && request.exchangeReleasedAt === null)) return;
  await tx.returns.setStatus(request.returnId, 'completed', at);
  const refunded = refundedMinor(await tx.returns.refunds(request.returnId));
  await announce(tx, request.returnId, ReturnCompleted, returnCompleted(request, refunded, at), 'completed', at);
  await tx.exchanges.record(await keptExchanges(tx, request, exchanged, at));
}

async function keptExchanges(
  tx: IntakeTransaction,
  request: ReturnRequest,
  exchanged: readonly ReturnLine[],
  at: Date,
): Promise<KeptExchange[]> {
  const kept: KeptExchange[] = [];
  for (const line of exchanged) {
    const replacement = line.resolution?.replacement;
    if (!replacement) continue;
    const product = await tx.catalogue.productOfSku(replacement.sku);
    const variant = product?.variants.find((candidate) => candidate.sku === replacement.sku);
    kept.push({
      returnId: request.returnId,
      lineId: line.lineId,
      customerId: request.customerId,
      returnedSku: line.sku,
      reasonCode: line.reasonCode,
      kept: {
        sku: replacement.sku,
        productId: replacement.productId,
        category: product?.category ?? line.category,
        optionValues: variant?.optionValues ?? {},
      },
      completedAt: at,
    });
  }
  return kept;
}

/** Each exchanged line's replacement with the warehouse holding it; a line whose replacement is not held yet is left out. */
function heldReplacements(exchanged: readonly ReturnLine[]) {
  return exchanged.flatMap(({ lineId, resolution, warehouseId }) =>
    resolution?.replacement && warehouseId !== null ? [{ lineId, warehouseId, ...resolution.replacement }] : [],
  );
}

function withLine(request: ReturnRequest, changed: ReturnLine): ReturnRequest {
  return { ...request, lines: request.lines.map((line) => (line.lineId === changed.lineId ? changed : line)) };
}
