/**
 * What a customer chose for each line of a return being opened — a refund, keeping the item, or an
 * exchange for a replacement, with next choices should the replacement not be reserved — checked
 * against the offers the preview makes for the line (offers/rank-offers), and what the choices do to
 * the quote.
 *
 * A choice is accepted only when the preview offers it: `keep` when a `keep` offer is there, an
 * exchange for a sku when an exchange offer names that sku. `refund` is always accepted: it is what a
 * line without a choice gets (paid by the return's refund method). Only an exchange has next choices,
 * and a line's choices name each replacement once: inventory's reservation facts name the line and the
 * sku, so each must answer exactly one of its choices.
 *
 * The quote: a refunded or kept line pays back its value less its restocking fee; an exchanged line
 * pays back what a cheaper replacement leaves over (the customer pays a dearer one's difference, which
 * is not a refund); the return shipping fee is deducted once when anything is sent back — never when
 * every line is kept, since no parcel travels.
 */
import type { LineResolution, LineResolutionKind } from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { Offer } from './offers/offer';
import type { LineAssessment, ProposedLine, ReturnAssessment } from './policy/return-policy';

export interface ChosenResolution {
  readonly kind: LineResolutionKind;
  /** The replacement's sku, for an exchange. */
  readonly replacementSku?: string;
}

export interface ResolvedLine {
  /** Null when the customer chose nothing: a refund, as before exchanges. */
  readonly resolution: LineResolution | null;
  readonly fallbacks: readonly LineResolution[];
}

/** The lines' choices as the approval carries them, or a refusal naming every choice not offered. */
export function resolveChoices(
  lines: readonly ProposedLine[],
  assessments: readonly LineAssessment[],
  offers: readonly (readonly Offer[])[],
): ResolvedLine[] {
  const problems: FieldProblem[] = [];
  const resolved = lines.map((line, index): ResolvedLine => {
    const field = `lines[${index}]`;
    const assessed = assessments[index];
    const resolve = (choice: ChosenResolution, at: string) =>
      resolveChoice(choice, assessed, offers[index] ?? [], at, problems);
    // JSON's null is no choice, as an absent field is (the REST edge lets both through).
    if (line.resolution == null) {
      if ((line.fallbacks ?? []).length > 0) {
        problems.push(problem(`${field}.fallbacks`, 'only an exchange has next choices; choose its resolution first'));
      }
      return { resolution: null, fallbacks: [] };
    }
    const resolution = resolve(line.resolution, `${field}.resolution`);
    if (line.resolution.kind !== 'exchange' && (line.fallbacks ?? []).length > 0) {
      problems.push(problem(`${field}.fallbacks`, 'only an exchange has next choices'));
    }
    const named = new Set([line.resolution.replacementSku]);
    const fallbacks = (line.fallbacks ?? []).flatMap((choice, at) => {
      if (choice.kind === 'keep') {
        // A next choice is taken once the item is on its way back, to be refunded or exchanged.
        problems.push(problem(`${field}.fallbacks[${at}].kind`, 'keeping the item cannot be a next choice'));
        return [];
      }
      if (choice.kind === 'exchange' && choice.replacementSku !== undefined) {
        if (named.has(choice.replacementSku)) {
          const message = `${choice.replacementSku} is already one of this line's choices`;
          problems.push(problem(`${field}.fallbacks[${at}].replacementSku`, message));
          return [];
        }
        named.add(choice.replacementSku);
      }
      const fallback = resolve(choice, `${field}.fallbacks[${at}]`);
      return fallback ? [fallback] : [];
    });
    return { resolution: resolution ?? null, fallbacks };
  });
  if (problems.length > 0) {
    throw new DomainError(
      'unprocessable',
      'resolution-not-offered',
      'a chosen resolution is not offered for its line',
      {
        problems,
      },
    );
  }
  return resolved;
}

