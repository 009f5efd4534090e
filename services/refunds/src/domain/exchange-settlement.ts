/**
 * Settling an exchange when its replacements ship, and charging back an instant exchange whose items
 * never came, or came wrong. Both run under the order's lock, once per return.
 *
 * The settlement is three records of the return. The **exchange** record is the credit the returned
 * items gave (each line's credit, exchange.ts): it moves no money, and books on the line's ledger the part
 * that paid for the replacement — the line's capture is used up by it as by a refund, so the order's
 * other returns can never refund it again. The **surplus** — credit beyond the cost — is a refund of its
 * own, paid through the return's refund method like any other (its share is booked with it). The
 * **shortfall** — cost beyond the credit — is a **collection**: a charge through the provider's charge
 * API against the order's charges, paid by the payment worker under the keys `<collectionId>.<n>`; it
 * is money coming in, not a refund of a line, so the ledger does not hold it. The bonus is store credit,
 * a gift on top (off the ledger, like the store-credit bonus).
 *
 * A charge-back takes back the credit of the lines it names: what paid for their replacements, charged
 * to the order's charges that paid for those lines (a claw-back of the exchange record), and what their
 * surplus refund paid (a claw-back of it, as an instant refund's), and debits their bonus. Collected, it
 * is booked back on the ledger: the lines can be returned and refunded again, never twice. A return that
 * expired (or whose pickup was abandoned) gives its exchanges up: the lines charged back resolve as
 * refunds from then on, so that if the parcel arrives after all, inspection refunds them as graded —
 * within what the charge-back gave back to the ledger (all once collected, nothing if it failed).
 */
import { ExchangeChargedBack, ExchangeSettled, type ClawbackReason } from '@rebound/contracts';
import { DomainError, sumMinor } from '@rebound/kernel';
import type { LineShare } from './charge-allocation';
import { clawbacksOf, startClawback, stillCollecting } from './claw-back';
import { exchangeCredit, settleExchange, type InspectedUnits } from './exchange';
import { closeUnpaid, inFlight, paidPerLine } from './instant-refund';
import { book, ledgerOfRefunds, roomPerLine } from './ledger-booking';
import type { ExchangeOrder, RefundsTransaction } from './ports';
import { newRefund, type Refund } from './refund';
import type { ApprovedLine, ApprovedTerms } from './refund-amount';
import { issueRefund } from './refund-issuing';
import { ExchangeNotYetResolved } from './refusals';
import { creditStoreCredit, debitStoreCredit } from './store-credit-changes';

/**
 * Settles the return's exchange order: per exchanged line, its credit against its replacement's cost.
 * @param inspected what inspection found per line, for an exchange shipped after it; none for an instant one.
 */
export async function settleExchangeOrder(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  order: ExchangeOrder,
  inspected: ReadonlyMap<string, InspectedUnits> | undefined,
  now: Date,
): Promise<void> {
  // A line turned into a refund after its replacement was requested is refunded, not exchanged.
  const exchanged = order.lines.filter((replacement) =>
    terms.lines.some((line) => line.lineId === replacement.lineId && line.resolution.kind === 'exchange'),
  );
  const unknown = order.lines.find((replacement) => !terms.lines.some((line) => line.lineId === replacement.lineId));
  if (unknown) {
    throw new DomainError(
      'invalid',
      'unknown-exchanged-line',
      `return ${terms.returnId} has no line ${unknown.lineId} to exchange`,
    );
  }
  if (exchanged.length === 0) return;
  const room = await roomPerLine(tx, terms);
  const settlement = settleExchange(
    exchanged.map((replacement) => {
      const line = terms.lines.find((candidate) => candidate.lineId === replacement.lineId) as ApprovedLine;
      return {
        lineId: line.lineId,
        creditMinor: exchangeCredit(line, room(line.lineId), inspected?.get(line.lineId) ?? (inspected && none)),
        replacementCostMinor: replacement.unitPriceMinor * replacement.quantity,
        bonusMinor: line.resolution.bonusMinor ?? 0,
      };
    }),
  );
  const exchange = moneyRecord(terms, 'exchange', settlement.creditMinor, now);
  if (!(await tx.refunds.insertRefund(exchange))) return;
  await book(
    tx,
    terms,
    exchange,
    settlement.lines.map((line) => ({ lineId: line.lineId, amountMinor: line.appliedMinor })),
    now,
  );
  await tx.approvals.recordExchangeLines(terms.returnId, terms.orderId, settlement.lines, now);
  const surplus =
    settlement.surplusMinor > 0
      ? await issueRefund(
          tx,
          terms,
          'surplus',
          settlement.surplusMinor,
          settlement.lines.map((line) => ({ lineId: line.lineId, amountMinor: line.surplusMinor })),
          now,
        )
      : undefined;
  const collectionId =
    settlement.shortfallMinor > 0
      ? await startCollection(
          tx,
          terms,
          settlement.shortfallMinor,
          settlement.lines.map((line) => ({ lineId: line.lineId, amountMinor: line.shortfallMinor })),
          now,
        )
      : undefined;
  if (settlement.bonusMinor > 0) {
    await creditStoreCredit(tx, {
      customerId: terms.customerId,
      currency: terms.currency,
      kind: 'bonus',
      amountMinor: settlement.bonusMinor,
      refundId: exchange.refundId,
      at: now,
    });
  }
  await tx.events.publish(
    ExchangeSettled,
    {
      refundId: exchange.refundId,
      returnId: terms.returnId,
      orderId: terms.orderId,
      currency: terms.currency,
      instant: terms.instantExchange,
      method: terms.refundMethod,
      lines: settlement.lines.map(
        ({ lineId, creditMinor, replacementCostMinor, surplusMinor, shortfallMinor, bonusMinor }) => ({
          lineId,
          creditMinor,
          replacementCostMinor,
          surplusMinor,
          shortfallMinor,
          bonusMinor,
        }),
      ),
      surplusMinor: settlement.surplusMinor,
      shortfallMinor: settlement.shortfallMinor,
      bonusMinor: settlement.bonusMinor,
      ...(surplus && { surplusRefundId: surplus.refundId }),
      ...(collectionId && { collectionId }),
    },
    terms.returnId,
  );
  // The return ended without its items before its exchange was read: the credit goes back at once.
  const ended = await tx.approvals.endedReason(terms.returnId);
  if (ended && terms.instantExchange) await chargeBackExchange(tx, terms, ended, undefined, now);
}

