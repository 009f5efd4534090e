import { afterFailure, type RetrySettings } from './delivery';

const SETTINGS: RetrySettings = { initialDelayMs: 1_000, maxDelayMs: 60_000, retryPeriodMs: 3_600_000 };
const MADE = new Date('2026-03-01T10:00:00Z');

function at(ms: number): Date {
  return new Date(MADE.getTime() + ms);
}

describe('after a failed attempt', () => {
  it('retries after an exponentially growing delay, jittered within its upper half, capped', () => {
    for (const [attempts, ceiling] of [
      [1, 1_000],
      [2, 2_000],
      [4, 8_000],
      [10, 60_000],
    ]) {
      const now = at(10_000);
      const after = afterFailure({ retryFrom: MADE }, attempts, now, SETTINGS);
      if (after.next !== 'retry') throw new Error('expected a retry');
      const delay = after.at.getTime() - now.getTime();
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('never schedules past the end of the retry period, so one last try falls within it', () => {
    const after = afterFailure({ retryFrom: MADE }, 12, at(3_599_000), SETTINGS);

    expect(after).toEqual({ next: 'retry', at: at(3_600_000) });
  });

  it('gives up once the retry period is over', () => {
    expect(afterFailure({ retryFrom: MADE }, 20, at(3_600_000), SETTINGS)).toEqual({ next: 'give-up' });
  });

  it('counts the period from a redelivery, not from when the delivery was made', () => {
    const redelivered = at(10 * 3_600_000);

    expect(afterFailure({ retryFrom: redelivered }, 1, at(10 * 3_600_000 + 5_000), SETTINGS).next).toBe('retry');
  });
});