function resolveChoice(
  choice: ChosenResolution,
  line: LineAssessment,
  offers: readonly Offer[],
  field: string,
  problems: FieldProblem[],
): LineResolution | undefined {
  if (choice.kind !== 'exchange' && choice.replacementSku !== undefined) {
    problems.push(problem(`${field}.replacementSku`, `only an exchange names a replacement, not ${choice.kind}`));
    return undefined;
  }
  switch (choice.kind) {
    case 'refund':
      return { kind: 'refund' };
    case 'keep':
      if (offers.some((offer) => offer.outcome === 'keep')) return { kind: 'keep' };
      problems.push(problem(`${field}.kind`, 'keeping the item is not offered for this line'));
      return undefined;
    case 'exchange':
      return exchangeOf(choice.replacementSku, line, offers, field, problems);
  }
}

function exchangeOf(
  sku: string | undefined,
  line: LineAssessment,
  offers: readonly Offer[],
  field: string,
  problems: FieldProblem[],
): LineResolution | undefined {
  const exchanges = offers.filter((offer) => offer.replacement !== null);
  if (sku === undefined) {
    problems.push(problem(`${field}.replacementSku`, 'an exchange must name its replacement'));
    return undefined;
  }
  const offer = exchanges.find((candidate) => candidate.replacement?.sku === sku);
  if (!offer?.replacement) {
    const offered = exchanges.map((candidate) => candidate.replacement?.sku).join(', ');
    const message = `${sku} is not among this line's exchange offers (${offered || 'none'})`;
    problems.push(problem(`${field}.replacementSku`, message));
    return undefined;
  }
  return {
    kind: 'exchange',
    replacement: {
      sku,
      productId: offer.replacement.productId,
      quantity: line.quantity,
      // The offer's difference is (price − paid) × quantity, so the replacement's price is exact.
      unitPriceMinor: line.unitPriceMinor + offer.priceDifferenceMinor / line.quantity,
    },
    ...(offer.bonusMinor > 0 && { bonusMinor: offer.bonusMinor }),
  };
}

function problem(field: string, message: string): FieldProblem {
  return { field, message, code: 'resolution-not-offered' };
}

interface PricedLine {
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly restockingFeeMinor: number;
}

/** What the line pays back as resolved (see the quote above). */
export function lineRefundMinor(line: PricedLine, resolution: LineResolution | null): number {
  const replacement = resolution?.kind === 'exchange' ? resolution.replacement : undefined;
  if (replacement) return Math.max(0, (line.unitPriceMinor - replacement.unitPriceMinor) * line.quantity);
  return line.unitPriceMinor * line.quantity - line.restockingFeeMinor;
}

/** The assessment with its quote and fees as the chosen resolutions make them. */
export function quotedWith(assessment: ReturnAssessment, resolved: readonly ResolvedLine[]): ReturnAssessment {
  const lines = assessment.lines.map((line, index) => ({ line, resolution: resolved[index]?.resolution ?? null }));
  const refunded = lines.filter(({ resolution }) => resolution?.kind !== 'exchange');
  // Refunds takes the fee from the refunded lines only: a return that only exchanges or keeps pays none.
  const returnShippingFeeMinor = lines.some(({ resolution }) => (resolution?.kind ?? 'refund') === 'refund')
    ? assessment.fees.returnShippingFeeMinor
    : 0;
  const paidBack = lines.reduce((sum, { line, resolution }) => sum + lineRefundMinor(line, resolution), 0);
  return {
    ...assessment,
    fees: {
      restockingFeeMinor: refunded.reduce((sum, { line }) => sum + line.restockingFeeMinor, 0),
      returnShippingFeeMinor,
    },
    expectedRefundMinor: Math.max(0, paidBack - returnShippingFeeMinor),
  };
}

/**
 * Whether the return still waits for money to complete: a line refunded or kept is paid by refunds,
 * and so is the surplus of a cheaper replacement; an exchange at the same price or dearer moves no
 * refund, so a return of only those completes without one.
 */
export function awaitsRefund(lines: readonly (PricedLine & { readonly resolution: LineResolution | null })[]): boolean {
  return lines.some((line) => line.resolution?.kind !== 'exchange' || lineRefundMinor(line, line.resolution) > 0);
}