/**
 * The ends after which the parcel may still arrive (an expired return comes back when a collection is
 * reported late); a cancelled return never does, and inspection has seen the items.
 */
const GIVE_UP_EXCHANGES: readonly ClawbackReason[] = ['expired', 'abandoned'];

/** An exchanged line inspection did not find: it is worth nothing. */
const none: InspectedUnits = { receivedQuantity: 0, refundableFraction: 0 };

/**
 * Charges back what an instant exchange gave for the lines named (all when none are), once per return:
 * the first charge-back marks the exchange. Nothing to do when the exchange was not settled (nothing
 * shipped yet); waits (parked) while its surplus refund is being paid. Charged back because the return
 * expired or its pickup was abandoned, the lines become refunds in the kept terms (see above); the
 * settled exchange stays on the books.
 */
export async function chargeBackExchange(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  reason: ClawbackReason,
  lineIds: readonly string[] | undefined,
  now: Date,
): Promise<void> {
  const [exchange] = await tx.refunds.lockRefundsOf(terms.returnId, 'exchange');
  if (!exchange || exchange.reversalReason !== null) return;
  const surpluses = await tx.refunds.lockRefundsOf(terms.returnId, 'surplus');
  if (surpluses.some(inFlight)) {
    throw new ExchangeNotYetResolved(terms.returnId, 'the outcome of the payment of its exchange’s surplus');
  }
  const named = (lineId: string) => lineIds === undefined || lineIds.includes(lineId);
  const lines = (await tx.approvals.exchangeLinesOf(terms.returnId)).filter((line) => named(line.lineId));
  await tx.refunds.updateRefund({ ...exchange, reversalReason: reason, updatedAt: now });
  if (GIVE_UP_EXCHANGES.includes(reason)) {
    for (const line of lines) await tx.approvals.changeResolution(terms.returnId, line.lineId, { kind: 'refund' });
  }
  const charged = new Map<string, number>();
  const add = (shares: readonly LineShare[]) => {
    for (const share of shares) charged.set(share.lineId, (charged.get(share.lineId) ?? 0) + share.amountMinor);
  };
  const clawbackIds: string[] = [];
  // What paid for the replacements, from the charges that paid for the lines.
  const applied = lines
    .filter((line) => line.appliedMinor > 0)
    .map((line) => ({ lineId: line.lineId, amountMinor: line.appliedMinor }));
  if (applied.length > 0) {
    const rooms = (await tx.ledger.refundableCharges(terms.orderId))
      .filter((capture) => named(capture.lineId))
      .map((capture) => ({ chargeId: capture.chargeId, lineId: capture.lineId, leftMinor: capture.amountMinor }));
    const total = sumMinor(applied.map((share) => share.amountMinor));
    clawbackIds.push(await startClawback(tx, terms, exchange, reason, total, applied, now, rooms));
    add(applied);
  }
  // What the surplus refund paid for the lines (what it had not paid is cancelled when it is all taken back).
  for (const surplus of surpluses) {
    const paid =
      lineIds === undefined
        ? await closeUnpaid(tx, terms, surplus, `the exchange was charged back (${reason})`, now)
        : await paidPerLine(tx, surplus);
    const shares = [...paid].flatMap(([lineId, amountMinor]) =>
      named(lineId) && amountMinor > 0 ? [{ lineId, amountMinor }] : [],
    );
    if (shares.length === 0) continue;
    // Store credit paid with the policy's bonus: taken back with it when every line is.
    const paidBonusMinor = surplus.method === 'store_credit' && lineIds === undefined ? surplus.bonusMinor : 0;
    const valueMinor = sumMinor(shares.map((share) => share.amountMinor)) + paidBonusMinor;
    clawbackIds.push(await startClawback(tx, terms, surplus, reason, valueMinor, shares, now));
    add(shares);
  }
  const bonusMinor = sumMinor(lines.map((line) => line.bonusMinor));
  if (bonusMinor > 0) {
    await debitStoreCredit(tx, {
      customerId: terms.customerId,
      currency: terms.currency,
      amountMinor: bonusMinor,
      refundId: exchange.refundId,
      at: now,
    });
  }
  if (clawbackIds.length === 0) return;
  await tx.events.publish(
    ExchangeChargedBack,
    {
      refundId: exchange.refundId,
      returnId: terms.returnId,
      orderId: terms.orderId,
      currency: terms.currency,
      reason,
      amountMinor: sumMinor(charged.values()),
      lines: [...charged].map(([lineId, amountMinor]) => ({ lineId, amountMinor })),
      clawbackIds,
    },
    terms.returnId,
  );
}

