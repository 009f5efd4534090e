/**
 * The exchange history in memory, for the use cases' unit tests: exchanges are seeded as completed
 * returns record them (who returned which sku for which reason, and the variant they kept), and read
 * back as the port answers.
 */
import type { KeptVariant, PeerExchanges } from '../../src/domain/offers/offer';
import type { ExchangeHistoryStore, KeptExchange } from '../../src/domain/ports';

export interface CompletedExchange {
  readonly customerId: string;
  readonly returnedSku: string;
  readonly reasonCode: string;
  readonly kept: KeptVariant;
}

export class InMemoryExchangeHistory implements ExchangeHistoryStore {
  readonly exchanges: CompletedExchange[] = [];

  seed(...exchanges: CompletedExchange[]): this {
    this.exchanges.push(...exchanges);
    return this;
  }

  async record(exchanges: readonly KeptExchange[]): Promise<void> {
    this.seed(...exchanges);
  }

  async keptByCustomer(customerId: string, category: string): Promise<KeptVariant[]> {
    return this.exchanges
      .filter((exchange) => exchange.customerId === customerId && exchange.kept.category === category)
      .map((exchange) => exchange.kept);
  }

  async peersKept(sku: string, reasonCode: string): Promise<PeerExchanges> {
    const same = this.exchanges.filter(
      (exchange) => exchange.returnedSku === sku && exchange.reasonCode === reasonCode,
    );
    const counts = new Map<string, number>();
    for (const { kept } of same) counts.set(kept.sku, (counts.get(kept.sku) ?? 0) + 1);
    return {
      total: same.length,
      kept: [...counts].map(([replacementSku, count]) => ({ replacementSku, count })),
    };
  }
}
