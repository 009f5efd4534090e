import { givenPartner, inMemoryPickups } from '../../../../test/fakes/in-memory-pickups';
import { ReportSlotUsage } from './report-slot-usage';
import { ReportSlotUsageCommand } from './report-slot-usage.command';

const NOW = new Date('2030-03-01T06:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

describe('ReportSlotUsage', () => {
  const slot = (day: number) => ({
    from: new Date(NOW.getTime() + day * DAY_MS),
    to: new Date(NOW.getTime() + day * DAY_MS + 4 * 3600_000),
    capacity: 5,
  });

  it('reports the booked slots starting in the next 14 days unless told otherwise', async () => {
    const world = inMemoryPickups(NOW);
    await givenPartner(world, 'p-berlin');
    for (const day of [1, 1, 13, 14, 20]) await world.pickups.reserveSlot('p-berlin', slot(day));

    const usage = await new ReportSlotUsage().execute(world.tx, ReportSlotUsageCommand.of('p-berlin', {}, NOW));

    expect(usage).toEqual([
      { ...slot(1), booked: 2 },
      { ...slot(13), booked: 1 },
    ]);
  });

  it('answers partner-not-found for a partner nobody registered', async () => {
    const world = inMemoryPickups(NOW);
    await expect(
      new ReportSlotUsage().execute(world.tx, ReportSlotUsageCommand.of('p-ghost', {}, NOW)),
    ).rejects.toMatchObject({ kind: 'not-found', code: 'partner-not-found' });
  });

  it.each([
    [
      'a date that is not one',
      { from: '2030-13-45T00:00:00Z', to: '2030-03-05T00:00:00Z' },
      [{ field: 'from', message: 'must be a date-time' }],
    ],
    [
      'an end before the start',
      { from: '2030-03-02T00:00:00Z', to: '2030-03-01T00:00:00Z' },
      [{ field: 'to', message: 'must be after from' }],
    ],
    [
      'a span over a month',
      { from: '2030-03-01T00:00:00Z', to: '2030-04-02T00:00:00Z' },
      [{ field: 'to', message: 'must be at most 31 days after from' }],
    ],
  ])('refuses %s', (_case, range, problems) => {
    expect(() => ReportSlotUsageCommand.of('p-berlin', range, NOW)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'validation', problems }),
    );
  });
});
