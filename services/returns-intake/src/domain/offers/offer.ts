/**
 * What a customer can be offered for one returned line, and what the offers are ranked from: the
 * line itself, the customer's own past exchanges and what other customers kept.
 */
import type { OfferOutcome } from '../policy/policy-document';

/** One line being returned, as the policy assessed it. */
export interface ReturnedLine {
  readonly sku: string;
  readonly category: string;
  readonly reasonCode: string;
  /** What the customer paid for one unit. */
  readonly unitPriceMinor: number;
  readonly quantity: number;
  readonly currency: string;
  /** What refunding the line pays, after its fees. */
  readonly refundableMinor: number;
}

/** A variant a customer exchanged to and did not return. */
export interface KeptVariant {
  readonly sku: string;
  readonly productId: string;
  readonly category: string;
  readonly optionValues: Readonly<Record<string, string>>;
}

/** What customers who returned one sku for one reason exchanged it for and kept. */
export interface PeerExchanges {
  /** Exchanges counted: the denominator of every share. */
  readonly total: number;
  readonly kept: readonly { readonly replacementSku: string; readonly count: number }[];
}

/** The history offers are ranked by, read through ExchangeHistoryView. */
export interface ExchangeHistory {
  /** Variants this customer kept after exchanges in the line's category. */
  readonly ownKept: readonly KeptVariant[];
  /** Peers who returned the line's sku for the line's reason. */
  readonly peers: PeerExchanges;
}

export interface Replacement {
  readonly sku: string;
  readonly productId: string;
  readonly title: string;
  readonly optionValues: Readonly<Record<string, string>>;
}

export interface Offer {
  readonly outcome: OfferOutcome;
  /** The variant sent instead, for the two exchanges; null otherwise. */
  readonly replacement: Replacement | null;
  /** Replacement minus what was paid for the line: positive the customer pays it, negative it is refunded. */
  readonly priceDifferenceMinor: number;
  /** Store credit on top: the store-credit bonus, or the exchange bonus for another product. */
  readonly bonusMinor: number;
  /** Paid back: the refund, the store credit before its bonus, a kept line's refund, a cheaper exchange's surplus. */
  readonly refundMinor: number;
  /** An exchange that ships before the returned parcel arrives. */
  readonly instant: boolean;
  /** The exchange's ranking points (see rankOffers); 0 for the other outcomes. */
  readonly score: number;
  /** Why it is offered, in words shown to the customer. */
  readonly explanation: string;
}
