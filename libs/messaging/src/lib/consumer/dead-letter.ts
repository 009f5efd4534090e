/**
 * What a dead-lettered message carries besides the original key, value and headers, and how a dead
 * letter goes back to its original topic once the cause is fixed (the replay tool, scripts/dlt).
 */
import { RawHeaders, headerText } from '@rebound/contracts';
import { IncomingMessage, OutgoingMessage } from '@rebound/kafka';
import { ErrorClass, errorMessage, errorName } from './error-classification';

export const DeadLetterHeaders = {
  originalTopic: 'dlt-original-topic',
  originalPartition: 'dlt-original-partition',
  originalOffset: 'dlt-original-offset',
  consumerGroup: 'dlt-consumer-group',
  errorClass: 'dlt-error-class',
  errorMessage: 'dlt-error-message',
  /** `permanent` (retrying cannot help) or `exhausted` (transient, but every retry failed). */
  errorKind: 'dlt-error-kind',
  attempts: 'dlt-attempts',
  failedAt: 'dlt-failed-at',
} as const;

/**
 * On a dead letter sent back to its original topic: the consumer group that dead-lettered it. The
 * inbox remembers a dead-lettered event so that a mere redelivery is not tried again; a copy carrying
 * this header with the group's own id is a deliberate second try, and may take that entry over (see
 * `recordInInbox`). Every other group treats the copy as the redelivery it is to them.
 */
export const REPLAY_HEADER = 'rebound-replay';

const DEAD_LETTER_HEADER_NAMES: ReadonlySet<string> = new Set(Object.values(DeadLetterHeaders));
const MAX_ERROR_MESSAGE = 4000;

export function deadLetterMessage(
  message: IncomingMessage,
  deadLetterTopic: string,
  groupId: string,
  error: unknown,
  kind: ErrorClass,
  attempts: number,
): OutgoingMessage {
  const headers = singleValuedHeaders(message.headers);
  Object.assign(headers, {
    [DeadLetterHeaders.originalTopic]: message.topic,
    [DeadLetterHeaders.originalPartition]: String(message.partition),
    [DeadLetterHeaders.originalOffset]: message.offset,
    [DeadLetterHeaders.consumerGroup]: groupId,
    [DeadLetterHeaders.errorClass]: errorName(error),
    [DeadLetterHeaders.errorMessage]: errorMessage(error).slice(0, MAX_ERROR_MESSAGE),
    [DeadLetterHeaders.errorKind]: kind === 'permanent' ? 'permanent' : 'exhausted',
    [DeadLetterHeaders.attempts]: String(attempts),
    [DeadLetterHeaders.failedAt]: new Date().toISOString(),
  });
  return { topic: deadLetterTopic, key: message.key, value: message.value, headers };
}

/**
 * A dead letter as it goes back to its original topic: the original key, value and headers, without
 * the dead-letter headers, marked as a replay for the group that dead-lettered it. Throws for a
 * message that does not name its original topic and group (not written by `deadLetterMessage`).
 */
export function replayMessage(deadLetter: IncomingMessage): OutgoingMessage {
  const topic = headerText(deadLetter.headers, DeadLetterHeaders.originalTopic);
  const groupId = headerText(deadLetter.headers, DeadLetterHeaders.consumerGroup);
  if (!topic || !groupId) {
    throw new Error(
      `${deadLetter.topic} ${deadLetter.partition}:${deadLetter.offset} has no ${DeadLetterHeaders.originalTopic} ` +
        `or ${DeadLetterHeaders.consumerGroup} header: not a dead letter`,
    );
  }
  const headers = singleValuedHeaders(deadLetter.headers);
  for (const name of DEAD_LETTER_HEADER_NAMES) delete headers[name];
  headers[REPLAY_HEADER] = groupId;
  return { topic, key: deadLetter.key, value: deadLetter.value, headers };
}

/** Whether the message is a replay of a dead letter of `groupId`'s (see REPLAY_HEADER). */
export function isReplayFor(headers: RawHeaders, groupId: string): boolean {
  return headerText(headers, REPLAY_HEADER) === groupId;
}

/** Headers as a producer takes them; of a header repeated on the way in, the last value counts. */
function singleValuedHeaders(raw: RawHeaders): Record<string, string | Buffer> {
  const headers: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(raw)) {
    const single = Array.isArray(value) ? value[value.length - 1] : value;
    if (single !== undefined) headers[name] = single;
  }
  return headers;
}
