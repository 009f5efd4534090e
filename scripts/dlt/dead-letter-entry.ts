/**
 * One dead letter as the tool shows it: where it sits in the dead-letter topic, where it came from,
 * which event it is and why it failed, read from the headers the consumer wrote (libs/messaging
 * dead-letter.ts). A field the message does not carry (an undecodable message has no event type) is
 * null, never guessed.
 */
import { IncomingMessage } from '@rebound/kafka';
import { EventHeaders, headerText } from '@rebound/contracts';
import { DeadLetterHeaders, REPLAY_HEADER } from '@rebound/messaging';

export interface DeadLetterEntry {
  readonly partition: number;
  readonly offset: string;
  readonly failedAt: string | null;
  readonly originalTopic: string | null;
  readonly originalPartition: number | null;
  readonly originalOffset: string | null;
  readonly consumerGroup: string | null;
  readonly eventType: string | null;
  readonly eventId: string | null;
  /** `permanent` or `exhausted` (every retry failed). */
  readonly errorKind: string | null;
  readonly errorClass: string | null;
  readonly errorMessage: string | null;
  readonly attempts: number | null;
  /** The message was itself a replay of an earlier dead letter: the fix did not help. */
  readonly failedOnReplay: boolean;
  readonly key: string | null;
  readonly value: string | null;
}

export function describeDeadLetter(message: IncomingMessage): DeadLetterEntry {
  const header = (name: string) => headerText(message.headers, name) ?? null;
  const number = (name: string) => {
    const text = header(name);
    return text !== null && /^\d+$/.test(text) ? Number(text) : null;
  };
  return {
    partition: message.partition,
    offset: message.offset,
    failedAt: header(DeadLetterHeaders.failedAt),
    originalTopic: header(DeadLetterHeaders.originalTopic),
    originalPartition: number(DeadLetterHeaders.originalPartition),
    originalOffset: header(DeadLetterHeaders.originalOffset),
    consumerGroup: header(DeadLetterHeaders.consumerGroup),
    eventType: header(EventHeaders.type),
    eventId: header(EventHeaders.id),
    errorKind: header(DeadLetterHeaders.errorKind),
    errorClass: header(DeadLetterHeaders.errorClass),
    errorMessage: header(DeadLetterHeaders.errorMessage),
    attempts: number(DeadLetterHeaders.attempts),
    failedOnReplay: header(REPLAY_HEADER) !== null,
    key: message.key?.toString('utf8') ?? null,
    value: message.value?.toString('utf8') ?? null,
  };
}

/**
 * `<partition>:<offset>  <failed at>  <original topic> (<group>)  <event type> <event id>  <kind>  <class>: <message>`,
 * on one line whatever the error message holds; `-` stands for what the dead letter does not say.
 */
export function formatDeadLetter(entry: DeadLetterEntry): string {
  const text = (value: string | null) => value ?? '-';
  const kind = [
    text(entry.errorKind),
    entry.attempts !== null && entry.attempts > 1 ? ` after ${entry.attempts} attempts` : '',
    entry.failedOnReplay ? ', on replay' : '',
  ].join('');
  const error = `${text(entry.errorClass)}: ${text(entry.errorMessage).replace(/\s+/g, ' ').trim()}`;
  return [
    `${entry.partition}:${entry.offset}`,
    text(entry.failedAt),
    `${text(entry.originalTopic)} (${text(entry.consumerGroup)})`,
    `${text(entry.eventType)} ${text(entry.eventId)}`,
    kind,
    error,
  ].join('  ');
}