/** An exchange its return gave up (expired, pickup abandoned), as far as refunding its lines goes. */
export interface GivenUpExchange {
  /**
   * A claw-back of what the exchange gave — its credit or its surplus — is neither collected nor declined
   * yet: still being charged, or waiting for ops to charge it again (a store-credit debit is decided at once).
   */
  readonly chargeBackInFlight: boolean;
  /** What the exchange still holds on each line's ledger: its credit and surplus, less what was clawed back. */
  readonly heldPerLine: ReadonlyMap<string, number>;
}

/** The return's exchange, if its return gave it up; undefined otherwise. */
export async function givenUpExchange(tx: RefundsTransaction, returnId: string): Promise<GivenUpExchange | undefined> {
  const [exchange] = await tx.refunds.lockRefundsOf(returnId, 'exchange');
  if (!exchange?.reversalReason || !GIVE_UP_EXCHANGES.includes(exchange.reversalReason)) return undefined;
  const records = [exchange, ...(await tx.refunds.lockRefundsOf(returnId, 'surplus'))];
  const clawbacks = await clawbacksOf(tx, returnId, records);
  return {
    chargeBackInFlight: clawbacks.some(stillCollecting),
    heldPerLine: await ledgerOfRefunds(tx, [...records, ...clawbacks]),
  };
}

/**
 * The shortfall, charged through the provider against the order's charge that paid for the first
 * exchanged line (any charge of the order when none did); with no charge known it needs attention.
 */
async function startCollection(
  tx: RefundsTransaction,
  terms: ApprovedTerms,
  amountMinor: number,
  shares: readonly LineShare[],
  now: Date,
): Promise<string> {
  const charges = await tx.ledger.refundableCharges(terms.orderId);
  const lines = shares.filter((share) => share.amountMinor > 0);
  const charge = charges.find((capture) => lines.some((share) => share.lineId === capture.lineId)) ?? charges[0];
  const collection = moneyRecord(terms, 'collection', amountMinor, now);
  await tx.refunds.insertRefund(
    charge
      ? { ...collection, state: 'pending', nextAttemptAt: now }
      : {
          ...collection,
          state: 'needs_attention',
          lastError: `order ${terms.orderId} has no known charge to collect ${amountMinor} against`,
        },
  );
  if (charge) {
    await tx.refunds.insertPayments([
      {
        refundId: collection.refundId,
        n: 1,
        chargeId: charge.chargeId,
        amountMinor,
        lines,
        state: 'pending',
        providerReference: null,
      },
    ]);
  }
  return collection.refundId;
}

/** A record of the exchange's money: settled at once unless it has a charge to make. */
function moneyRecord(terms: ApprovedTerms, phase: 'exchange' | 'collection', amountMinor: number, now: Date): Refund {
  const { returnId, orderId, customerId, currency } = terms;
  return newRefund(
    {
      returnId,
      orderId,
      customerId,
      phase,
      method: 'original_payment',
      currency,
      amountMinor,
      state: 'succeeded',
      nextAttemptAt: null,
    },
    now,
  );
}
