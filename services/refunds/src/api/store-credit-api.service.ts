/**
 * What the store-credit controller does: keep a customer's token to its own balance, run the
 * redemption, shape the answers.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from '@rebound/kernel';
import { ProblemException, actorOf, requireIdempotencyKey, type Caller } from '@rebound/http';
import type { Clock, TransactionRunner } from '../domain/ports';
import type { StoreCreditEntry } from '../domain/store-credit';
import { redeemStoreCredit } from '../domain/use-cases/redeem-store-credit';
import { PgRefundsStore } from '../persistence/pg-refunds.store';
import { CLOCK, TRANSACTIONS } from '../providers';
import type { RedeemStoreCreditRequest } from './dto/redeem-store-credit.request';
import type {
  RedemptionResponse,
  StoreCreditEntriesQuery,
  StoreCreditEntryResponse,
  StoreCreditResponse,
} from './dto/store-credit.response';
import { answeringProblems } from './refunds-problem';

export interface RedemptionResult {
  /** True when the Idempotency-Key had redeemed this request before: the first answer, nothing taken again. */
  readonly replayed: boolean;
  readonly body: RedemptionResponse;
}

@Injectable()
export class StoreCreditApiService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
  ) {}

  async balances(customerId: string, caller: Caller): Promise<StoreCreditResponse> {
    checkReader(customerId, caller);
    const balances = await this.store().storeCreditBalances(customerId);
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
    const rows = await this.store().storeCreditEntries(customerId, query.currency, query.limit + 1, before);
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(presentEntry),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ entryId: last.entryId }) : null,
    };
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
    const redeemed = await answeringProblems('No such store credit', () =>
      this.transactions.run((tx) =>
        redeemStoreCredit(
          tx,
          {
            customerId,
            currency: request.currency,
            amountMinor: request.amountMinor,
            orderId,
            idempotencyKey: key,
            requestHash,
            redeemedBy: actorOf(caller),
          },
          this.clock.now(),
        ),
      ),
    );
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

  private store(): PgRefundsStore {
    return new PgRefundsStore(this.dataSource.manager);
  }
}

/**
 * A customer's own token reads that customer's store credit only: another customer's is answered as
 * if it did not exist, as returns-intake answers another customer's return.
 */
function checkReader(customerId: string, caller: Caller): void {
  if (caller.customerId === undefined || caller.customerId === customerId) return;
  throw new ProblemException({
    status: 404,
    slug: 'store-credit-not-found',
    title: 'No such store credit',
    detail: `no store credit of customer ${customerId}`,
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
