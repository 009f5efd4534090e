/**
 * Which charges a refund is paid against. Each returned line's share goes to the charges that paid
 * for that line, in the order the approval lists them, never more than is left of what the charge
 * paid for the line (net of the order's earlier refunds); what no line's share places (a top-up
 * after an instant refund) goes to whichever of the return's charges still has room. One part per
 * charge: the provider is called once per charge.
 */
import { sumMinor } from '@rebound/kernel';

export interface ChargeRoom {
  readonly chargeId: string;
  readonly lineId: string;
  /** What the charge paid for the line, less what refunds of the order already took from it. */
  readonly leftMinor: number;
}

export interface LineShare {
  readonly lineId: string;
  readonly amountMinor: number;
}

export interface ChargePart {
  readonly chargeId: string;
  readonly amountMinor: number;
  readonly lines: readonly LineShare[];
}

/** The parts that pay `totalMinor`, or undefined when the charges have too little room left for it. */
export function allocateToCharges(
  totalMinor: number,
  shares: readonly LineShare[],
  rooms: readonly ChargeRoom[],
): ChargePart[] | undefined {
  const left = rooms.map((room) => ({ ...room }));
  const taken = new Map<string, Map<string, number>>();
  let toPlace = totalMinor;
  const take = (room: (typeof left)[number], wanted: number): number => {
    const amount = Math.min(wanted, room.leftMinor, toPlace);
    if (amount <= 0) return 0;
    room.leftMinor -= amount;
    toPlace -= amount;
    const lines = taken.get(room.chargeId) ?? new Map<string, number>();
    lines.set(room.lineId, (lines.get(room.lineId) ?? 0) + amount);
    taken.set(room.chargeId, lines);
    return amount;
  };
  for (const share of shares) {
    let wanted = share.amountMinor;
    for (const room of left.filter((candidate) => candidate.lineId === share.lineId)) wanted -= take(room, wanted);
  }
  for (const room of left) take(room, toPlace);
  if (toPlace > 0) return undefined;
  return [...taken].map(([chargeId, lines]) => ({
    chargeId,
    amountMinor: sumMinor(lines.values()),
    lines: [...lines].map(([lineId, amountMinor]) => ({ lineId, amountMinor })),
  }));
}

/** How a charge's share of one line is keyed where refunds are summed per charge and line. */
export function chargeLineKey(chargeId: string, lineId: string): string {
  return JSON.stringify([chargeId, lineId]);
}
