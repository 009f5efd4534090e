/**
 * The offers for one returned line, best first, each explained. Pure: the same line, catalogue,
 * policy and history always give the same offers in the same order.
 *
 * Only outcomes the policy allows for the line's category and the customer's tier are offered. An
 * exchange is only for an active variant with enough sellable stock for the whole line, priced in
 * the line's currency, whose price difference from what was paid stays within the policy's limits,
 * and never for the returned sku itself; and only when the catalogue knows the returned product (without
 * it, neither the size to move from nor what is alike is known). A reason that suggests a size never offers one the other way
 * (a too-small return is not offered a smaller size).
 *
 * Order: keeping the item (when offered, it spares the customer the trip and costs nothing to
 * ship), then exchanges for another variant of the same product, then for another product, then
 * store credit, then a refund. Exchanges are ranked by points:
 *   - size hint: 50 for the next size in the direction the reason suggests, 25 for one further;
 *   - peers: the percentage of customers who returned the same sku for the same reason and kept this
 *     variant, once at least MIN_PEER_EXCHANGES such exchanges are known;
 *   - own history: 30 when the customer kept this size of the same product before, 20 of another
 *     product of the category;
 * ties by the smaller price difference, then by sku. At most MAX_EXCHANGE_OFFERS of each exchange
 * are offered; for another product, its best variant.
 */
import { formatMoney } from '@rebound/contracts';
import { percentOf } from '@rebound/kernel';
import type { CatalogueProduct, CatalogueVariant, ProductOption } from '../catalogue';
import type { ReasonRule } from '../policy/policy-document';
import type { OfferTerms, ReturnPolicy } from '../policy/return-policy';
import type { ExchangeHistory, Offer, ReturnedLine } from './offer';

/** Fewer peer exchanges than this say nothing yet about what fits. */
export const MIN_PEER_EXCHANGES = 5;
export const MAX_EXCHANGE_OFFERS = 3;
const NEXT_SIZE_POINTS = 50;
const FURTHER_SIZE_POINTS = 25;
const OWN_PRODUCT_POINTS = 30;
const OWN_CATEGORY_POINTS = 20;

export interface OfferRequest {
  readonly line: ReturnedLine;
  /** The product of the returned sku in the catalogue; null when the catalogue does not know it. */
  readonly product: CatalogueProduct | null;
  /** Other products of the line's category that could replace it. */
  readonly otherProducts: readonly CatalogueProduct[];
  readonly customer: { readonly tier: string | null };
  readonly policy: ReturnPolicy;
  readonly history: ExchangeHistory;
}

/** One reason an exchange ranks where it does: its points and the words that say so. */
interface Ground {
  readonly points: number;
  readonly words: string;
}

interface Candidate {
  readonly product: CatalogueProduct;
  readonly variant: CatalogueVariant;
  readonly differenceMinor: number;
  readonly grounds: readonly Ground[];
  readonly score: number;
}

export function rankOffers(request: OfferRequest): Offer[] {
  const { line, policy, customer } = request;
  const terms = policy.offerTerms(line.category, customer.tier);
  const allows = (outcome: Offer['outcome']) => terms.outcomes.includes(outcome);
  const money = (minor: number) => formatMoney(minor, line.currency);
  const context = new RankingContext(
    request,
    terms,
    policy.document.reasons.find((r) => r.code === line.reasonCode),
  );
  const offers: Offer[] = [];

  if (
    allows('keep') &&
    terms.returnlessThresholdMinor !== null &&
    line.refundableMinor <= terms.returnlessThresholdMinor * line.quantity
  ) {
    offers.push({
      ...noExchange('keep', line.refundableMinor, 0),
      explanation: `Returning costs more than the item is worth: keep it and get ${money(line.refundableMinor)} back`,
    });
  }
  const product = request.product;
  if (allows('exchange_variant') && product) {
    const candidates = product.variants.flatMap((variant) => context.candidate(product, variant));
    offers.push(
      ...candidates
        .sort(byRank)
        .slice(0, MAX_EXCHANGE_OFFERS)
        .map((candidate) => context.exchange('exchange_variant', candidate, 0)),
    );
  }
  if (allows('exchange_product') && product) {
    const bonusMinor = percentOf(line.unitPriceMinor * line.quantity, terms.exchangeBonusPercent);
    const best = request.otherProducts
      .filter((other) => other.productId !== product.productId && other.category === line.category)
      .flatMap((other) => other.variants.flatMap((variant) => context.candidate(other, variant)).sort(byRank)[0] ?? [])
      .sort(byRank)
      .slice(0, MAX_EXCHANGE_OFFERS);
    offers.push(...best.map((candidate) => context.exchange('exchange_product', candidate, bonusMinor)));
  }
  if (allows('store_credit')) {
    const bonusMinor = percentOf(line.refundableMinor, terms.storeCreditBonusPercent);
    offers.push({
      ...noExchange('store_credit', line.refundableMinor, bonusMinor),
      explanation:
        bonusMinor > 0
          ? `${money(line.refundableMinor + bonusMinor)} in store credit: ${money(line.refundableMinor)} plus a ${terms.storeCreditBonusPercent}% bonus`
          : `${money(line.refundableMinor)} in store credit`,
    });
  }
  if (allows('refund')) {
    offers.push({
      ...noExchange('refund', line.refundableMinor, 0),
      explanation: `${money(line.refundableMinor)} refunded`,
    });
  }
  return offers;
}

