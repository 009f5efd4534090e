/**
 * returns-intake's ports in memory, for the use cases' unit tests: each store keeps what it is given
 * and answers the way its Postgres twin does (test/persistence checks those against the database).
 * Locks are plain reads here; concurrency is the integration tests' to prove.
 */
import type { PartnerCoverage } from '@rebound/contracts';
import type { CatalogueProduct, ProductSnapshot, RecordedProduct, StockLevel } from '../../src/domain/catalogue';
import type {
  CatalogueStore,
  IdempotencyClaim,
  IdempotencyKeys,
  OrdersStore,
  PartnerCoverageStore,
  PolicyStore,
  PolicyVersionRecord,
  LineChange,
  ReturnOpening,
  ReturnsStore,
} from '../../src/domain/ports';
import type { Order } from '../../src/domain/order';
import { ReturnPolicy } from '../../src/domain/policy/return-policy';
import type { Decision, RefundFact, ReturnRequest, TimelineEntry } from '../../src/domain/return-request';
import { holdsQuantity, type ReturnStatus } from '../../src/domain/return-status';

export class InMemoryReturnsStore implements ReturnsStore {
  readonly rows = new Map<string, ReturnRequest>();
  readonly decisionRows: Decision[] = [];
  readonly timelineRows: TimelineEntry[] = [];
  readonly refundRows = new Map<string, RefundFact>();
  /** When each return last progressed, as the stuck-returns queries read it. */
  readonly progressedAt = new Map<string, Date>();

  async insert(request: ReturnRequest, opening?: ReturnOpening): Promise<void> {
    if (this.rows.has(request.returnId)) throw new Error(`return ${request.returnId} exists`);
    this.rows.set(request.returnId, request);
    this.progressedAt.set(request.returnId, request.updatedAt);
    if (!opening) return;
    this.decisionRows.push(opening.decision);
    for (const entry of opening.timeline) await this.appendTimeline(entry);
  }

  async find(returnId: string): Promise<ReturnRequest | null> {
    return this.rows.get(returnId) ?? null;
  }

  lock(returnId: string): Promise<ReturnRequest | null> {
    return this.find(returnId);
  }

  async setStatus(returnId: string, status: ReturnStatus, at: Date): Promise<void> {
    const request = this.rows.get(returnId);
    if (!request) return;
    this.rows.set(returnId, { ...request, status, updatedAt: at });
    await this.markProgress(returnId, at);
  }

  async markProgress(returnId: string, at: Date): Promise<void> {
    const before = this.progressedAt.get(returnId);
    if (!before || before < at) this.progressedAt.set(returnId, at);
  }

  async updateLine(returnId: string, lineId: string, change: LineChange): Promise<void> {
    const request = this.rows.get(returnId);
    if (!request) return;
    const lines = request.lines.map((line) => (line.lineId === lineId ? { ...line, ...change } : line));
    this.rows.set(returnId, { ...request, lines });
  }

  async setExpectedRefund(returnId: string, expectedRefundMinor: number): Promise<void> {
    const request = this.rows.get(returnId);
    if (request) this.rows.set(returnId, { ...request, expectedRefundMinor });
  }

  async markExchangeRequested(returnId: string, at: Date): Promise<void> {
    const request = this.rows.get(returnId);
    if (request) this.rows.set(returnId, { ...request, exchangeRequestedAt: at });
  }

  async markExchangeReleased(returnId: string, at: Date): Promise<void> {
    const request = this.rows.get(returnId);
    if (request) this.rows.set(returnId, { ...request, exchangeReleasedAt: at });
  }

  async returnedQuantities(orderId: string): Promise<Map<string, number>> {
    const quantities = new Map<string, number>();
    for (const request of this.rows.values()) {
      if (request.orderId !== orderId || !holdsQuantity(request.status)) continue;
      for (const line of request.lines) quantities.set(line.lineId, (quantities.get(line.lineId) ?? 0) + line.quantity);
    }
    return quantities;
  }

  async linesInReturns(orderId: string): Promise<Set<string>> {
    const requests = [...this.rows.values()].filter((request) => request.orderId === orderId);
    return new Set(requests.flatMap((request) => request.lines.map((line) => line.lineId)));
  }

  async insertDecision(decision: Decision): Promise<void> {
    this.decisionRows.push(decision);
  }

  async decisions(returnId: string): Promise<Decision[]> {
    return this.decisionRows.filter((decision) => decision.returnId === returnId);
  }

  async appendTimeline(entry: TimelineEntry): Promise<boolean> {
    if (this.timelineRows.some((existing) => existing.eventId === entry.eventId)) return false;
    this.timelineRows.push(entry);
    return true;
  }

  async timeline(returnId: string): Promise<TimelineEntry[]> {
    return this.timelineRows.filter((entry) => entry.returnId === returnId);
  }

  async saveRefund(fact: RefundFact): Promise<void> {
    this.refundRows.set(fact.refundId, fact);
  }

  async findRefund(refundId: string): Promise<RefundFact | null> {
    return this.refundRows.get(refundId) ?? null;
  }

  async refunds(returnId: string): Promise<RefundFact[]> {
    return [...this.refundRows.values()].filter((fact) => fact.returnId === returnId);
  }
}

export class InMemoryOrdersStore implements OrdersStore {
  readonly rows = new Map<string, Order>();

  constructor(private readonly returns: InMemoryReturnsStore) {}

  async find(orderId: string): Promise<Order | null> {
    return this.rows.get(orderId) ?? null;
  }

  lock(orderId: string): Promise<Order | null> {
    return this.find(orderId);
  }

