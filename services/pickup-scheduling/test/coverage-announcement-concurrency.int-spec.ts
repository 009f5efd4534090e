/**
 * A partner's change and the start-up announcement of every partner's coverage, on real Postgres, at
 * the same moment (an admin changes a partner while a replica starts). returns-intake keeps the
 * announcement with the latest `changedAt`: that one must carry the partner's terms as they now are,
 * or returns are judged against terms the partner no longer has until its next change.
 */
import { PartnerCoverageChanged } from '@rebound/contracts';
import type { Clock } from '@rebound/kernel';
import { RecordingEventSink, TestClock } from '@rebound/kernel/testing';
import { Outbox } from '@rebound/messaging';
import type { EntityManager } from 'typeorm';
import { AnnounceCoverage } from '../src/domain/use-cases/announce-coverage/announce-coverage';
import { ChangePartner } from '../src/domain/use-cases/change-partner/change-partner';
import { ChangePartnerCommand } from '../src/domain/use-cases/change-partner/change-partner.command';
import { pickupsTransaction } from '../src/persistence/pickups-transactions';
import { berlinTerms, SETTINGS } from './fakes/in-memory-pickups';
import { usePickupsSchema } from './persistence/pickups-schema';

jest.setTimeout(30_000);

const ADMIN = { subject: 'admin-1', clientId: 'console' };
const T0 = new Date('2030-01-01T09:00:00Z');
const WIDER = berlinTerms({ serviceAreas: [{ country: 'DE', postalPrefixes: ['10', '20'] }] });

describe('announcing coverage while a partner is changed', () => {
  const dataSource = usePickupsSchema('pickups_coverage_race', ['p-change-first', 'p-announce-first']);
  const outbox = new Outbox('/rebound/pickup-scheduling');

  async function until(condition: () => Promise<boolean>): Promise<void> {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Runs `work` in a transaction held open until `commit` is called; `done` once `work` finished. */
  function heldOpen<T>(work: (manager: EntityManager) => Promise<T>) {
    let applied!: () => void;
    const done = new Promise<void>((resolve) => (applied = resolve));
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    const transaction = dataSource().transaction(async (manager) => {
      await work(manager);
      applied();
      await committing;
    });
    return { done, commit, transaction };
  }

  /** Starts `work` in a transaction; resolves once it finished or waits on a lock. */
  async function startedUntilDoneOrWaiting(work: (manager: EntityManager) => Promise<unknown>) {
    let finished = false;
    let pid: number | undefined;
    const transaction = dataSource()
      .transaction(async (manager) => {
        [{ pid }] = await manager.query('SELECT pg_backend_pid() AS pid');
        await work(manager);
      })
      .finally(() => (finished = true));
    await until(
      async () =>
        finished ||
        (pid !== undefined &&
          (await dataSource().query('SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted', [pid])).length > 0),
    );
    // Wrapped: an async function returning the promise itself would wait for it to settle.
    return { transaction };
  }

  function kept(sink: RecordingEventSink, partnerId: string): PartnerCoverageChanged {
    const announced = sink.ofType(PartnerCoverageChanged).filter((coverage) => coverage.partnerId === partnerId);
    return [...announced].sort((a, b) => a.changedAt.localeCompare(b.changedAt)).at(-1) as PartnerCoverageChanged;
  }

  const on = (sink: RecordingEventSink) => (manager: EntityManager) => ({
    ...pickupsTransaction(manager, outbox),
    events: sink,
  });

  it('announces the changed terms last when the start-up announcement reads while the change commits', async () => {
    const sink = new RecordingEventSink();
    const tx = on(sink);
    const change = heldOpen((manager) =>
      new ChangePartner(new TestClock(T0), SETTINGS).execute(
        tx(manager),
        ChangePartnerCommand.of('p-change-first', WIDER, ADMIN),
      ),
    );
    await change.done;
    const announcement = await startedUntilDoneOrWaiting((manager) =>
      new AnnounceCoverage(new TestClock(new Date(T0.getTime() + 1000)), SETTINGS).execute(tx(manager)),
    );
    change.commit();
    await Promise.all([change.transaction, announcement.transaction]);

    expect(kept(sink, 'p-change-first').serviceAreas).toEqual(WIDER.serviceAreas);
  });

  it('announces the changed terms last when the change waits for the start-up announcement', async () => {
    const sink = new RecordingEventSink();
    const tx = on(sink);
    const announcement = heldOpen((manager) =>
      new AnnounceCoverage(new TestClock(new Date(T0.getTime() + 1000)), SETTINGS).execute(tx(manager)),
    );
    await announcement.done;
    // The admin's request arrives before the announcement commits, and is carried out after it.
    let changeTime = T0;
    const clock: Clock = { now: () => changeTime };
    const change = await startedUntilDoneOrWaiting((manager) =>
      new ChangePartner(clock, SETTINGS).execute(
        tx(manager),
        ChangePartnerCommand.of('p-announce-first', WIDER, ADMIN),
      ),
    );
    changeTime = new Date(T0.getTime() + 2000);
    announcement.commit();
    await Promise.all([announcement.transaction, change.transaction]);

    expect(kept(sink, 'p-announce-first').serviceAreas).toEqual(WIDER.serviceAreas);
  });
});
