/** A return that ended before its exchanges shipped, and why: its replacements go back on sale. */
import type { ReturnCancelled, ReturnExpired } from '@rebound/contracts';

export class ReleaseReplacementsCommand {
  private constructor(
    readonly returnId: string,
    readonly reason: 'cancelled' | 'expired',
  ) {}

  static cancelled(cancelled: ReturnCancelled): ReleaseReplacementsCommand {
    return new ReleaseReplacementsCommand(cancelled.returnId, 'cancelled');
  }

  static expired(expired: ReturnExpired): ReleaseReplacementsCommand {
    return new ReleaseReplacementsCommand(expired.returnId, 'expired');
  }
}
