/**
 * Reconciliation of one order's money, for finance and ops: per order line, what its charges captured,
 * what the ledger holds of each kind, what is left, and what claw-backs have not collected yet — and,
 * for every part paid (or to be paid) through the provider, whether the provider's own record of its
 * idempotency key agrees with refunds'. Pure: the API reads the rows and asks the provider, this says
 * what they add up to.
 */
import { sumMinor } from '@rebound/kernel';
import { LEDGER_KINDS, type Capture, type LedgerEntry, type LedgerKind } from './money-ledger';
import { chargesCustomer, paymentKey, type ProviderAnswer, type Refund, type RefundPayment } from './refund';

/** How the provider's record of a part compares with refunds'. */
export type ProviderCheckStatus = 'agrees' | 'disagrees' | 'missing' | 'unknown';

export interface ProviderCheck {
  /**
   * `missing`: refunds holds the part paid, the provider has nothing under its key; `disagrees`: the
   * provider's outcome (or its reference) is not refunds'; `unknown`: the provider could not say.
   */
  readonly status: ProviderCheckStatus;
  readonly detail: string;
}

/** A part of a refund or claw-back to look up at the provider, under its idempotency key. */
export interface ProviderCall {
  readonly idempotencyKey: string;
  /** `refund` for money paid to the customer, `charge` for a claw-back's. */
  readonly call: 'refund' | 'charge';
}

/** One provider call of the order as refunds recorded it, with the provider's verdict. */
export interface ReconciledPayment extends ProviderCall {
  readonly refundId: string;
  readonly phase: Refund['phase'];
  readonly n: number;
  readonly chargeId: string;
  readonly amountMinor: number;
  readonly state: RefundPayment['state'];
  readonly providerReference: string | null;
  readonly lines: RefundPayment['lines'];
  readonly provider: ProviderCheck;
}

/** Per ledger kind, what the line's entries of that kind come to. */
export type LedgerByKind = Readonly<Record<LedgerKind, number>>;

export interface ReconciledLine {
  readonly lineId: string;
  readonly capturedMinor: number;
  readonly charges: readonly { readonly chargeId: string; readonly capturedMinor: number }[];
  readonly ledger: LedgerByKind;
  /** The line's ledger total: what is refunded, or on its way. */
  readonly refundedMinor: number;
  /** Captured less refunded. */
  readonly leftMinor: number;
  /** Claw-backs through the provider that have not collected this line's share yet. */
  readonly outstandingClawbackMinor: number;
  /** False when the line is refunded above what was captured (only judged when captures are known). */
  readonly withinCaptured: boolean;
}

/** A claw-back that has not collected all it was to take back. */
export interface OutstandingClawback {
  readonly refundId: string;
  readonly reverses: string | null;
  readonly method: Refund['method'];
  readonly state: Refund['state'];
  readonly amountMinor: number;
  readonly outstandingMinor: number;
}

export interface ReconciliationReport {
  readonly orderId: string;
  /** False for an order refunds never learned captures of (only store credit can refund it). */
  readonly capturesKnown: boolean;
  readonly lines: readonly ReconciledLine[];
  readonly payments: readonly ReconciledPayment[];
  readonly outstandingClawbacks: readonly OutstandingClawback[];
  readonly summary: {
    readonly capturedMinor: number;
    readonly refundedMinor: number;
    readonly leftMinor: number;
    /** Every claw-back's uncollected money, store-credit ones and those with no parts included. */
    readonly outstandingClawbackMinor: number;
    readonly providerChecks: Readonly<Record<ProviderCheckStatus, number>>;
    /** Every line within its captures and every provider check `agrees` (an `unknown` one cannot be). */
    readonly agrees: boolean;
  };
}

/** What refunds holds of an order, as the store reads it. */
export interface OrderMoney {
  readonly orderId: string;
  readonly captures: readonly Capture[];
  readonly ledger: readonly Pick<LedgerEntry, 'lineId' | 'kind' | 'amountMinor'>[];
  readonly refunds: readonly Refund[];
  readonly payments: readonly RefundPayment[];
  /** Per store-credit claw-back, what its debits took from the customer's balance. */
  readonly storeCreditTaken: ReadonlyMap<string, number>;
}

