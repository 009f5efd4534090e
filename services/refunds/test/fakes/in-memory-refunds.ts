/**
 * The refunds ports in memory, for the use cases' unit tests: one state the four stores share (as the
 * tables are shared in Postgres — the ledger reads refunds' parts), and a transaction over it with a
 * RecordingEventSink. Nothing is rolled back and nothing is locked: the unit tests run one use case at
 * a time; concurrency and rollback are the Postgres stores' own tests.
 */
import { RecordingEventSink } from '@rebound/kernel/testing';
import { chargeLineKey } from '../../src/domain/charge-allocation';
import type { Capture, LedgerEntry } from '../../src/domain/money-ledger';
import type {
  ApprovalsStore,
  ExchangeOrder,
  MoneyLedgerStore,
  RefundAction,
  RefundAdjustment,
  RefundsStore,
  RefundsTransaction,
  Settlement,
  SettlementRecord,
  StoreCreditRedemption,
  StoreCreditStore,
} from '../../src/domain/ports';
import type { ReversalReason } from '@rebound/contracts';
import type { SettledExchangeLine } from '../../src/domain/exchange';
import type { ApprovedTerms, LineRefund, Resolution } from '../../src/domain/refund-amount';
import {
  chargesCustomer,
  type PaymentAttempt,
  type Phase,
  type Refund,
  type RefundPayment,
} from '../../src/domain/refund';
import type { StoreCreditChange, StoreCreditEntry } from '../../src/domain/store-credit';

interface KeptSettlement extends Settlement {
  appliedAt: Date | null;
}

export class InMemoryRefundsState {
  readonly captures = new Map<string, Capture[]>();
  readonly ledger: LedgerEntry[] = [];
  readonly approvals = new Map<string, ApprovedTerms>();
  readonly settlements = new Map<string, KeptSettlement>();
  readonly adjustments: RefundAdjustment[] = [];
  readonly refunds = new Map<string, Refund & { leaseUntil: Date | null }>();
  readonly payments: RefundPayment[] = [];
  readonly attempts: PaymentAttempt[] = [];
  readonly actions: RefundAction[] = [];
  readonly balances = new Map<string, number>();
  readonly storeCreditEntries: StoreCreditEntry[] = [];
  readonly redemptions: StoreCreditRedemption[] = [];
  readonly exchangeOrders = new Map<string, ExchangeOrder>();
  readonly exchangeLines = new Map<string, SettledExchangeLine[]>();
  readonly ended = new Map<string, ReversalReason>();

  /** A transaction over this state, announcing into `events`. */
  transaction(events = new RecordingEventSink()): RefundsTransaction & { events: RecordingEventSink } {
    return {
      ledger: new InMemoryMoneyLedgerStore(this),
      approvals: new InMemoryApprovalsStore(this),
      refunds: new InMemoryRefundsStore(this),
      storeCredit: new InMemoryStoreCreditStore(this),
      events,
    };
  }

  refundsOf(returnId: string): (Refund & { leaseUntil: Date | null })[] {
    return [...this.refunds.values()].filter((refund) => refund.returnId === returnId);
  }

  partsOf(refundId: string): RefundPayment[] {
    return this.payments.filter((payment) => payment.refundId === refundId).sort((a, b) => a.n - b.n);
  }

  balanceOf(customerId: string, currency: string): number {
    return this.balances.get(`${customerId}/${currency}`) ?? 0;
  }
}

export class InMemoryMoneyLedgerStore implements MoneyLedgerStore {
  constructor(private readonly state: InMemoryRefundsState) {}

  async lockOrderMoney(): Promise<void> {
    return undefined;
  }

  async recordCaptures(orderId: string, captures: readonly Capture[]): Promise<void> {
    const kept = this.state.captures.get(orderId) ?? [];
    for (const capture of captures) {
      if (!kept.some((known) => known.chargeId === capture.chargeId && known.lineId === capture.lineId)) {
        kept.push({ ...capture });
      }
    }
    this.state.captures.set(orderId, kept);
  }

  async refundableCharges(orderId: string): Promise<Capture[]> {
    const captured = [...(this.state.captures.get(orderId) ?? [])].sort((a, b) => a.chargeId.localeCompare(b.chargeId));
    const collected = this.partsOfOrder(orderId, (refund) => refund.phase === 'clawback')
      .filter((part) => part.state === 'succeeded' && part.providerReference !== null)
      .flatMap((part) =>
        part.lines.map((line) => ({
          chargeId: part.providerReference as string,
          lineId: line.lineId,
          amountMinor: line.amountMinor,
        })),
      );
    return [...captured, ...collected];
  }

  async capturedPerLine(orderId: string): Promise<Map<string, number>> {
    return sumBy(this.state.captures.get(orderId) ?? [], (capture) => capture.lineId);
  }

