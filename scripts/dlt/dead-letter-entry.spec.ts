import { REPLAY_HEADER, TransientError } from '@rebound/messaging';
import { describeDeadLetter, formatDeadLetter } from './dead-letter-entry';
import { deadLetter, readBack } from './test/dead-letters.fixture';

const DLT = 'refunds.dead-letter.v1';
const eventId = '6c1f6f0e-5d0b-4f7e-9a57-0d5e1c0a9b11';

describe('a dead letter as the tool shows it', () => {
  it('tells where it is, where it came from, which event it is and why it failed', () => {
    const entry = describeDeadLetter(readBack(deadLetter(DLT, { eventId, subject: 'return-1' }), 2, 17));

    expect(entry).toEqual({
      partition: 2,
      offset: '17',
      failedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      originalTopic: 'warehouse.inspection.v1',
      originalPartition: 1,
      originalOffset: '41',
      consumerGroup: 'refunds.main',
      eventType: 'InspectionCompleted',
      eventId,
      errorKind: 'permanent',
      errorClass: 'PermanentError',
      errorMessage: 'inspection of an unknown return',
      attempts: 1,
      failedOnReplay: false,
      key: 'return-1',
      value: '{"returnId":"return-1"}',
    });
    expect(formatDeadLetter(entry)).toBe(
      `2:17  ${entry.failedAt}  warehouse.inspection.v1 (refunds.main)  InspectionCompleted ${eventId}  permanent  PermanentError: inspection of an unknown return`,
    );
  });

  it('shows on one line how many attempts failed, a multi-line error, and that a replay failed again', () => {
    const message = deadLetter(DLT, {
      eventId,
      error: new TransientError('payment provider down\n  at refund (refund.ts:12)'),
      kind: 'transient',
      attempts: 5,
      headers: { [REPLAY_HEADER]: 'refunds.main' },
    });

    const line = formatDeadLetter(describeDeadLetter(readBack(message, 0, 3)));

    expect(line).toMatch(
      / {2}exhausted after 5 attempts, on replay {2}TransientError: payment provider down at refund \(refund\.ts:12\)$/,
    );
  });

  it('says "-" for what a message that is not a dead letter does not carry, and leaves it null in JSON', () => {
    const entry = describeDeadLetter({ topic: DLT, partition: 0, offset: '0', key: null, value: null, headers: {} });

    expect(entry).toMatchObject({ originalTopic: null, eventId: null, errorKind: null, attempts: null, key: null });
    expect(formatDeadLetter(entry)).toBe('0:0  -  - (-)  - -  -  -: -');
  });
});
