import { backoffDelay, patientSleep } from './backoff';

describe('backoff', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the delay per attempt within [half, full] and never exceeds the cap', () => {
    for (let i = 0; i < 200; i++) {
      const first = backoffDelay(policy, 1);
      const third = backoffDelay(policy, 3);
      const tenth = backoffDelay(policy, 10);
      expect(first).toBeGreaterThanOrEqual(50);
      expect(first).toBeLessThanOrEqual(100);
      expect(third).toBeGreaterThanOrEqual(200);
      expect(third).toBeLessThanOrEqual(400);
      expect(tenth).toBeGreaterThanOrEqual(500);
      expect(tenth).toBeLessThanOrEqual(1000);
    }
  });

  it('stops sleeping as soon as the work is being stopped, heartbeating while it waits', async () => {
    let ticks = 0;
    let keepGoing = true;
    setTimeout(() => (keepGoing = false), 60);
    const started = Date.now();
    await patientSleep(10_000, { keepGoing: () => keepGoing, onTick: async () => void ticks++, tickMs: 20 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ticks).toBeGreaterThanOrEqual(2);
  });
});
