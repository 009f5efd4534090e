/**
 * An inspection of one returned parcel at one warehouse: the lines expected from the approved
 * return, what the inspector recorded for each, and the rules that turn a record into flags, a
 * disposition and a refundable fraction.
 */
import type { Disposition, InspectedLine, InspectionFlag } from '@rebound/contracts';
import type { GradingRules } from './grading-rules';

/** `open` until completed; `held` when a mismatch waits for a supervisor. */
export type InspectionStatus = 'open' | 'held' | 'completed';

/** How the queue shows an inspection: an open one is pending until somebody holds an active claim. */
export const QUEUE_STATES = ['pending', 'in_progress', 'held', 'completed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface LineRecord {
  readonly receivedQuantity: number;
  readonly grade: string;
  /** Checklist answers by key: true is "yes". */
  readonly checklist: Readonly<Record<string, boolean>>;
  /** The inspector found a different item than the one sold. */
  readonly wrongItem: boolean;
  readonly notes: string | null;
  readonly photoUrls: readonly string[];
  readonly recordedBy: string;
  /** The client it was recorded through; null for a record kept before clients were. */
  readonly recordedByClientId: string | null;
  readonly recordedAt: Date;
}

export interface InspectionLine {
  readonly lineId: string;
  readonly sku: string;
  /** The order line's category; null for an unexpected item of unknown category. */
  readonly category: string | null;
  /** 0 for an item that arrived without being part of the return. */
  readonly expectedQuantity: number;
  readonly unexpected: boolean;
  readonly record: LineRecord | null;
}

export interface Claim {
  readonly inspectorId: string;
  /** The client the claim was made through; null for a claim made before clients were kept. */
  readonly inspectorClientId: string | null;
  readonly expiresAt: Date;
}

export interface Resolution {
  readonly supervisorId: string;
  /** The client it was resolved through; null for a resolution kept before clients were. */
  readonly supervisorClientId: string | null;
  readonly note: string;
  readonly resolvedAt: Date;
}

export interface Inspection {
  readonly inspectionId: string;
  readonly returnId: string;
  readonly orderId: string;
  readonly warehouseId: string;
  readonly status: InspectionStatus;
  readonly claim: Claim | null;
  readonly lines: readonly InspectionLine[];
  /** Refundable share of a line's price per grade, from the return's policy (ReturnApproved). */
  readonly refundableFractions: Readonly<Record<string, number>>;
  /** The flags found when the inspection was completed; a held one keeps them for the supervisor. */
  readonly flagsAtCompletion: readonly InspectionFlag[];
  readonly resolution: Resolution | null;
  readonly openedAt: Date;
  readonly completedAt: Date | null;
  /**
   * The W3C traceparent of the work that opened it — the return's journey so far — remembered when it
   * is stored; a caller that sends it with its calls keeps the inspection on the return's trace.
   */
  readonly traceparent?: string;
}

export function queueState(inspection: Inspection, now: Date): QueueState {
  if (inspection.status === 'held' || inspection.status === 'completed') return inspection.status;
  return activeClaim(inspection, now) ? 'in_progress' : 'pending';
}

export function activeClaim(inspection: Inspection, now: Date): Claim | null {
  return inspection.claim && inspection.claim.expiresAt > now ? inspection.claim : null;
}

/** What does not match the return: found by the numbers, the checklist and the inspector's eye. */
export function flagsOf(line: InspectionLine, rules: GradingRules): InspectionFlag[] {
  if (line.unexpected) return ['unexpected_item'];
  const record = line.record;
  if (!record) return [];
  const flags: InspectionFlag[] = [];
  if (record.wrongItem) flags.push('wrong_item');
  if (record.receivedQuantity === 0) flags.push('missing_item');
  else if (record.receivedQuantity < line.expectedQuantity) flags.push('short_shipped');
  const serialChecks = rules.checklist(line.category ?? '*').filter((item) => item.serialCheck);
  if (serialChecks.some((item) => record.checklist[item.key] === false)) flags.push('serial_mismatch');
  return flags;
}

export function inspectionFlags(inspection: Inspection, rules: GradingRules): InspectionFlag[] {
  return [...new Set(inspection.lines.flatMap((line) => flagsOf(line, rules)))];
}

/** Expected lines nobody recorded yet. */
export function unrecordedLines(inspection: Inspection): string[] {
  return inspection.lines.filter((line) => !line.unexpected && !line.record).map((line) => line.lineId);
}

/** The line as InspectionCompleted reports it; an unexpected item is never refunded. */
export function inspectedLine(
  inspection: Inspection,
  line: InspectionLine & { readonly record: LineRecord },
  rules: GradingRules,
  flags: readonly InspectionFlag[],
): InspectedLine {
  const disposition: Disposition = rules.disposition(line.category ?? '*', line.record.grade);
  return {
    lineId: line.lineId,
    sku: line.sku,
    expectedQuantity: line.expectedQuantity,
    receivedQuantity: line.record.receivedQuantity,
    grade: line.record.grade,
    disposition,
    refundableFraction: line.unexpected ? 0 : (inspection.refundableFractions[line.record.grade] ?? 0),
    flags: [...flags],
  };
}
