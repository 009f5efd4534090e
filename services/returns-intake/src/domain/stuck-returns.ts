/**
 * A return is stuck when it has not progressed — its status unchanged and no new fact on its
 * timeline — for longer than its status allows. A downstream service that dead-letters the approval,
 * a partner that never reports, a refund nobody retries: each leaves the return waiting for good, and
 * nothing else would tell anyone. Ended returns are never stuck.
 */
import { RETURN_STATUSES, isEnded, type ReturnStatus } from './return-status';

export type WaitingStatus = Exclude<ReturnStatus, 'completed' | 'rejected' | 'cancelled' | 'expired'>;

export const WAITING_STATUSES = RETURN_STATUSES.filter((status): status is WaitingStatus => !isEnded(status));

/** How long a return may rest in each status, in seconds. */
export type StuckThresholds = Readonly<Record<WaitingStatus, number>>;

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Long enough for every normal wait, so only returns nobody is acting on show up: requested and
 * refunded move on in the same transaction that set them (save a refunded return whose exchange
 * waits for its difference to be collected: a declined one shows within the hour, for ops to retry);
 * an approval is booked by pickup-scheduling
 * within seconds; a pickup is rescheduled (a timeline fact) after every failed attempt; a label is
 * valid 14 days by the demo policy; parcels travel for days; inspection and the final refund are hours.
 */
export const DEFAULT_STUCK_THRESHOLDS: StuckThresholds = {
  requested: HOUR,
  pending_review: 3 * DAY,
  approved: 2 * HOUR,
  awaiting_pickup: 7 * DAY,
  awaiting_dropoff: 21 * DAY,
  in_transit: 10 * DAY,
  received: 2 * DAY,
  inspected: 2 * DAY,
  refunded: HOUR,
};

const UNITS: Readonly<Record<string, number>> = { m: MINUTE, h: HOUR, d: DAY };
const ENTRY = /^([a-z_]+)=([1-9]\d*)([mhd])$/;

/**
 * `awaiting_pickup=10d,inspected=36h` over the defaults: each entry a waiting status and a whole
 * number of minutes (m), hours (h) or days (d). Every bad entry is named in the problems (and
 * the configuration refuses to load when there are any).
 */
export function parseStuckThresholds(text: string): { thresholds: StuckThresholds; problems: string[] } {
  const thresholds: Record<WaitingStatus, number> = { ...DEFAULT_STUCK_THRESHOLDS };
  const problems: string[] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = ENTRY.exec(entry);
    const status = match?.[1] as WaitingStatus | undefined;
    if (!match || !status) {
      problems.push(`"${entry}" is not <status>=<whole number><m|h|d>`);
    } else if (!(WAITING_STATUSES as readonly string[]).includes(status)) {
      problems.push(`"${entry}": ${status} is not a status a return waits in (${WAITING_STATUSES.join(', ')})`);
    } else {
      thresholds[status] = Number(match[2]) * UNITS[match[3]];
    }
  }
  return { thresholds, problems };
}
