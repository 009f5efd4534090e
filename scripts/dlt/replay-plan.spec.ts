import { IncomingMessage, OutgoingMessage } from '@rebound/kafka';
import { Topics } from '@rebound/contracts';
import { DeadLetterHeaders, REPLAY_HEADER } from '@rebound/messaging';
import { ReplayRefusedError, planReplay } from './replay-plan';
import { TopicContents } from './topic-reader';
import { Failure, deadLetter, readBack } from './test/dead-letters.fixture';

const DLT = 'refunds.dead-letter.v1';
const ALL_TOPICS = new Set([Topics.warehouseInspection.name, Topics.returnsReturn.name]);
const [first, second, third] = [
  '6c1f6f0e-5d0b-4f7e-9a57-0d5e1c0a9b11',
  '0b5e2c1d-7a1f-4c3e-8d2b-5f6a7b8c9d0e',
  'f1e2d3c4-b5a6-4978-8a6b-5c4d3e2f1a0b',
];

/** A dead-letter topic of two partitions (the second one empty) holding these dead letters on partition 0. */
function topicOf(...failures: { failure: Failure; failedAt: string }[]): TopicContents {
  const messages = failures.map(({ failure, failedAt }, offset) => {
    const message = deadLetter(DLT, failure);
    return readBack({ ...message, headers: { ...message.headers, [DeadLetterHeaders.failedAt]: failedAt } }, 0, offset);
  });
  return {
    topic: DLT,
    partitions: [
      { partition: 0, start: 0, end: messages.length },
      { partition: 1, start: 4, end: 4 },
    ],
    messages,
  };
}

const contents = topicOf(
  { failure: { eventId: first }, failedAt: '2030-03-04T08:00:00.000Z' },
  { failure: { eventId: second, topic: Topics.returnsReturn.name }, failedAt: '2030-03-04T08:01:00.000Z' },
  // The first event's replay failed again.
  { failure: { eventId: first, headers: { [REPLAY_HEADER]: 'refunds.main' } }, failedAt: '2030-03-04T09:00:00.000Z' },
  // The same event dead-lettered by another group of the service.
  { failure: { eventId: first, groupId: 'refunds.audit' }, failedAt: '2030-03-04T08:30:00.000Z' },
);

function replayed(plan: ReturnType<typeof planReplay>): string[] {
  return plan.map(({ deadLetter: message }) => `${message.partition}:${message.offset}`);
}

function refusal(work: () => unknown): readonly string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ReplayRefusedError) return error.problems;
    throw error;
  }
  throw new Error('the replay was not refused');
}

describe('planning a replay', () => {
  it('sends each dead letter back to its original topic as the original message, marked for its group', () => {
    const [planned] = planReplay(
      contents,
      { kind: 'some', offsets: [{ partition: 0, offset: 1 }], eventIds: [] },
      ALL_TOPICS,
    );
    const original: IncomingMessage = contents.messages[1];

    expect(planned.deadLetter).toBe(original);
    expect(planned.replay).toEqual<OutgoingMessage>({
      topic: Topics.returnsReturn.name,
      key: original.key,
      value: original.value,
      headers: {
        ce_id: second,
        ce_type: 'InspectionCompleted',
        ce_source: '/rebound/warehouse-qc',
        ce_subject: expect.any(String),
        ce_time: '2030-03-04T08:00:00.000Z',
        ce_specversion: '1.0',
        'content-type': 'application/json',
        [REPLAY_HEADER]: 'refunds.main',
      },
    });
  });

  it('replays exactly the dead letters named by coordinates, in topic order', () => {
    const plan = planReplay(
      contents,
      {
        kind: 'some',
        offsets: [
          { partition: 0, offset: 2 },
          { partition: 0, offset: 0 },
        ],
        eventIds: [],
      },
      ALL_TOPICS,
    );

    expect(replayed(plan)).toEqual(['0:0', '0:2']);
  });

  it('replays the latest dead letter of an event per consumer group, once even when also named by coordinates', () => {
    const plan = planReplay(
      contents,
      { kind: 'some', offsets: [{ partition: 0, offset: 2 }], eventIds: [first] },
      ALL_TOPICS,
    );

    expect(replayed(plan)).toEqual(['0:2', '0:3']);
    expect(plan.map(({ replay }) => replay.headers[REPLAY_HEADER])).toEqual(['refunds.main', 'refunds.audit']);
  });

  it('replays the latest dead letter of every event with --all', () => {
    expect(replayed(planReplay(contents, { kind: 'all' }, ALL_TOPICS))).toEqual(['0:1', '0:2', '0:3']);
  });

  it('has nothing to replay from an empty topic', () => {
    expect(planReplay(topicOf(), { kind: 'all' }, ALL_TOPICS)).toEqual([]);
  });

  it('refuses the whole replay, naming each dead letter it cannot find and what the topic holds', () => {
    const problems = refusal(() =>
      planReplay(
        contents,
        {
          kind: 'some',
          offsets: [
            { partition: 0, offset: 0 },
            { partition: 0, offset: 9 },
            { partition: 1, offset: 4 },
            { partition: 7, offset: 0 },
          ],
          eventIds: [third],
        },
        ALL_TOPICS,
      ),
    );

    expect(problems).toEqual([
      `no dead letter at 0:9 in ${DLT}: partition 0 holds offsets 0 to 3`,
      `no dead letter at 1:4 in ${DLT}: partition 1 holds none`,
      `no dead letter at 7:0 in ${DLT}: it has partitions 0 to 1`,
      `no dead letter of event ${third} in ${DLT}`,
    ]);
  });

  it('refuses to replay a message that does not say where it came from, or to a topic that is gone', () => {
    const stranger = readBack({ topic: DLT, key: null, value: Buffer.from('{}'), headers: {} }, 0, 4);
    const withStranger: TopicContents = {
      ...contents,
      partitions: [{ partition: 0, start: 0, end: 5 }],
      messages: [...contents.messages, stranger],
    };

    expect(
      refusal(() => planReplay(withStranger, { kind: 'all' }, new Set([Topics.warehouseInspection.name]))),
    ).toEqual([
      `0:1 came from ${Topics.returnsReturn.name}, which no longer exists`,
      `${DLT} 0:4 has no dlt-original-topic or dlt-consumer-group header: not a dead letter`,
    ]);
  });
});