  async ledgerPerLine(orderId: string, exceptReturnId?: string): Promise<Map<string, number>> {
    return sumBy(
      this.state.ledger.filter((entry) => entry.orderId === orderId && entry.returnId !== exceptReturnId),
      (entry) => entry.lineId,
    );
  }

  async ledgerOfRefund(refundId: string): Promise<Map<string, number>> {
    const sums = sumBy(
      this.state.ledger.filter((entry) => entry.refundId === refundId),
      (entry) => entry.lineId,
    );
    return new Map([...sums].filter(([, amount]) => amount !== 0));
  }

  async appendLedger(entries: readonly LedgerEntry[]): Promise<void> {
    this.state.ledger.push(...entries);
  }

  async takenFromCharges(orderId: string): Promise<Map<string, number>> {
    const taken = new Map<string, number>();
    for (const part of this.partsOfOrder(orderId, (refund) => !chargesCustomer(refund))) {
      if (part.state !== 'pending' && part.state !== 'succeeded') continue;
      for (const line of part.lines) {
        const key = chargeLineKey(part.chargeId, line.lineId);
        taken.set(key, (taken.get(key) ?? 0) + line.amountMinor);
      }
    }
    return taken;
  }

  private partsOfOrder(orderId: string, which: (refund: Refund) => boolean): RefundPayment[] {
    return this.state.payments.filter((part) => {
      const refund = this.state.refunds.get(part.refundId);
      return refund !== undefined && refund.orderId === orderId && which(refund);
    });
  }
}

export class InMemoryApprovalsStore implements ApprovalsStore {
  constructor(private readonly state: InMemoryRefundsState) {}

  async keepApproval(terms: ApprovedTerms): Promise<boolean> {
    if (this.state.approvals.has(terms.returnId)) return false;
    this.state.approvals.set(terms.returnId, terms);
    return true;
  }

  async approvalOf(returnId: string): Promise<ApprovedTerms | undefined> {
    return this.state.approvals.get(returnId);
  }

  async settle(settlement: SettlementRecord, lines: readonly LineRefund[]): Promise<boolean> {
    if (this.state.settlements.has(settlement.returnId)) return false;
    this.state.settlements.set(settlement.returnId, {
      returnId: settlement.returnId,
      inspectionId: settlement.inspectionId,
      refundableMinor: settlement.refundableMinor,
      lines: lines.map((line) => ({ lineId: line.lineId, amountMinor: line.refundMinor })),
      at: settlement.at,
      appliedAt: null,
    });
    return true;
  }

  async pendingSettlement(returnId: string): Promise<Settlement | undefined> {
    const kept = this.state.settlements.get(returnId);
    if (!kept || kept.appliedAt !== null) return undefined;
    const { appliedAt: _appliedAt, ...settlement } = kept;
    return settlement;
  }

  async markSettlementApplied(returnId: string, at: Date): Promise<void> {
    const kept = this.state.settlements.get(returnId);
    if (kept) kept.appliedAt = at;
  }

  async recordAdjustment(adjustment: RefundAdjustment): Promise<void> {
    this.state.adjustments.push(adjustment);
  }

  async changeResolution(returnId: string, lineId: string, resolution: Resolution): Promise<void> {
    const terms = this.state.approvals.get(returnId);
    if (!terms) return;
    this.state.approvals.set(returnId, {
      ...terms,
      lines: terms.lines.map((line) => (line.lineId === lineId ? { ...line, resolution } : line)),
    });
  }

  async keepExchangeOrder(order: ExchangeOrder): Promise<boolean> {
    if (this.state.exchangeOrders.has(order.returnId)) return false;
    this.state.exchangeOrders.set(order.returnId, order);
    return true;
  }

  async exchangeOrderOf(returnId: string): Promise<ExchangeOrder | undefined> {
    return this.state.exchangeOrders.get(returnId);
  }

  async recordExchangeLines(returnId: string, _orderId: string, lines: readonly SettledExchangeLine[]): Promise<void> {
    this.state.exchangeLines.set(returnId, [...lines]);
  }

  async exchangeLinesOf(returnId: string): Promise<SettledExchangeLine[]> {
    return [...(this.state.exchangeLines.get(returnId) ?? [])];
  }

  async markEnded(returnId: string, reason: ReversalReason): Promise<void> {
    if (!this.state.ended.has(returnId)) this.state.ended.set(returnId, reason);
  }

  async endedReason(returnId: string): Promise<ReversalReason | undefined> {
    return this.state.ended.get(returnId);
  }
}

export class InMemoryRefundsStore implements RefundsStore {
  constructor(private readonly state: InMemoryRefundsState) {}

  async insertRefund(refund: Refund): Promise<boolean> {
    const taken =
      refund.phase !== 'clawback' &&
      this.state
        .refundsOf(refund.returnId)
        .some((other) => other.phase === refund.phase && other.state !== 'superseded');
    if (taken) return false;
    this.state.refunds.set(refund.refundId, { ...refund, leaseUntil: null });
    return true;
  }

