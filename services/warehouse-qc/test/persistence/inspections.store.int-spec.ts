/** PgInspectionsStore on real Postgres: one inspection per return, claims that exactly one inspector wins, lines and completion. */
import { randomUUID } from 'node:crypto';
import { PgInspectionsStore } from '../../src/persistence/pg-inspections.store';
import { INSPECTOR, OTHER_INSPECTOR, SUPERVISOR, T0, anInspection, asSold } from '../fakes/in-memory-qc';
import { useQcSchema } from './qc-schema';

jest.setTimeout(30_000);

const HOUR_MS = 3600_000;
const later = (hours: number) => new Date(T0.getTime() + hours * HOUR_MS);

describe('PgInspectionsStore', () => {
  const dataSource = useQcSchema('qc_inspections_store');
  const store = () => new PgInspectionsStore(dataSource().manager);

  it('keeps one inspection per return, with its lines in order and the trace of the work that opened it', async () => {
    const inspection = anInspection();

    expect(await store().insertInspection(inspection)).toBe(true);
    expect(await store().insertInspection({ ...inspection, inspectionId: randomUUID() })).toBe(false);

    expect(await store().lockInspection(inspection.inspectionId)).toEqual({
      ...inspection,
      traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/),
    });
    expect(await store().lockInspection(randomUUID())).toBeUndefined();
  });

  it('gives a claim to one inspector until it expires, renews it for the holder and tells others who holds it', async () => {
    const inspection = anInspection();
    await store().insertInspection(inspection);
    const id = inspection.inspectionId;

    expect(await store().claim(id, INSPECTOR, T0, later(1))).toEqual({ outcome: 'won' });
    expect(await store().claim(id, OTHER_INSPECTOR, T0, later(1))).toEqual({
      outcome: 'taken',
      holder: INSPECTOR.subject,
      until: later(1),
    });
    expect(await store().claim(id, INSPECTOR, T0, later(2))).toEqual({ outcome: 'won' });
    expect(await store().claim(id, OTHER_INSPECTOR, later(3), later(4))).toEqual({ outcome: 'won' });

    expect((await store().lockInspection(id))?.claim).toEqual({
      inspectorId: OTHER_INSPECTOR.subject,
      inspectorClientId: OTHER_INSPECTOR.clientId,
      expiresAt: later(4),
    });
    expect(await store().claim(randomUUID(), INSPECTOR, T0, later(1))).toEqual({ outcome: 'missing' });
  });

  it('lets exactly one of two concurrent claims win', async () => {
    const inspection = anInspection();
    await store().insertInspection(inspection);

    const outcomes = await Promise.all(
      [INSPECTOR, OTHER_INSPECTOR].map((inspector) =>
        dataSource().transaction((manager) =>
          new PgInspectionsStore(manager).claim(inspection.inspectionId, inspector, T0, later(1)),
        ),
      ),
    );

    expect(outcomes.map(({ outcome }) => outcome).sort()).toEqual(['taken', 'won']);
  });

  it('saves recorded lines and added unexpected ones', async () => {
    const inspection = anInspection();
    await store().insertInspection(inspection);
    const [jacket] = inspection.lines;
    const socks = { ...jacket, lineId: 'unexpected-1', sku: 'SKU-SOCKS', expectedQuantity: 0, unexpected: true };

    await store().saveLine(inspection.inspectionId, jacket, asSold('apparel', 2));
    await store().addLine(inspection.inspectionId, { ...socks, record: asSold('apparel', 1) });

    const lines = (await store().lockInspection(inspection.inspectionId))?.lines;
    expect(lines?.map((line) => [line.lineId, line.record?.receivedQuantity ?? null])).toEqual([
      ['jacket', 2],
      ['phone', null],
      ['unexpected-1', 1],
    ]);
    expect(lines?.[0].record).toEqual(asSold('apparel', 2));
  });

  it('keeps the outcome of an inspection: status, flags, resolution, and a claim no longer in force', async () => {
    const inspection = anInspection();
    await store().insertInspection(inspection);
    await store().claim(inspection.inspectionId, INSPECTOR, T0, later(1));
    const resolution = {
      supervisorId: SUPERVISOR.subject,
      supervisorClientId: SUPERVISOR.clientId,
      note: 'ok',
      resolvedAt: later(2),
    };

    await store().updateInspection({
      ...inspection,
      status: 'completed',
      claim: null,
      flagsAtCompletion: ['short_shipped'],
      resolution,
      completedAt: later(2),
    });

    expect(await store().lockInspection(inspection.inspectionId)).toMatchObject({
      status: 'completed',
      claim: null,
      flagsAtCompletion: ['short_shipped'],
      resolution,
      completedAt: later(2),
    });
    expect(await store().claim(inspection.inspectionId, INSPECTOR, T0, later(1))).toEqual({
      outcome: 'closed',
      status: 'completed',
    });
  });
});
