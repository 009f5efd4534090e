import { IncomingMessage } from '@rebound/kafka';
import { DeadLetterHeaders, REPLAY_HEADER, deadLetterMessage, isReplayFor, replayMessage } from './dead-letter';
import { PermanentError } from './error-classification';

const original: IncomingMessage = {
  topic: 'returns.return.v1',
  partition: 2,
  offset: '41',
  key: Buffer.from('return-1'),
  value: Buffer.from('{"returnId":"return-1"}'),
  headers: { ce_id: '6c1f6f0e-5d0b-4f7e-9a57-0d5e1c0a9b11', ce_type: 'ReturnApproved', traceparent: ['old', 'new'] },
};

/** The dead letter as the dead-letter topic hands it back: what was sent, at coordinates of its own. */
function asReadBack(message: ReturnType<typeof deadLetterMessage>): IncomingMessage {
  return { ...message, partition: 0, offset: '7', key: message.key as Buffer };
}

describe('dead letters', () => {
  const deadLetter = asReadBack(
    deadLetterMessage(
      original,
      'refunds.dead-letter.v1',
      'refunds.main',
      new PermanentError('no such return'),
      'permanent',
      1,
    ),
  );

  it('go back to their original topic with the original key, value and headers, marked as a replay for the group that dead-lettered them', () => {
    expect(replayMessage(deadLetter)).toEqual({
      topic: 'returns.return.v1',
      key: original.key,
      value: original.value,
      headers: {
        ce_id: '6c1f6f0e-5d0b-4f7e-9a57-0d5e1c0a9b11',
        ce_type: 'ReturnApproved',
        traceparent: 'new',
        [REPLAY_HEADER]: 'refunds.main',
      },
    });
  });

  it('name in a replay the group of the latest dead letter, not of an earlier replay', () => {
    const again = asReadBack(
      deadLetterMessage(
        { ...original, headers: { ...original.headers, [REPLAY_HEADER]: 'refunds.main' } },
        'refunds.dead-letter.v1',
        'refunds.audit',
        new Error('still failing'),
        'transient',
        5,
      ),
    );

    expect(replayMessage(again).headers[REPLAY_HEADER]).toBe('refunds.audit');
  });

  it('cannot be replayed without naming their original topic and group', () => {
    const { [DeadLetterHeaders.originalTopic]: _dropped, ...headers } = deadLetter.headers;

    expect(() => replayMessage({ ...deadLetter, headers })).toThrow(
      'refunds.dead-letter.v1 0:7 has no dlt-original-topic or dlt-consumer-group header: not a dead letter',
    );
  });

  it('count as a replay only for the group the replay header names', () => {
    const { headers } = replayMessage(deadLetter);

    expect(isReplayFor(headers, 'refunds.main')).toBe(true);
    expect(isReplayFor(headers, 'inventory.main')).toBe(false);
    expect(isReplayFor(original.headers, 'refunds.main')).toBe(false);
  });
});
