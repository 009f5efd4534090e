import { completionRate, keptUp, openLoopSize, sendSchedule } from './open-loop';

describe('the open loop', () => {
  it('spaces its sends evenly at the offered rate, however long earlier answers take', () => {
    expect(sendSchedule(4, 5, 10_000)).toEqual([10_000, 10_250, 10_500, 10_750, 11_000]);
    expect(sendSchedule(0.5, 3, 0)).toEqual([0, 2_000, 4_000]);
    expect(sendSchedule(3, 4, 0)).toEqual([0, 333, 667, 1_000]);
  });

  it('refuses a rate that would never send', () => {
    expect(() => sendSchedule(0, 3, 0)).toThrow('the open loop needs a rate above 0 returns/s, got 0');
    expect(() => sendSchedule(Number.NaN, 3, 0)).toThrow('above 0');
  });

  it('opens as many returns as its duration holds at its rate, unless told how many', () => {
    expect(openLoopSize(2.5, { seconds: 60 })).toBe(150);
    expect(openLoopSize(0.01, { seconds: 10 })).toBe(1);
    expect(openLoopSize(2.5, { seconds: 60, returns: 40 })).toBe(40);
  });

  it('finds the offered rate in completions that kept up, and says it fell behind when they spread out', () => {
    const onTime = sendSchedule(4, 9, 0).map((due) => due + 800);
    expect(completionRate(onTime)).toBe(4);
    // Each one waited behind the one before: the queue grows and completions spread out.
    const fellBehind = sendSchedule(4, 9, 0).map((due, index) => due + 800 + index * 250);
    expect(completionRate(fellBehind)).toBe(2);
    expect(completionRate([5_000])).toBeNaN();
    expect(keptUp(4, completionRate(onTime))).toBe(true);
    expect(keptUp(4, completionRate(fellBehind))).toBe(false);
    expect(keptUp(4, Number.NaN)).toBe(false);
  });
});
