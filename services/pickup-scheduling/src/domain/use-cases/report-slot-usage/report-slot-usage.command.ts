/**
 * Which of a partner's slots to report: those starting in [from, to) — from now and for 14 days
 * unless given. A span is at most a month, so one read never covers a partner's whole history.
 */
import { DomainError, type FieldProblem } from '@rebound/kernel';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RANGE_DAYS = 14;
/** The longest span one slot-usage read covers: a month of a partner's slots. */
export const MAX_SLOT_RANGE_DAYS = 31;

export class ReportSlotUsageCommand {
  private constructor(
    readonly partnerId: string,
    readonly from: Date,
    readonly to: Date,
  ) {}

  /** `now`: where the span starts when `from` is not given. */
  static of(partnerId: string, range: { from?: string; to?: string }, now: Date): ReportSlotUsageCommand {
    const from = range.from ? new Date(range.from) : now;
    const to = range.to ? new Date(range.to) : new Date(from.getTime() + DEFAULT_RANGE_DAYS * DAY_MS);
    const bad: FieldProblem[] = [
      ...(Number.isNaN(from.getTime()) ? [{ field: 'from', message: 'must be a date-time' }] : []),
      ...(Number.isNaN(to.getTime()) ? [{ field: 'to', message: 'must be a date-time' }] : []),
    ];
    if (bad.length > 0 || to <= from) {
      throw DomainError.invalid(
        bad.length > 0 ? bad : [{ field: 'to', message: 'must be after from' }],
        'from and to must be date-times with from before to',
      );
    }
    if (to.getTime() - from.getTime() > MAX_SLOT_RANGE_DAYS * DAY_MS) {
      throw DomainError.invalid(
        [{ field: 'to', message: `must be at most ${MAX_SLOT_RANGE_DAYS} days after from` }],
        `from and to may be at most ${MAX_SLOT_RANGE_DAYS} days apart; ask for a longer span page by page`,
      );
    }
    return new ReportSlotUsageCommand(partnerId, from, to);
  }
}