function noExchange(outcome: Offer['outcome'], refundMinor: number, bonusMinor: number): Omit<Offer, 'explanation'> {
  return { outcome, replacement: null, priceDifferenceMinor: 0, bonusMinor, refundMinor, instant: false, score: 0 };
}

function byRank(a: Candidate, b: Candidate): number {
  return (
    b.score - a.score ||
    Math.abs(a.differenceMinor) - Math.abs(b.differenceMinor) ||
    (a.variant.sku < b.variant.sku ? -1 : a.variant.sku > b.variant.sku ? 1 : 0)
  );
}

/** What every candidate of one line is judged against: the returned variant, its reason, the history. */
class RankingContext {
  private readonly returned: CatalogueVariant | undefined;
  private readonly returnedSize: string | undefined;
  private readonly money: (minor: number) => string;

  constructor(
    private readonly request: OfferRequest,
    private readonly terms: OfferTerms,
    private readonly reason: ReasonRule | undefined,
  ) {
    const { product, line } = request;
    this.returned = product?.variants.find((variant) => variant.sku === line.sku);
    this.returnedSize = product && this.returned ? sizeOf(product, this.returned) : undefined;
    this.money = (minor) => formatMoney(minor, line.currency);
  }

  /** The variant as an exchange for the line, or nothing when it may not be offered. */
  candidate(product: CatalogueProduct, variant: CatalogueVariant): Candidate[] {
    const { line } = this.request;
    const differenceMinor = (variant.priceMinor - line.unitPriceMinor) * line.quantity;
    const offerable =
      variant.sku !== line.sku &&
      variant.active &&
      variant.sellable >= line.quantity &&
      variant.currency === line.currency &&
      differenceMinor <= this.terms.maxExtraChargeMinor &&
      -differenceMinor <= this.terms.maxSurplusRefundMinor;
    if (!offerable) return [];
    const size = this.sizeHint(product, variant);
    if (size === 'against') return [];
    const grounds = [size, this.peerShare(product, variant), this.ownHistory(product, variant)]
      .filter((ground): ground is Ground => ground !== undefined)
      .sort((a, b) => b.points - a.points);
    const score = grounds.reduce((total, ground) => total + ground.points, 0);
    return [{ product, variant, differenceMinor, grounds, score }];
  }

  exchange(outcome: 'exchange_variant' | 'exchange_product', candidate: Candidate, bonusMinor: number): Offer {
    const { product, variant, differenceMinor, grounds, score } = candidate;
    const instant = this.terms.instantExchange;
    const words = [
      ...(grounds.length > 0 ? grounds.map((ground) => ground.words) : [this.plainExchange(product, variant)]),
      ...(differenceMinor > 0 ? [`You pay ${this.money(differenceMinor)} more`] : []),
      ...(differenceMinor < 0 ? [`You get ${this.money(-differenceMinor)} back`] : []),
      ...(bonusMinor > 0 ? [`Plus ${this.money(bonusMinor)} in store credit for exchanging`] : []),
      ...(instant ? ['Ships now, before your return arrives'] : []),
    ];
    return {
      outcome,
      replacement: {
        sku: variant.sku,
        productId: product.productId,
        title: product.title,
        optionValues: { ...variant.optionValues },
      },
      priceDifferenceMinor: differenceMinor,
      bonusMinor,
      refundMinor: Math.max(0, -differenceMinor),
      instant,
      score,
      explanation: words.join('. '),
    };
  }

