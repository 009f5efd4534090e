import { InspectionCompleted } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { SUPERVISOR, T0, anInspection, fullyRecorded, inMemoryQc } from '../../../../test/fakes/in-memory-qc';
import type { Inspection } from '../../inspection';
import { ResolveHold } from './resolve-hold';
import { ResolveHoldCommand, type HoldDecision } from './resolve-hold.command';

/** Held because only one of the two jackets came back. */
function heldShortJacket(): Inspection {
  const recorded = fullyRecorded(anInspection());
  return {
    ...recorded,
    status: 'held',
    flagsAtCompletion: ['short_shipped'],
    lines: recorded.lines.map((line) =>
      line.lineId === 'jacket' && line.record ? { ...line, record: { ...line.record, receivedQuantity: 1 } } : line,
    ),
  };
}

describe('ResolveHold', () => {
  const setup = async (inspection = heldShortJacket()) => {
    const qc = inMemoryQc();
    await qc.inspections.insertInspection(inspection);
    const resolve = (decision: HoldDecision) =>
      new ResolveHold(qc.clock, qc.rules).execute(
        qc.tx,
        new ResolveHoldCommand(inspection.inspectionId, SUPERVISOR, decision),
      );
    return { ...qc, inspection, resolve };
  };

  it('completes the inspection with the supervisor’s corrections and announces it, flags kept', async () => {
    const { inspections, events, inspection, resolve } = await setup();

    await resolve({ note: 'one jacket is worn', corrections: [{ lineId: 'jacket', grade: 'C' }] });

    const resolved = inspections.inspections.get(inspection.inspectionId);
    expect(resolved).toMatchObject({
      status: 'completed',
      completedAt: T0,
      resolution: {
        supervisorId: SUPERVISOR.subject,
        supervisorClientId: SUPERVISOR.clientId,
        note: 'one jacket is worn',
        resolvedAt: T0,
      },
    });
    expect(resolved?.lines[0].record).toMatchObject({
      grade: 'C',
      receivedQuantity: 1,
      recordedBy: SUPERVISOR.subject,
    });
    const [completed] = events.ofType(InspectionCompleted);
    expect(completed.lines.find((line) => line.lineId === 'jacket')).toMatchObject({
      grade: 'C',
      disposition: 'liquidate',
      flags: ['short_shipped'],
    });
  });

  it('refuses corrections of lines the inspection does not have, beyond what was expected, or to no grade', async () => {
    const { resolve } = await setup();

    await expect(
      resolve({
        note: 'fixing',
        corrections: [{ lineId: 'socks' }, { lineId: 'jacket', receivedQuantity: 5 }, { lineId: 'phone', grade: 'Z' }],
      }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code: 'corrections-invalid',
      problems: [
        { field: 'corrections[0].lineId', message: 'is not a line of this inspection' },
        { field: 'corrections[1].receivedQuantity', message: 'must be at most 2' },
        { field: 'corrections[2].grade', message: 'is not one of the grades' },
      ],
    });
  });

  it('resolves only held inspections', async () => {
    const { inspection, resolve } = await setup(anInspection());

    await expect(resolve({ note: 'ok', corrections: [] })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'not-held',
      message: `inspection ${inspection.inspectionId} is open; only held inspections are resolved`,
    });
  });

  it('cannot be asked without a note', () => {
    expect(() => new ResolveHoldCommand('i', SUPERVISOR, { note: ' ', corrections: [] })).toThrow(DomainError);
  });
});
