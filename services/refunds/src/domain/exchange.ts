/**
 * What an exchange is worth, line by line, in exact integer minor units. The returned units give a
 * credit — unit price × units; after inspection (an exchange shipped once the items were accepted)
 * × the grade's refundable fraction of the units accepted; as declared for an instant exchange — never
 * more than is left of what was captured for the line. An exchange waives the line's restocking fee
 * (the quote withheld none); the approval carries it for the line should it be refunded instead. Against it
 * stands the replacement's cost, its unit price × its quantity: credit beyond the cost is the
 * customer's surplus (paid back through the return's refund method), cost beyond the credit the
 * shortfall (charged to the customer). Lines are reckoned one by one, never netted: each line's
 * surplus or shortfall is its own.
 */
import { priceShare, sumMinor } from '@rebound/kernel';
import type { ApprovedLine } from './refund-amount';

/** What inspection found of an exchanged line's units; none for an instant exchange, taken as declared. */
export interface InspectedUnits {
  readonly receivedQuantity: number;
  readonly refundableFraction: number;
}

/** @param roomMinor what is left to refund for the line: captured, less the order's other returns. */
export function exchangeCredit(line: ApprovedLine, roomMinor: number, inspected?: InspectedUnits): number {
  const units = Math.min(inspected?.receivedQuantity ?? line.quantity, line.quantity);
  if (units === 0) return 0;
  const grossMinor = priceShare(line.unitPriceMinor, units, inspected?.refundableFraction ?? 1);
  return Math.min(grossMinor, roomMinor);
}

export interface ExchangedLine {
  readonly lineId: string;
  readonly creditMinor: number;
  readonly replacementCostMinor: number;
  readonly bonusMinor: number;
}

export interface SettledExchangeLine extends ExchangedLine {
  /** The part of the credit that paid for the replacement. */
  readonly appliedMinor: number;
  readonly surplusMinor: number;
  readonly shortfallMinor: number;
}

export interface ExchangeSettlement {
  readonly lines: readonly SettledExchangeLine[];
  readonly creditMinor: number;
  readonly surplusMinor: number;
  readonly shortfallMinor: number;
  readonly bonusMinor: number;
}

export function settleExchange(lines: readonly ExchangedLine[]): ExchangeSettlement {
  const settled = lines.map((line): SettledExchangeLine => {
    const appliedMinor = Math.min(line.creditMinor, line.replacementCostMinor);
    return {
      ...line,
      appliedMinor,
      surplusMinor: line.creditMinor - appliedMinor,
      shortfallMinor: line.replacementCostMinor - appliedMinor,
    };
  });
  return {
    lines: settled,
    creditMinor: sumMinor(settled.map((line) => line.creditMinor)),
    surplusMinor: sumMinor(settled.map((line) => line.surplusMinor)),
    shortfallMinor: sumMinor(settled.map((line) => line.shortfallMinor)),
    bonusMinor: sumMinor(settled.map((line) => line.bonusMinor)),
  };
}

/** The value of a line the customer keeps, refunded on approval: unit price × units, less its restocking fee, within its capture. */
export function returnlessRefund(line: ApprovedLine, roomMinor: number): number {
  return Math.max(0, Math.min(line.unitPriceMinor * line.quantity - line.restockingFeeMinor, roomMinor));
}
