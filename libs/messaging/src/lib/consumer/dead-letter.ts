/** What a dead-lettered message carries besides the original key, value and headers. */
import { IncomingMessage, OutgoingMessage } from '../broker/message-broker.port';
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

const MAX_ERROR_MESSAGE = 4000;

export function deadLetterMessage(
  message: IncomingMessage,
  deadLetterTopic: string,
  groupId: string,
  error: unknown,
  kind: ErrorClass,
  attempts: number,
): OutgoingMessage {
  const headers: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    const single = Array.isArray(value) ? value[value.length - 1] : value;
    if (single !== undefined) headers[name] = single;
  }
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
