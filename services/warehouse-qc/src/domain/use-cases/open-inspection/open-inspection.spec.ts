import { InspectionOpened } from '@rebound/contracts';
import { DomainError } from '@rebound/kernel';
import { inMemoryQc } from '../../../../test/fakes/in-memory-qc';
import { approvedReturn, arrival, withResolutions } from '../../../../test/support/fixtures';
import { OpenInspection } from './open-inspection';
import { OpenInspectionCommand } from './open-inspection.command';

describe('OpenInspection', () => {
  const setup = () => {
    const qc = inMemoryQc();
    return { ...qc, open: new OpenInspection(qc.clock) };
  };

  it('opens one inspection when the parcel of an approved return arrives, announcing the lines expected', async () => {
    const { tx, inspections, events, open } = setup();
    const approved = approvedReturn();

    await open.execute(tx, OpenInspectionCommand.approved(approved));
    await open.execute(tx, OpenInspectionCommand.arrived(arrival(approved, 'wh-berlin')));

    expect(inspections.ofReturn(approved.returnId)).toMatchObject({ warehouseId: 'wh-berlin', status: 'open' });
    expect(events.ofType(InspectionOpened)).toEqual([
      expect.objectContaining({
        returnId: approved.returnId,
        warehouseId: 'wh-berlin',
        lines: [
          { lineId: 'jacket', sku: 'SKU-JACKET', expectedQuantity: 2 },
          { lineId: 'phone', sku: 'SKU-PHONE', expectedQuantity: 1 },
        ],
      }),
    ]);
  });

  it('holds an arrival that comes before its approval and opens the inspection once the approval is read', async () => {
    const { tx, inspections, expectedReturns, events, open } = setup();
    const approved = approvedReturn();

    await open.execute(tx, OpenInspectionCommand.arrived(arrival(approved, 'wh-hamburg')));
    expect(inspections.ofReturn(approved.returnId)).toBeUndefined();

    await open.execute(tx, OpenInspectionCommand.approved(approved));

    expect(inspections.ofReturn(approved.returnId)?.warehouseId).toBe('wh-hamburg');
    expect(expectedReturns.arrivals.size).toBe(0);
    expect(events.types).toEqual([InspectionOpened.eventType]);
  });

  it('opens nothing more for an approval or an arrival seen again', async () => {
    const { tx, events, open } = setup();
    const approved = approvedReturn();
    const arrived = arrival(approved, 'wh-berlin');

    await open.execute(tx, OpenInspectionCommand.approved(approved));
    await open.execute(tx, OpenInspectionCommand.arrived(arrived));
    await open.execute(tx, OpenInspectionCommand.approved(approved));
    await open.execute(tx, OpenInspectionCommand.arrived(arrived));

    expect(events.types).toEqual([InspectionOpened.eventType]);
  });

  it('expects only the lines sent back when the customer keeps some', async () => {
    const { tx, events, open } = setup();
    const approved = withResolutions(approvedReturn(), { phone: { kind: 'keep' } });

    await open.execute(tx, OpenInspectionCommand.approved(approved));
    await open.execute(tx, OpenInspectionCommand.arrived(arrival(approved, 'wh-berlin')));

    const [opened] = events.ofType(InspectionOpened);
    expect(opened.lines).toEqual([{ lineId: 'jacket', sku: 'SKU-JACKET', expectedQuantity: 2 }]);
  });

  it('remembers nothing and opens no inspection for a return whose every line the customer keeps', async () => {
    const { tx, inspections, expectedReturns, events, open } = setup();
    const approved = withResolutions(approvedReturn(), { jacket: { kind: 'keep' }, phone: { kind: 'keep' } });

    await open.execute(tx, OpenInspectionCommand.approved(approved));
    await open.execute(tx, OpenInspectionCommand.arrived(arrival(approved, 'wh-berlin')));

    expect(await expectedReturns.findReturn(approved.returnId)).toBeUndefined();
    expect(inspections.ofReturn(approved.returnId)).toBeUndefined();
    expect(events.published).toEqual([]);
  });

  it('refuses an approval that expects nothing', () => {
    expect(() => OpenInspectionCommand.approved(approvedReturn({ lines: [] }))).toThrow(DomainError);
  });
});
