/** PgInspectionsView on real Postgres: a warehouse's queue in queue order, page by page, and single inspections. */
import { randomUUID } from 'node:crypto';
import type { Inspection } from '../../src/domain/inspection';
import { PgInspectionsStore } from '../../src/persistence/pg-inspections.store';
import { PgInspectionsView } from '../../src/persistence/pg-inspections.view';
import { INSPECTOR, T0, anInspection } from '../fakes/in-memory-qc';
import { useQcSchema } from './qc-schema';

jest.setTimeout(30_000);

const MINUTE_MS = 60_000;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE_MS);

describe('PgInspectionsView', () => {
  const dataSource = useQcSchema('qc_inspections_view');
  const view = () => new PgInspectionsView(dataSource().manager);
  const store = () => new PgInspectionsStore(dataSource().manager);

  /** Inspections of one warehouse: pending, in progress, held and completed, each opened at its own minute. */
  async function warehouse(): Promise<{ warehouseId: string; byName: Record<string, Inspection> }> {
    const warehouseId = `wh-${randomUUID()}`;
    const open = (minute: number, overrides: Partial<Inspection> = {}) =>
      anInspection({ warehouseId, openedAt: at(minute), ...overrides });
    const byName = {
      completed: open(0, { status: 'completed', completedAt: at(30) }),
      held: open(1, { status: 'held' }),
      claimed: open(2),
      pendingLate: open(4),
      pendingEarly: open(3),
    };
    for (const inspection of Object.values(byName)) {
      await store().insertInspection(inspection);
      if (inspection.status !== 'open') await store().updateInspection(inspection);
    }
    await store().claim(byName.claimed.inspectionId, INSPECTOR, T0, at(60));
    return { warehouseId, byName };
  }

  it('lists pending first, then in progress, held, completed, oldest first within each', async () => {
    const { warehouseId, byName } = await warehouse();

    const queue = await view().queue(warehouseId, at(10), undefined, 10);

    expect(queue.map(({ inspectionId }) => inspectionId)).toEqual(
      ['pendingEarly', 'pendingLate', 'claimed', 'held', 'completed'].map((name) => byName[name].inspectionId),
    );
  });

  it('narrows the queue to one state, and counts a claim that has expired as pending', async () => {
    const { warehouseId, byName } = await warehouse();

    expect(
      (await view().queue(warehouseId, at(10), 'in_progress', 10)).map(({ inspectionId }) => inspectionId),
    ).toEqual([byName.claimed.inspectionId]);
    expect((await view().queue(warehouseId, at(90), 'pending', 10)).map(({ inspectionId }) => inspectionId)).toEqual(
      [byName.claimed, byName.pendingEarly, byName.pendingLate].map(({ inspectionId }) => inspectionId),
    );
  });

  it('continues after a position, across ranks', async () => {
    const { warehouseId, byName } = await warehouse();
    const { pendingLate } = byName;

    const rest = await view().queue(warehouseId, at(10), undefined, 2, {
      rank: 0,
      openedAt: pendingLate.openedAt,
      inspectionId: pendingLate.inspectionId,
    });

    expect(rest.map(({ inspectionId }) => inspectionId)).toEqual([
      byName.claimed.inspectionId,
      byName.held.inspectionId,
    ]);
  });

  it('finds an inspection by its id and by its return', async () => {
    const { byName } = await warehouse();
    const { held } = byName;

    expect(await view().findInspection(held.inspectionId)).toMatchObject({
      inspectionId: held.inspectionId,
      status: 'held',
    });
    expect((await view().inspectionOfReturn(held.returnId))?.inspectionId).toBe(held.inspectionId);
    expect(await view().findInspection(randomUUID())).toBeUndefined();
    expect(await view().inspectionOfReturn(randomUUID())).toBeUndefined();
  });
});
