/** Exponential backoff with full jitter, and a sleep that ends early when work is being stopped. */

export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** Delay before retry number `attempt` (1-based): random in [d/2, d] with d = initial · 2^(attempt-1), capped. */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Sleeps `ms`, waking every `tickMs` to run `onTick` (a heartbeat) and stopping early when `keepGoing` turns false. */
export async function patientSleep(
  ms: number,
  options: { keepGoing?: () => boolean; onTick?: () => Promise<void>; tickMs?: number } = {},
): Promise<void> {
  const tick = options.tickMs ?? 1000;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (options.keepGoing && !options.keepGoing()) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(tick, until - Date.now())));
    await options.onTick?.();
  }
}