  /** Points for the size the reason suggests; 'against' for a size the other way. */
  private sizeHint(product: CatalogueProduct, variant: CatalogueVariant): Ground | 'against' | undefined {
    const direction = this.reason?.suggests === 'size_up' ? 1 : this.reason?.suggests === 'size_down' ? -1 : 0;
    const option = sizeOption(product);
    const size = sizeOf(product, variant);
    if (direction === 0 || !option || size === undefined || this.returnedSize === undefined) return undefined;
    const from = option.values.indexOf(this.returnedSize);
    const to = option.values.indexOf(size);
    if (from < 0 || to < 0) return undefined;
    const steps = (to - from) * direction;
    if (steps < 0) return 'against';
    if (steps === 0) return undefined;
    const way = direction > 0 ? 'up' : 'down';
    const of = this.isReturnedProduct(product) ? '' : ` in ${quoted(product)}`;
    return steps === 1
      ? { points: NEXT_SIZE_POINTS, words: `One size ${way} from ${this.returnedSize}${of}` }
      : { points: FURTHER_SIZE_POINTS, words: `${steps} sizes ${way} from ${this.returnedSize}${of}` };
  }

  private peerShare(product: CatalogueProduct, variant: CatalogueVariant): Ground | undefined {
    const { peers } = this.request.history;
    const count = peers.kept.find((kept) => kept.replacementSku === variant.sku)?.count ?? 0;
    if (peers.total < MIN_PEER_EXCHANGES || count === 0) return undefined;
    const percent = Math.round((count / peers.total) * 100);
    const returned =
      this.returnedSize ??
      (this.returned && this.request.product ? this.describe(this.request.product, this.returned) : 'it');
    const reason = this.reason?.suggests
      ? `as ${this.reason.label.toLowerCase()}`
      : `for the same reason (${this.reason?.label ?? this.request.line.reasonCode})`;
    const kept = this.isReturnedProduct(product)
      ? this.describe(product, variant, this.returned)
      : `${quoted(product)} ${this.describe(product, variant)}`;
    return { points: percent, words: `Kept ${kept} by ${percent}% of customers who returned ${returned} ${reason}` };
  }

  private ownHistory(product: CatalogueProduct, variant: CatalogueVariant): Ground | undefined {
    const size = sizeOf(product, variant);
    if (size === undefined) return undefined;
    const kept = this.request.history.ownKept.filter((own) => valueOf(own.optionValues, 'size') === size);
    if (kept.some((own) => own.productId === product.productId)) {
      return { points: OWN_PRODUCT_POINTS, words: `You kept size ${size} of ${quoted(product)} before` };
    }
    if (kept.some((own) => own.category === product.category)) {
      return { points: OWN_CATEGORY_POINTS, words: `You kept size ${size} in ${product.category} before` };
    }
    return undefined;
  }

  private plainExchange(product: CatalogueProduct, variant: CatalogueVariant): string {
    if (!this.isReturnedProduct(product)) return `${quoted(product)} ${this.describe(product, variant)}`;
    const returned = this.returned ? ` instead of ${this.describe(product, this.returned, variant)}` : '';
    return `${capitalised(this.describe(product, variant, this.returned))}${returned}`;
  }

  /**
   * A variant in words: the options whose values differ from `other` (a variant of the same product),
   * or all of them; `size L` when only the size differs.
   */
  private describe(product: CatalogueProduct, variant: CatalogueVariant, other?: CatalogueVariant): string {
    const differing = product.options.filter(
      (option) => !other || valueOf(other.optionValues, option.name) !== valueOf(variant.optionValues, option.name),
    );
    const shown = differing.length > 0 ? differing : product.options;
    return shown
      .map((option) => `${option.name.toLowerCase()} ${valueOf(variant.optionValues, option.name)}`)
      .join(', ');
  }

  private isReturnedProduct(product: CatalogueProduct): boolean {
    return product.productId === this.request.product?.productId;
  }
}

/** The option sizes are chosen by: named "size", whatever its case. */
function sizeOption(product: CatalogueProduct): ProductOption | undefined {
  return product.options.find((option) => option.name.toLowerCase() === 'size');
}

function sizeOf(product: CatalogueProduct, variant: CatalogueVariant): string | undefined {
  const option = sizeOption(product);
  return option ? valueOf(variant.optionValues, option.name) : undefined;
}

/** An option's value whatever the case of its name: products of one category may write `Size` or `size`. */
function valueOf(values: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(values).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : values[key];
}

function quoted(product: CatalogueProduct): string {
  return `“${product.title}”`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