/** The provider's answer per idempotency key; a key missing here was not asked (or the call threw). */
export type ProviderAnswers = ReadonlyMap<string, ProviderAnswer>;

const UNCOLLECTED_STATES: readonly Refund['state'][] = ['pending', 'processing', 'failed', 'needs_attention'];

/** Every part of the order's refunds and claw-backs: each is looked up, whatever its state. */
export function providerCallsOf(money: Pick<OrderMoney, 'refunds' | 'payments'>): ProviderCall[] {
  const phases = new Map(money.refunds.map((refund) => [refund.refundId, refund.phase]));
  return money.payments.map((payment) => ({
    idempotencyKey: paymentKey(payment),
    call: callOf(phases.get(payment.refundId)),
  }));
}

/** How the provider's answer about a part compares with the part's state in refunds. */
export function checkPayment(payment: RefundPayment, answer: ProviderAnswer | undefined): ProviderCheck {
  const ours = `refunds has it ${payment.state}${payment.providerReference ? ` (${payment.providerReference})` : ''}`;
  if (!answer || answer.outcome === 'unknown' || answer.outcome === 'transient') {
    const why = answer && 'reason' in answer ? answer.reason : 'no answer';
    return { status: 'unknown', detail: `the provider could not say: ${why}` };
  }
  if (answer.outcome === 'succeeded') {
    if (payment.state !== 'succeeded') {
      return { status: 'disagrees', detail: `the provider applied it as ${answer.reference}; ${ours}` };
    }
    return payment.providerReference === answer.reference
      ? { status: 'agrees', detail: `applied as ${answer.reference}` }
      : { status: 'disagrees', detail: `the provider applied it as ${answer.reference}; ${ours}` };
  }
  if (payment.state === 'succeeded') {
    return answer.outcome === 'absent'
      ? { status: 'missing', detail: `the provider has nothing under the key; ${ours}` }
      : { status: 'disagrees', detail: `the provider declined it (${answer.reason}); ${ours}` };
  }
  if (answer.outcome === 'declined' && payment.state === 'pending') {
    return { status: 'disagrees', detail: `the provider declined it (${answer.reason}); ${ours}` };
  }
  return {
    status: 'agrees',
    detail: answer.outcome === 'absent' ? `nothing applied; ${ours}` : `declined; ${ours}`,
  };
}

