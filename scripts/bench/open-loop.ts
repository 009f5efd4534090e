/**
 * The open loop: returns opened at a fixed rate on a timer, whether or not earlier ones were
 * answered, so a slow server cannot slow the load down and hide its queue (coordinated omission).
 * Each return's latency is measured from when it was due, not from when it was sent.
 */

/** How many returns a phase at `ratePerSecond` opens: `returns` when given, else as many as `seconds` hold (at least one). */
export function openLoopSize(
  ratePerSecond: number,
  span: { readonly returns?: number; readonly seconds: number },
): number {
  return span.returns ?? Math.max(1, Math.round(ratePerSecond * span.seconds));
}

/** When each of `count` sends is due (to the millisecond): evenly spaced at `ratePerSecond`, the first at `startMs`. */
export function sendSchedule(ratePerSecond: number, count: number, startMs: number): number[] {
  if (!(ratePerSecond > 0)) throw new Error(`the open loop needs a rate above 0 returns/s, got ${ratePerSecond}`);
  return Array.from({ length: count }, (_, index) => startMs + Math.round((index * 1000) / ratePerSecond));
}

/**
 * The rate completions came at: intervals between the first and the last. A platform that keeps up
 * completes at the rate it is offered; one that falls behind spreads its completions out.
 */
export function completionRate(completedAtMs: readonly number[]): number {
  if (completedAtMs.length < 2) return Number.NaN;
  const span = Math.max(...completedAtMs) - Math.min(...completedAtMs);
  return span > 0 ? ((completedAtMs.length - 1) * 1000) / span : Number.NaN;
}

/**
 * Whether the platform kept up with the rate offered: its completions came at 90 % of it or more
 * (the rest is allowed for the jitter of the first and the last completion in a short phase).
 */
export function keptUp(offeredPerSecond: number, achievedPerSecond: number): boolean {
  return achievedPerSecond >= 0.9 * offeredPerSecond;
}

/**
 * Calls `send(index)` for each time of `schedule` once it is due, without waiting for earlier sends
 * to be answered; resolves once every send has settled, rejecting with the first failure.
 * `progress(sent)` is called after each send is started.
 */
export async function sendOnSchedule(
  schedule: readonly number[],
  send: (index: number) => Promise<void>,
  progress: (sent: number) => void = () => undefined,
): Promise<void> {
  const sends: Promise<void>[] = [];
  const failures: unknown[] = [];
  for (const [index, dueMs] of schedule.entries()) {
    const wait = dueMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Caught at once: a send failing while later ones wait for their time must not go unhandled.
    sends.push(send(index).catch((error: unknown) => void failures.push(error)));
    progress(index + 1);
  }
  await Promise.all(sends);
  if (failures.length > 0) throw failures[0];
}
