import { InspectionCompleted } from '@rebound/contracts';
import {
  INSPECTOR,
  OTHER_INSPECTOR,
  T0,
  anInspection,
  claimedBy,
  fullyRecorded,
  inMemoryQc,
} from '../../../../test/fakes/in-memory-qc';
import { CompleteInspection } from './complete-inspection';
import { CompleteInspectionCommand } from './complete-inspection.command';

describe('CompleteInspection', () => {
  const setup = () => {
    const qc = inMemoryQc();
    return { ...qc, complete: new CompleteInspection(qc.clock, qc.rules) };
  };

  it('completes a clean inspection, releases the claim and announces every line with its disposition', async () => {
    const { tx, inspections, events, complete } = setup();
    const inspection = claimedBy(fullyRecorded(anInspection()));
    await inspections.insertInspection(inspection);

    expect(await complete.execute(tx, new CompleteInspectionCommand(inspection.inspectionId, INSPECTOR))).toBe(
      'completed',
    );

    expect(inspections.inspections.get(inspection.inspectionId)).toMatchObject({
      status: 'completed',
      claim: null,
      completedAt: T0,
    });
    const [completed] = events.ofType(InspectionCompleted);
    expect(completed).toMatchObject({ inspectionId: inspection.inspectionId, returnId: inspection.returnId });
    expect(completed.lines.map((line) => [line.lineId, line.disposition, line.flags])).toEqual([
      ['jacket', 'restock', []],
      ['phone', 'restock', []],
    ]);
  });

  it('holds an inspection with a mismatch for a supervisor and announces nothing', async () => {
    const { tx, inspections, events, complete } = setup();
    const recorded = fullyRecorded(anInspection());
    const short = {
      ...recorded,
      lines: recorded.lines.map((line) =>
        line.lineId === 'jacket' && line.record ? { ...line, record: { ...line.record, receivedQuantity: 1 } } : line,
      ),
    };
    const inspection = claimedBy(short);
    await inspections.insertInspection(inspection);

    expect(await complete.execute(tx, new CompleteInspectionCommand(inspection.inspectionId, INSPECTOR))).toBe('held');

    expect(inspections.inspections.get(inspection.inspectionId)).toMatchObject({
      status: 'held',
      flagsAtCompletion: ['short_shipped'],
      completedAt: null,
    });
    expect(events.published).toEqual([]);
  });

  it('names the lines not recorded yet', async () => {
    const { tx, inspections, complete } = setup();
    const inspection = claimedBy(anInspection());
    await inspections.insertInspection(inspection);

    await expect(
      complete.execute(tx, new CompleteInspectionCommand(inspection.inspectionId, INSPECTOR)),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'lines-not-recorded',
      problems: [
        { field: 'lines.jacket', message: 'is not recorded' },
        { field: 'lines.phone', message: 'is not recorded' },
      ],
    });
  });

  it('is for the claimant only', async () => {
    const { tx, inspections, complete } = setup();
    const inspection = claimedBy(fullyRecorded(anInspection()), OTHER_INSPECTOR);
    await inspections.insertInspection(inspection);

    await expect(
      complete.execute(tx, new CompleteInspectionCommand(inspection.inspectionId, INSPECTOR)),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'not-claimed' });
  });
});