/** The order's reconciliation from what refunds holds and what the provider answered. */
export function reconcile(money: OrderMoney, answers: ProviderAnswers): ReconciliationReport {
  const refunds = new Map(money.refunds.map((refund) => [refund.refundId, refund]));
  const payments = money.payments.map((payment): ReconciledPayment => {
    const refund = refunds.get(payment.refundId);
    const idempotencyKey = paymentKey(payment);
    return {
      idempotencyKey,
      call: callOf(refund?.phase),
      refundId: payment.refundId,
      phase: refund?.phase ?? 'final',
      n: payment.n,
      chargeId: payment.chargeId,
      amountMinor: payment.amountMinor,
      state: payment.state,
      providerReference: payment.providerReference,
      lines: payment.lines,
      provider: checkPayment(payment, answers.get(idempotencyKey)),
    };
  });
  const outstandingPerLine = uncollectedPerLine(money);
  const capturesKnown = money.captures.length > 0;
  const lineIds = unique([
    ...money.captures.map((capture) => capture.lineId),
    ...money.ledger.map((entry) => entry.lineId),
  ]);
  const lines = lineIds.map((lineId): ReconciledLine => {
    const charges = money.captures
      .filter((capture) => capture.lineId === lineId)
      .map((capture) => ({ chargeId: capture.chargeId, capturedMinor: capture.amountMinor }));
    const capturedMinor = sumMinor(charges.map((charge) => charge.capturedMinor));
    const entries = money.ledger.filter((entry) => entry.lineId === lineId);
    const ledger = Object.fromEntries(
      LEDGER_KINDS.map((kind) => [
        kind,
        sumMinor(entries.filter((entry) => entry.kind === kind).map((entry) => entry.amountMinor)),
      ]),
    ) as Record<LedgerKind, number>;
    const refundedMinor = sumMinor(entries.map((entry) => entry.amountMinor));
    return {
      lineId,
      capturedMinor,
      charges,
      ledger,
      refundedMinor,
      leftMinor: capturedMinor - refundedMinor,
      outstandingClawbackMinor: outstandingPerLine.get(lineId) ?? 0,
      withinCaptured: !capturesKnown || refundedMinor <= capturedMinor,
    };
  });
  const outstandingClawbacks = uncollectedClawbacks(money);
  const providerChecks = { agrees: 0, disagrees: 0, missing: 0, unknown: 0 };
  for (const payment of payments) providerChecks[payment.provider.status] += 1;
  const capturedMinor = sumMinor(lines.map((line) => line.capturedMinor));
  const refundedMinor = sumMinor(lines.map((line) => line.refundedMinor));
  return {
    orderId: money.orderId,
    capturesKnown,
    lines,
    payments,
    outstandingClawbacks,
    summary: {
      capturedMinor,
      refundedMinor,
      leftMinor: capturedMinor - refundedMinor,
      outstandingClawbackMinor: sumMinor(outstandingClawbacks.map((clawback) => clawback.outstandingMinor)),
      providerChecks,
      agrees: lines.every((line) => line.withinCaptured) && providerChecks.agrees === payments.length,
    },
  };
}

/**
 * Per line, what claw-backs through the provider still have to collect: the lines of each charge's
 * latest part (a retry after a decline is a new part of the same charge) that has not succeeded.
 */
function uncollectedPerLine(money: OrderMoney): Map<string, number> {
  const outstanding = new Map<string, number>();
  for (const clawback of money.refunds) {
    if (clawback.phase !== 'clawback' || !UNCOLLECTED_STATES.includes(clawback.state)) continue;
    for (const part of latestPartPerCharge(money.payments, clawback.refundId)) {
      if (part.state !== 'pending' && part.state !== 'failed') continue;
      for (const line of part.lines) {
        outstanding.set(line.lineId, (outstanding.get(line.lineId) ?? 0) + line.amountMinor);
      }
    }
  }
  return outstanding;
}

/**
 * Claw-backs not (wholly) collected: through the provider, what their succeeded parts have not
 * charged; from store credit, what the debit could not take (the customer had spent it).
 */
function uncollectedClawbacks(money: OrderMoney): OutstandingClawback[] {
  return money.refunds
    .filter((refund) => refund.phase === 'clawback' && UNCOLLECTED_STATES.includes(refund.state))
    .map((clawback) => {
      const collectedMinor =
        clawback.method === 'store_credit'
          ? (money.storeCreditTaken.get(clawback.refundId) ?? 0)
          : sumMinor(
              money.payments
                .filter((part) => part.refundId === clawback.refundId && part.state === 'succeeded')
                .map((part) => part.amountMinor),
            );
      return {
        refundId: clawback.refundId,
        reverses: clawback.reverses,
        method: clawback.method,
        state: clawback.state,
        amountMinor: clawback.amountMinor,
        outstandingMinor: Math.max(0, clawback.amountMinor - collectedMinor),
      };
    })
    .filter((clawback) => clawback.outstandingMinor > 0);
}

function callOf(phase: Refund['phase'] | undefined): ProviderCall['call'] {
  return phase !== undefined && chargesCustomer({ phase }) ? 'charge' : 'refund';
}

function latestPartPerCharge(payments: readonly RefundPayment[], refundId: string): RefundPayment[] {
  const latest = new Map<string, RefundPayment>();
  for (const part of payments) {
    if (part.refundId !== refundId) continue;
    const seen = latest.get(part.chargeId);
    if (!seen || seen.n < part.n) latest.set(part.chargeId, part);
  }
  return [...latest.values()];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
