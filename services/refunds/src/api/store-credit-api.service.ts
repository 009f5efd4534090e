/**
 * What the store-credit controller does: keep a customer's token to its own balance, run the
 * redemption, shape the answers.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, decodeCursor, fetchPage, invalidCursor, type Page } from '@rebound/kernel';
import { TRANSACTIONS } from '@rebound/service';
import { actorOf, requireIdempotencyKey, type Caller } from '@rebound/http';
import type { StoreCreditReads, TransactionRunner } from '../domain/ports';
import type { StoreCreditEntry } from '../domain/store-credit';
import { RedeemStoreCredit } from '../domain/use-cases/redeem-store-credit/redeem-store-credit';
import { RedeemStoreCreditCommand } from '../domain/use-cases/redeem-store-credit/redeem-store-credit.command';
import { STORE_CREDIT_READS } from '../providers';
import type { RedeemStoreCreditRequest } from './dto/redeem-store-credit.request';
import type {
  RedemptionResponse,
  StoreCreditEntriesQuery,
  StoreCreditEntryResponse,
  StoreCreditResponse,
} from './dto/store-credit.response';

export interface RedemptionResult {
  /** True when the Idempotency-Key had redeemed this request before: the first answer, nothing taken again. */
  readonly replayed: boolean;
  readonly body: RedemptionResponse;
}

@Injectable()
export class StoreCreditApiService {
  constructor(
    @Inject(STORE_CREDIT_READS) private readonly reads: StoreCreditReads,
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    private readonly redeemStoreCredit: RedeemStoreCredit,
  ) {}

  async balances(customerId: string, caller: Caller): Promise<StoreCreditResponse> {
    checkReader(customerId, caller);
    const balances = await this.reads.storeCreditBalances(customerId);
    return {
      customerId,
      balances: balances.map((balance) => ({
        currency: balance.currency,
        balanceMinor: balance.balanceMinor,
        updatedAt: balance.updatedAt.toISOString(),
      })),
    };
  }

  async entries(
    customerId: string,
    query: StoreCreditEntriesQuery,
    caller: Caller,
  ): Promise<Page<StoreCreditEntryResponse>> {
    checkReader(customerId, caller);
    let before: string | undefined;
    if (query.cursor !== undefined) {
      before = String(decodeCursor(query.cursor, ['entryId']).entryId);
      // At most 18 digits: always a bigint, so a forged cursor is a 400, never a database error.
      if (!/^\d{1,18}$/.test(before)) throw invalidCursor();
    }
    return fetchPage(
      query.limit,
      (rows) => this.reads.storeCreditEntries(customerId, query.currency, rows, before),
      (last) => ({ entryId: last.entryId }),
      presentEntry,
    );
  }

  async redeem(
    customerId: string,
    request: RedeemStoreCreditRequest,
    idempotencyKey: string | undefined,
    caller: Caller,
  ): Promise<RedemptionResult> {
    const key = requireIdempotencyKey(
      idempotencyKey,
      'a redemption needs an Idempotency-Key header, so that a retried checkout never spends the credit twice',
    );
    const orderId = request.orderId ?? null;
    // Fixed order and the absent order spelled out: the same redemption always has the same digest.
    const requestHash = createHash('sha256')
      .update(JSON.stringify([customerId, request.currency, request.amountMinor, orderId]))
      .digest('hex');
    const command = RedeemStoreCreditCommand.of({
      customerId,
      currency: request.currency,
      amountMinor: request.amountMinor,
      orderId,
      idempotencyKey: key,
      requestHash,
      redeemedBy: actorOf(caller),
    });
    const redeemed = await this.transactions.run((tx) => this.redeemStoreCredit.execute(tx, command));
    const { entry } = redeemed;
    return {
      replayed: redeemed.replayed,
      body: {
        redemptionId: redeemed.redemptionId,
        customerId: entry.customerId,
        currency: entry.currency,
        amountMinor: -entry.amountMinor,
        orderId: entry.orderId,
        balanceAfterMinor: entry.balanceAfterMinor,
        redeemedBy: { subject: redeemed.redeemedBy.subject, clientId: redeemed.redeemedBy.clientId },
        redeemedAt: entry.at.toISOString(),
      },
    };
  }
}

/**
 * A customer's own token reads that customer's store credit only: another customer's is answered as
 * if it did not exist, as returns-intake answers another customer's return.
 */
function checkReader(customerId: string, caller: Caller): void {
  if (caller.customerId === undefined || caller.customerId === customerId) return;
  throw new DomainError('not-found', 'store-credit-not-found', `no store credit of customer ${customerId}`, {
    title: 'No such store credit',
  });
}

function presentEntry(entry: StoreCreditEntry): StoreCreditEntryResponse {
  return {
    entryId: entry.entryId,
    currency: entry.currency,
    kind: entry.kind,
    amountMinor: entry.amountMinor,
    balanceAfterMinor: entry.balanceAfterMinor,
    refundId: entry.refundId,
    redemptionId: entry.redemptionId,
    orderId: entry.orderId,
    actor: entry.actor && { subject: entry.actor.subject, clientId: entry.actor.clientId },
    recordedAt: entry.at.toISOString(),
  };
}
