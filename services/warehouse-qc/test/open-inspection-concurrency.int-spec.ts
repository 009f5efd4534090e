/**
 * OpenInspection on real Postgres when a return's approval and its parcel's arrival are applied at
 * the same moment (they come on different topics, so two consumers apply them in two transactions):
 * each transaction must see the other's fact, or the parcel waits for an inspection that never opens.
 */
import { randomUUID } from 'node:crypto';
import { ParcelDeliveredToWarehouse } from '@rebound/contracts';
import { systemClock } from '@rebound/kernel';
import { Outbox } from '@rebound/messaging';
import { approvedReturnEvent } from '@rebound/testing';
import { OpenInspection } from '../src/domain/use-cases/open-inspection/open-inspection';
import { OpenInspectionCommand } from '../src/domain/use-cases/open-inspection/open-inspection.command';
import { qcTransaction } from '../src/persistence/qc-transactions';
import { useQcSchema } from './persistence/qc-schema';

jest.setTimeout(30_000);

describe('opening an inspection while the approval and the arrival are applied at once', () => {
  const dataSource = useQcSchema('qc_open_inspection_race');
  const outbox = new Outbox('/rebound/warehouse-qc');
  const openInspection = new OpenInspection(systemClock);

  async function until(condition: () => Promise<boolean>): Promise<void> {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it('opens exactly one inspection when the arrival is applied before the approval commits', async () => {
    const approved = approvedReturnEvent();
    const arrival = Object.assign(new ParcelDeliveredToWarehouse(), {
      pickupId: randomUUID(),
      returnId: approved.returnId,
      partnerId: 'parcelpoint',
      warehouseId: 'wh-berlin',
    });
    let approvalApplied!: () => void;
    const applied = new Promise<void>((resolve) => (approvalApplied = resolve));
    let commitApproval!: () => void;
    const committing = new Promise<void>((resolve) => (commitApproval = resolve));

    const approval = dataSource().transaction(async (manager) => {
      await openInspection.execute(qcTransaction(manager, outbox), OpenInspectionCommand.approved(approved));
      approvalApplied();
      await committing;
    });
    await applied;
    let arrivalDone = false;
    const arrivalApplied = dataSource()
      .transaction((manager) =>
        openInspection.execute(qcTransaction(manager, outbox), OpenInspectionCommand.arrived(arrival)),
      )
      .finally(() => (arrivalDone = true));
    // The arrival either finished on its own (seeing no approval) or waits for the approval's transaction.
    await until(
      async () =>
        arrivalDone ||
        (await dataSource().query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).length > 0,
    );
    commitApproval();
    await Promise.all([approval, arrivalApplied]);

    const inspections = await dataSource().query('SELECT warehouse_id FROM inspections WHERE return_id = $1', [
      approved.returnId,
    ]);
    expect(inspections).toEqual([{ warehouse_id: 'wh-berlin' }]);
    expect(await dataSource().query('SELECT 1 FROM early_arrivals WHERE return_id = $1', [approved.returnId])).toEqual(
      [],
    );
  });
});
