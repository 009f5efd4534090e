import { TestClock } from '@rebound/kernel/testing';
import { InMemoryRefundsState } from '../../../../test/fakes/in-memory-refunds';
import { approvedReturn, exchangeResolution, withResolutions } from '../../../../test/support/fixtures';
import { RecordApproval } from '../record-approval/record-approval';
import { ChangeLineResolution } from './change-line-resolution';

const clock = new TestClock(new Date('2026-12-01T10:00:00Z'));

describe('ChangeLineResolution', () => {
  it('changes the kept terms of the line, so it is paid by its new resolution', async () => {
    const state = new InMemoryRefundsState();
    const approved = approvedReturn();
    await new RecordApproval(clock).execute(
      state.transaction(),
      withResolutions(approved, { jacket: exchangeResolution(approved.lines[0], { unitPriceMinor: 9999 }) }),
    );

    await new ChangeLineResolution().execute(state.transaction(), {
      returnId: approved.returnId,
      lineId: 'jacket',
      resolution: { kind: 'refund' },
    });

    expect(state.approvals.get(approved.returnId)?.lines.map((line) => [line.lineId, line.resolution.kind])).toEqual([
      ['jacket', 'refund'],
      ['scarf', 'refund'],
    ]);
  });
});
