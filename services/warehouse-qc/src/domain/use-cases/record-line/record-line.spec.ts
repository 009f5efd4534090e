import { DomainError } from '@rebound/kernel';
import {
  INSPECTOR,
  OTHER_INSPECTOR,
  T0,
  anInspection,
  claimedBy,
  inMemoryQc,
} from '../../../../test/fakes/in-memory-qc';
import { RecordLine } from './record-line';
import { RecordLineCommand, type LineFindings } from './record-line.command';

const JACKET_AS_SOLD: LineFindings = {
  receivedQuantity: 2,
  grade: 'A',
  checklist: { tags_attached: true, original_packaging: true },
  wrongItem: false,
  notes: null,
  photoUrls: [],
};

describe('RecordLine', () => {
  const setup = async (inspection = claimedBy(anInspection())) => {
    const qc = inMemoryQc();
    await qc.inspections.insertInspection(inspection);
    const record = (findings: Partial<LineFindings>, lineId = 'jacket', inspector = INSPECTOR) =>
      new RecordLine(qc.clock, qc.rules).execute(
        qc.tx,
        new RecordLineCommand(inspection.inspectionId, lineId, inspector, { ...JACKET_AS_SOLD, ...findings }),
      );
    return { ...qc, inspection, record };
  };

  it('records the findings with who recorded them, from which client, and when', async () => {
    const { inspections, inspection, record } = await setup();

    await record({ notes: 'fine' });

    expect(inspections.inspections.get(inspection.inspectionId)?.lines[0].record).toEqual({
      ...JACKET_AS_SOLD,
      notes: 'fine',
      recordedBy: INSPECTOR.subject,
      recordedByClientId: INSPECTOR.clientId,
      recordedAt: T0,
    });
  });

  it('lets the inspector record a line again until completion', async () => {
    const { inspections, inspection, record } = await setup();

    await record({ grade: 'A' });
    await record({ grade: 'C' });

    expect(inspections.inspections.get(inspection.inspectionId)?.lines[0].record?.grade).toBe('C');
  });

  it('answers every problem with the findings at once', async () => {
    const { record } = await setup();

    await expect(
      record({ receivedQuantity: 3, grade: 'Z', checklist: { tags_attached: true, colour_ok: true } }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code: 'findings-invalid',
      title: 'Request is invalid',
      message: 'the findings for line jacket are invalid',
      problems: [
        {
          field: 'receivedQuantity',
          message: 'must be at most the 2 expected; record extra units as an unexpected item',
        },
        { field: 'grade', message: 'must be one of the grades A, B, C, D' },
        { field: 'checklist.original_packaging', message: 'must be answered: Is it in its original packaging?' },
        { field: 'checklist.colour_ok', message: 'is not on the apparel checklist' },
      ],
    });
  });

  it('refuses a line the inspection does not expect, and an inspector without the claim', async () => {
    const { record } = await setup();

    await expect(record({}, 'socks')).rejects.toMatchObject({ kind: 'not-found', code: 'line-not-found' });
    await expect(record({}, 'jacket', OTHER_INSPECTOR)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'not-claimed',
    });
  });

  it('asks for a claim first when nobody holds one', async () => {
    const { inspection, record } = await setup(anInspection());

    await expect(record({})).rejects.toMatchObject({
      code: 'not-claimed',
      message: `claim inspection ${inspection.inspectionId} before recording it (POST /v1/inspections/${inspection.inspectionId}/claim)`,
    });
  });

  it('cannot be asked with a negative or fractional quantity', () => {
    expect(() => new RecordLineCommand('i', 'jacket', INSPECTOR, { ...JACKET_AS_SOLD, receivedQuantity: -1 })).toThrow(
      DomainError,
    );
    expect(() => new RecordLineCommand('i', 'jacket', INSPECTOR, { ...JACKET_AS_SOLD, receivedQuantity: 1.5 })).toThrow(
      DomainError,
    );
  });
});
