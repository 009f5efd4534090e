import { checkCorrectness, describeCorrectness } from './correctness';

describe('the run’s correctness', () => {
  const once = (...returnIds: string[]) => new Map(returnIds.map((id) => [id, new Set([`completed-${id}`])]));

  it('holds when every return completed once and every consumer applied each event once', () => {
    const correctness = checkCorrectness(
      ['r1', 'r2'],
      once('r1', 'r2'),
      [
        { consumer: 'returns-intake.main', eventId: 'e1' },
        { consumer: 'refunds.main', eventId: 'e1' },
      ],
      0,
    );
    expect(correctness.holds).toBe(true);
    expect(describeCorrectness(correctness)).toBe(
      'holds: every return completed exactly once, no event applied twice (2 returns, 2 events applied)',
    );
  });

  it('does not hold when a return completed twice, or never', () => {
    const completions = new Map([['r1', new Set(['c1', 'c2'])]]);
    const correctness = checkCorrectness(['r1', 'r2'], completions, [], 0);
    expect(correctness.holds).toBe(false);
    expect(describeCorrectness(correctness)).toBe(
      'DOES NOT HOLD: 1 returns never completed (r2); 1 returns completed more than once (r1 2×) (2 returns, 0 events applied)',
    );
  });

  it('does not hold when a consumer applied an event twice', () => {
    const correctness = checkCorrectness(
      ['r1'],
      once('r1'),
      [
        { consumer: 'inventory.main', eventId: 'e1' },
        { consumer: 'inventory.main', eventId: 'e1' },
      ],
      1,
    );
    expect(correctness.holds).toBe(false);
    expect(describeCorrectness(correctness)).toBe(
      'DOES NOT HOLD: 1 events applied more than once (e1 by inventory.main 2×) (1 returns, 2 events applied, 1 dead-lettered)',
    );
  });
});