  async save(order: Order): Promise<void> {
    this.rows.set(order.orderId, order);
  }

  async customerHistory(customerId: string): Promise<{ deliveredOrders: number; ordersWithReturns: number }> {
    const orders = [...this.rows.values()].filter((order) => order.customerId === customerId);
    const returned = [...this.returns.rows.values()].filter((request) => holdsQuantity(request.status));
    return {
      deliveredOrders: orders.filter((order) => order.deliveredAt !== null).length,
      ordersWithReturns: orders.filter((order) => returned.some((request) => request.orderId === order.orderId)).length,
    };
  }
}

export class InMemoryPartnerCoverageStore implements PartnerCoverageStore {
  readonly rows = new Map<string, PartnerCoverage & { readonly active: boolean; readonly changedAt: Date }>();

  async active(): Promise<PartnerCoverage[]> {
    return [...this.rows.values()]
      .filter((coverage) => coverage.active)
      .sort((a, b) => a.partnerId.localeCompare(b.partnerId))
      .map(({ partnerId, serviceAreas, capabilities, slotWindows, horizonDays }) => ({
        partnerId,
        serviceAreas,
        capabilities,
        slotWindows,
        horizonDays,
      }));
  }

  async save(coverage: PartnerCoverage & { readonly active: boolean; readonly changedAt: Date }): Promise<boolean> {
    const stored = this.rows.get(coverage.partnerId);
    if (stored && stored.changedAt > coverage.changedAt) return false;
    this.rows.set(coverage.partnerId, coverage);
    return true;
  }
}

export class InMemoryPolicyStore implements PolicyStore {
  readonly versions: PolicyVersionRecord[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  async current(): Promise<ReturnPolicy | null> {
    const latest = await this.latest();
    return latest ? new ReturnPolicy(latest.version, latest.document) : null;
  }

  async version(version: number): Promise<PolicyVersionRecord | null> {
    return this.versions.find((record) => record.version === version) ?? null;
  }

  async latest(source?: 'file' | 'api'): Promise<PolicyVersionRecord | null> {
    const matching = this.versions.filter((record) => source === undefined || record.source === source);
    return matching[matching.length - 1] ?? null;
  }

  /** One test runs one use case at a time: nothing to wait for. */
  lockVersions(): Promise<void> {
    return Promise.resolve();
  }

  async append(record: Omit<PolicyVersionRecord, 'version' | 'createdAt'>): Promise<PolicyVersionRecord> {
    const stored = { ...record, version: this.versions.length + 1, createdAt: this.now() };
    this.versions.push(stored);
    return stored;
  }
}

export class InMemoryIdempotencyKeys implements IdempotencyKeys {
  private readonly claims = new Map<string, { requestHash: string; resourceId: string }>();

  async claim(operation: string, key: string, requestHash: string, resourceId: string): Promise<IdempotencyClaim> {
    const existing = this.claims.get(`${operation}:${key}`);
    if (existing) return { claimed: false, ...existing };
    this.claims.set(`${operation}:${key}`, { requestHash, resourceId });
    return { claimed: true };
  }
}

export class InMemoryCatalogueStore implements CatalogueStore {
  readonly products = new Map<string, ProductSnapshot>();
  /** By `<sku>@<warehouseId>`. */
  readonly stock = new Map<string, StockLevel>();

  async productOfSku(sku: string): Promise<CatalogueProduct | null> {
    const owner = [...this.products.values()].find((product) => product.variants.some((v) => v.sku === sku));
    return owner ? this.withStock(owner) : null;
  }

  async productsInCategory(category: string, exceptProductId: string, limit: number): Promise<CatalogueProduct[]> {
    const candidates = [...this.products.values()]
      .filter((product) => product.category === category && product.productId !== exceptProductId)
      .map((product) => this.withStock(product))
      .filter((product) => product.variants.some((variant) => variant.active));
    const inStock = (product: RecordedProduct) => product.variants.some((v) => v.active && v.sellable > 0);
    return candidates
      .sort((a, b) => Number(inStock(b)) - Number(inStock(a)) || a.productId.localeCompare(b.productId))
      .slice(0, limit);
  }

  async product(productId: string): Promise<RecordedProduct | null> {
    const product = this.products.get(productId);
    return product ? this.withStock(product) : null;
  }

  async lockProduct(productId: string): Promise<number | null> {
    return this.products.get(productId)?.version ?? null;
  }

  async saveProduct(snapshot: ProductSnapshot): Promise<void> {
    const skus = new Set(snapshot.variants.map((variant) => variant.sku));
    // A sku another product listed now belongs to this one.
    for (const [productId, other] of this.products) {
      if (productId === snapshot.productId) continue;
      this.products.set(productId, { ...other, variants: other.variants.filter((v) => !skus.has(v.sku)) });
    }
    this.products.set(snapshot.productId, snapshot);
  }

  async saveStockLevel(level: StockLevel): Promise<boolean> {
    const key = `${level.sku}@${level.warehouseId}`;
    const stored = this.stock.get(key);
    if (stored && stored.version >= level.version) return false;
    this.stock.set(key, level);
    return true;
  }

  private withStock({ recordedBy, publishedAt, ...product }: ProductSnapshot): RecordedProduct {
    const sellable = (sku: string) =>
      [...this.stock.values()].filter((level) => level.sku === sku).reduce((sum, level) => sum + level.sellable, 0);
    return {
      ...product,
      publishedAt,
      recordedBy,
      variants: product.variants.map((variant) => ({
        ...variant,
        productId: product.productId,
        sellable: sellable(variant.sku),
      })),
    };
  }
}