  async lockInstantRefunds(returnId: string): Promise<Refund[]> {
    return this.state
      .refundsOf(returnId)
      .filter((refund) => refund.phase === 'instant')
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.refundId.localeCompare(b.refundId))
      .map(withoutLease);
  }

  async lockRefundsOf(returnId: string, phase: Phase): Promise<Refund[]> {
    return this.state
      .refundsOf(returnId)
      .filter((refund) => refund.phase === phase)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.refundId.localeCompare(b.refundId))
      .map(withoutLease);
  }

  async insertPayments(payments: readonly RefundPayment[]): Promise<void> {
    this.state.payments.push(...payments.map((payment) => ({ ...payment })));
  }

  async paymentsOf(refundId: string): Promise<RefundPayment[]> {
    return this.state.partsOf(refundId).map((payment) => ({ ...payment }));
  }

  async updatePayment(payment: RefundPayment): Promise<void> {
    const index = this.state.payments.findIndex((kept) => kept.refundId === payment.refundId && kept.n === payment.n);
    this.state.payments[index] = {
      ...this.state.payments[index],
      state: payment.state,
      providerReference: payment.providerReference,
    };
  }

  async recordAction(action: RefundAction): Promise<void> {
    this.state.actions.push(action);
  }

  async refund(refundId: string): Promise<Refund | undefined> {
    const kept = this.state.refunds.get(refundId);
    return kept && withoutLease(kept);
  }

  async lockRefund(refundId: string): Promise<Refund | undefined> {
    return this.refund(refundId);
  }

  async updateRefund(refund: Refund): Promise<void> {
    const kept = this.state.refunds.get(refund.refundId);
    if (!kept) return;
    this.state.refunds.set(refund.refundId, {
      ...kept,
      state: refund.state,
      attempts: refund.attempts,
      nextAttemptAt: refund.nextAttemptAt,
      outcomeUnknown: refund.outcomeUnknown,
      providerReference: refund.providerReference,
      lastError: refund.lastError,
      updatedAt: refund.updatedAt,
      reversalReason: refund.reversalReason,
      leaseUntil: refund.state === 'processing' ? kept.leaseUntil : null,
    });
  }

  async recordAttempt(attempt: PaymentAttempt): Promise<void> {
    this.state.attempts.push(attempt);
  }

  async claimDuePayment(now: Date, leaseUntil: Date): Promise<Refund | undefined> {
    const due = [...this.state.refunds.values()]
      .filter(
        (refund) =>
          (refund.state === 'pending' && refund.nextAttemptAt !== null && refund.nextAttemptAt <= now) ||
          (refund.state === 'processing' && refund.leaseUntil !== null && refund.leaseUntil < now),
      )
      .sort((a, b) => (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0))[0];
    if (!due) return undefined;
    const claimed = {
      ...due,
      outcomeUnknown: due.outcomeUnknown || due.state === 'processing',
      state: 'processing' as const,
      leaseUntil,
      leaseToken: due.leaseToken + 1,
      updatedAt: now,
    };
    this.state.refunds.set(due.refundId, claimed);
    return withoutLease(claimed);
  }
}

export class InMemoryStoreCreditStore implements StoreCreditStore {
  constructor(private readonly state: InMemoryRefundsState) {}

  async lockStoreCredit(customerId: string, currency: string): Promise<number> {
    return this.state.balanceOf(customerId, currency);
  }

  async appendStoreCredit(change: StoreCreditChange, balanceAfterMinor: number): Promise<StoreCreditEntry> {
    const entry: StoreCreditEntry = {
      ...change,
      entryId: String(this.state.storeCreditEntries.length + 1),
      balanceAfterMinor,
    };
    this.state.storeCreditEntries.push(entry);
    this.state.balances.set(`${change.customerId}/${change.currency}`, balanceAfterMinor);
    return entry;
  }

  async claimRedemption(redemption: StoreCreditRedemption): Promise<StoreCreditRedemption | undefined> {
    const kept = this.state.redemptions.find(
      (known) => known.clientId === redemption.clientId && known.idempotencyKey === redemption.idempotencyKey,
    );
    if (kept) return kept;
    this.state.redemptions.push(redemption);
    return undefined;
  }

  async redemptionEntry(redemptionId: string): Promise<StoreCreditEntry | undefined> {
    return this.state.storeCreditEntries.find((entry) => entry.redemptionId === redemptionId);
  }
}

function withoutLease(refund: Refund & { leaseUntil: Date | null }): Refund {
  const { leaseUntil: _leaseUntil, ...rest } = refund;
  return { ...rest };
}

function sumBy<T extends { amountMinor: number }>(
  items: readonly T[],
  keyOf: (item: T) => string,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(keyOf(item), (sums.get(keyOf(item)) ?? 0) + item.amountMinor);
  return sums;
}
